// The set of actions a workflow may call: the built-ins plus the workspace's own. Immutable:
// adding workspace actions makes a new catalog, so an analysis never sees a half-updated one.

import type { ActionDefinition } from './action-definition.ts';
import { BUILTIN_ACTIONS } from './builtin-actions.ts';

export class ActionCatalog {
  private readonly byName: ReadonlyMap<string, ActionDefinition>;

  /** Later definitions replace earlier ones of the same name (a workspace action may shadow a built-in). */
  constructor(definitions: readonly ActionDefinition[]) {
    const byName = new Map<string, ActionDefinition>();
    for (const definition of definitions) byName.set(definition.name, definition);
    this.byName = byName;
  }

  private static builtinCatalog: ActionCatalog | undefined;

  static builtin(): ActionCatalog {
    ActionCatalog.builtinCatalog ??= new ActionCatalog(BUILTIN_ACTIONS);
    return ActionCatalog.builtinCatalog;
  }

  get(name: string): ActionDefinition | undefined {
    return this.byName.get(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  list(): readonly ActionDefinition[] {
    return [...this.byName.values()];
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  withActions(extra: readonly ActionDefinition[]): ActionCatalog {
    return new ActionCatalog([...this.byName.values(), ...extra]);
  }
}
