// The actions a run can call: the built-in implementations plus workspace actions loaded from
// `actions/` folders, with the catalog (metadata the analyzer and LLM tools need) kept in step.
// Built-in implementations are "trusted": they honour abort signals and return JSON, so the
// engine neither races nor checks them on the hot path.

import { BUILTIN_ACTION_IMPLEMENTATIONS, loadWorkspaceActions, type ActionImplementation } from '../actions/index.ts';
import { ActionCatalog } from '../catalog/action-catalog.ts';
import type { ActionDefinition } from '../catalog/action-definition.ts';
import type { JsonSchema } from '../catalog/json-schema.ts';

export interface ActionRegistry {
  actions: ReadonlyMap<string, ActionImplementation>;
  trusted: ReadonlySet<ActionImplementation>;
  catalog: ActionCatalog;
  /** Workspace modules that could not be loaded, with why. */
  errors: { file: string; message: string }[];
}

const BUILTIN_TRUSTED: ReadonlySet<ActionImplementation> = new Set(BUILTIN_ACTION_IMPLEMENTATIONS.values());

export function builtinActionRegistry(): ActionRegistry {
  return { actions: BUILTIN_ACTION_IMPLEMENTATIONS, trusted: BUILTIN_TRUSTED, catalog: ActionCatalog.builtin(), errors: [] };
}

/** Built-ins plus every workspace action found in `dirs` (missing folders are fine). Runs the modules: trusted workspaces only. */
export async function loadActionRegistry(dirs: readonly string[]): Promise<ActionRegistry> {
  const actions = new Map(BUILTIN_ACTION_IMPLEMENTATIONS);
  const definitions: ActionDefinition[] = [];
  const errors: { file: string; message: string }[] = [];
  for (const dir of dirs) {
    const loaded = await loadWorkspaceActions(dir, actions.keys());
    errors.push(...loaded.errors);
    for (const action of loaded.actions) {
      actions.set(action.name, action);
      definitions.push({
        name: action.name,
        description: action.description,
        parameters: action.parameters as JsonSchema,
        output: action.output as JsonSchema,
        sideEffects: action.sideEffects,
        retryableErrors: [],
        errors: [],
        source: 'workspace',
        file: action.file,
      });
    }
  }
  return { actions, trusted: BUILTIN_TRUSTED, catalog: ActionCatalog.builtin().withActions(definitions), errors };
}
