// What the runtime, the analyzer and the language server know about an action without running
// it: its name, documentation, parameter and output schemas, and how it can fail. Built-in and
// workspace actions share this shape; only the engine's action registry adds a `run` function.

import type { JsonSchema } from './json-schema.ts';

export interface ActionDefinition {
  /** The name written in `config.type` of an action step, e.g. `http.request`. */
  readonly name: string;
  /** One or two sentences for hovers and completion items. */
  readonly description: string;
  /** Schema of `config.parameters`: an object schema, closed (`additionalProperties: false`) unless the action takes arbitrary keys. */
  readonly parameters: JsonSchema;
  /** Schema of the step's `output`; open shapes (unknown keys possible) give warnings, not errors. */
  readonly output: JsonSchema;
  /** Whether running it changes the world; side-effecting actions receive an idempotency key. */
  readonly sideEffects: boolean;
  /** Error codes after which a retry may succeed (the step's retry policy decides whether to retry). */
  readonly retryableErrors: readonly string[];
  /** Every error code the action can fail with (spec §9 style: stable, kebab-case). */
  readonly errors: readonly string[];
  /** Parameter objects that are valid for this action, shown in documentation and completion. */
  readonly examples?: readonly Record<string, unknown>[];
  readonly source: 'builtin' | 'workspace';
  /** The module that defines a workspace action. */
  readonly file?: string;
}
