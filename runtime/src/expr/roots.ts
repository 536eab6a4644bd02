// The root names an expression can start from (spec §5), with words for completion and hover.
// Which roots exist at a given place (a loop's `loop` and item alias) is the analyzer's call.

export interface RootInfo {
  readonly description: string;
  /** Known fields directly under the root (open-ended roots such as `input` have none here). */
  readonly fields: Readonly<Record<string, string>>;
}

export const EXPRESSION_ROOTS: Readonly<Record<string, RootInfo>> = Object.freeze({
  input: { description: "The run's input (the trigger's output).", fields: {} },
  steps: { description: 'The records of steps that ran: steps.<slug>.output, error, status, attempts, durationMs.', fields: {} },
  vars: { description: 'Workflow variables (initial `vars`, updated by set_variables).', fields: {} },
  loop: {
    description: 'The current loop iteration (only inside a loop body).',
    fields: { item: 'The current item.', index: 'The 0-based index of the current item.', parent: 'The enclosing loop (item, index, parent).' },
  },
  secrets: { description: 'Secret values by name (declared in `secrets`); never shown in traces.', fields: {} },
  execution: { description: 'The current run.', fields: { id: 'The run id.', startedAt: 'When the run started (ISO 8601).' } },
  workflow: { description: 'The workflow.', fields: { name: "The workflow's name." } },
  $now: { description: 'The current time as an ISO 8601 string.', fields: {} },
});

/** The fields of a step record: `steps.<slug>.<field>`. */
export const STEP_RECORD_FIELDS: Readonly<Record<string, string>> = Object.freeze({
  output: "The step's output.",
  error: "The step's error ({ code, message }) when it took its error port.",
  status: "The step's status.",
  attempts: 'How many attempts the step took.',
  durationMs: 'How long the step took, in milliseconds.',
});

export function isRootName(name: string): boolean {
  return Object.hasOwn(EXPRESSION_ROOTS, name);
}
