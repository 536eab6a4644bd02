// The one error type an llm step can fail with. Each failure has a stable `code` that traces,
// the CLI's `--json` events and retry policies key on, and says whether retrying can help.

export type LlmErrorCode =
  /** No ANTHROPIC_API_KEY was available to the run. */
  | 'missing-api-key'
  /** The step's settings cannot be sent (bad maxTokens, colliding tool names, a broken outputSchema). */
  | 'llm-invalid-config'
  /** The API rejected the key (401) or the key may not do this (403). */
  | 'llm-auth'
  /** The API rejected the request itself (400, 404, 413 and other 4xx). */
  | 'llm-bad-request'
  /** 429: too many requests or tokens; retryable after a pause. */
  | 'llm-rate-limited'
  /** 5xx, 529 overloaded, 408/409: the service had a problem; retryable. */
  | 'llm-server-error'
  /** The API could not be reached (DNS, refused connection, reset). */
  | 'llm-connection'
  /** With `outputFormat: json`, the answer held no parseable JSON. */
  | 'llm-invalid-json'
  /** With `outputFormat: json`, the JSON did not validate against `outputSchema`. */
  | 'llm-schema-violation'
  /** The model kept asking for tools beyond `maxToolRounds`. */
  | 'llm-tool-loop'
  /** The run (or the user) cancelled the step. */
  | 'aborted'
  /** The step ran out of time. */
  | 'timeout'
  /** Anything else the client library threw; a bug or an unexpected environment. */
  | 'llm-client';

export interface LlmErrorOptions {
  retryable?: boolean;
  status?: number;
  /** From a 429's `retry-after` header, so the engine's backoff can wait at least this long. */
  retryAfterMs?: number;
  /** Machine-readable facts, e.g. the failing schema paths of a violation. */
  details?: Record<string, unknown>;
  /** Tokens already spent when the step failed after at least one successful call. */
  usage?: { inputTokens: number; outputTokens: number };
}

export class LlmError extends Error {
  readonly code: LlmErrorCode;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly details?: Record<string, unknown>;
  usage?: { inputTokens: number; outputTokens: number };

  constructor(code: LlmErrorCode, message: string, options: LlmErrorOptions = {}) {
    // No `cause`: a library error's text is not ours to vouch for, and nothing secret may ride along.
    super(message);
    this.name = 'LlmError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    if (options.status !== undefined) this.status = options.status;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.details !== undefined) this.details = options.details;
    if (options.usage !== undefined) this.usage = options.usage;
  }

  /** The `{ code, message }` pair that traces and `--json` events carry. */
  toJSON(): { code: LlmErrorCode; message: string; retryable: boolean; status?: number } {
    return { code: this.code, message: this.message, retryable: this.retryable, ...(this.status === undefined ? {} : { status: this.status }) };
  }
}

export function isLlmError(value: unknown): value is LlmError {
  return value instanceof LlmError;
}
