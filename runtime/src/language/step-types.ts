// The step types of spec §3 as data: their ports, their config keys and a line of documentation.
// The analyzer, the schema drift test, completion and hover all read this one table.

export const STEP_TYPES = ['trigger', 'action', 'llm', 'condition', 'loop', 'parallel', 'approval', 'workflow'] as const;
export type StepType = (typeof STEP_TYPES)[number];

export interface StepTypeInfo {
  readonly ports: readonly string[];
  readonly description: string;
  /** Whether `retry` and `timeoutMs` apply to this step type. */
  readonly retries: boolean;
}

export const STEP_TYPE_INFO: Record<StepType, StepTypeInfo> = {
  trigger: { ports: ['success'], retries: false, description: 'Starts the workflow: manual, on a schedule, on a webhook or on an event. Its output is the run input.' },
  action: { ports: ['success', 'error'], retries: true, description: 'Runs an action from the catalog (or a workspace action) with templated parameters.' },
  llm: { ports: ['success', 'error'], retries: true, description: 'Asks a language model; text or JSON output validated against `outputSchema`, with optional tools.' },
  condition: { ports: ['true', 'false', 'error'], retries: false, description: 'Evaluates `expression` and takes `true` or `false`.' },
  loop: { ports: ['next', 'done', 'error'], retries: false, description: 'Runs the `next` branch once per item of `items`, then takes `done`.' },
  parallel: { ports: ['done', 'error'], retries: false, description: 'Runs every branch concurrently from its entry step; takes `done` when all finish.' },
  approval: { ports: ['approved', 'rejected', 'timeout'], retries: false, description: 'Waits for a person to approve or reject (or for `timeoutMs`).' },
  workflow: { ports: ['success', 'error'], retries: true, description: 'Runs another workflow file as a sub-workflow with templated `input`.' },
};

/** Targets that are not steps: `end` completes the run, `fail` fails it. */
export const RESERVED_TARGETS = ['end', 'fail'] as const;

export const SLUG_PATTERN = /^[a-z][a-z0-9_]*$/;

export function isStepType(value: unknown): value is StepType {
  return typeof value === 'string' && (STEP_TYPES as readonly string[]).includes(value);
}
