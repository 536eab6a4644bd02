// The error an action throws when it fails in a way the workflow can route: the step takes
// its `error` port with `{ code, message }`, and the engine retries only when `retryable`.

export interface ActionErrorOptions {
  retryable?: boolean;
  /** Machine-readable facts (an HTTP status, a record id); they go to the trace. */
  details?: unknown;
  cause?: unknown;
}

export class ActionError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly details?: unknown;

  constructor(code: string, message: string, options: ActionErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ActionError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    if (options.details !== undefined) this.details = options.details;
  }
}

/** The error for parameters that do not fit the action, whatever a template produced. */
export function invalidParameters(action: string, message: string): ActionError {
  return new ActionError('invalid-parameters', `${action}: ${message}`);
}
