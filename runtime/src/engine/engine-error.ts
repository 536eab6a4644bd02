// The errors the engine's API throws before or around a run (bad workflow, bad input, unknown or
// finished run, changed workflow file). Each has a stable `code` so the CLI can map it to an exit
// status and print its message without a stack trace. Failures *inside* a run are not thrown:
// they become the run's `error` ({ code, message }).

import type { Diagnostic } from '../language/diagnostic.ts';

export type EngineErrorCode =
  /** The workflow has error-severity diagnostics or cannot be run at all (no trigger...). */
  | 'invalid-workflow'
  /** The run input is missing required fields or has ill-typed ones. */
  | 'invalid-input'
  /** The workflow file cannot be read. */
  | 'workflow-not-found'
  /** No run has this id (or id prefix). */
  | 'run-not-found'
  /** Several runs start with this prefix. */
  | 'run-ambiguous'
  /** `resume` of a run that already completed, failed or was cancelled. */
  | 'run-finished'
  /** The workflow file changed since the run started, so its trace no longer fits it. */
  | 'workflow-changed'
  /** The committed trace does not fit the workflow (a record names a step the run is not at). */
  | 'resume-mismatch';

export interface EngineErrorOptions {
  diagnostics?: Diagnostic[];
  /** Every problem, one per entry (input validation lists them all). */
  problems?: string[];
  cause?: unknown;
}

export class EngineError extends Error {
  readonly code: EngineErrorCode;
  readonly diagnostics: Diagnostic[];
  readonly problems: string[];

  constructor(code: EngineErrorCode, message: string, options: EngineErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EngineError';
    this.code = code;
    this.diagnostics = options.diagnostics ?? [];
    this.problems = options.problems ?? [];
  }
}
