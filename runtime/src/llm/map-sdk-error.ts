// Turns whatever the Anthropic SDK throws into an LlmError with a stable code and an honest
// `retryable`. The SDK's own retries are off: the engine owns retry policy, so it must be able
// to tell a 529 (try again) from a 401 (never will work) from the code alone.

import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { LlmError } from './llm-error.ts';
import type { Redactor } from './redact-secrets.ts';

export interface SdkErrorContext {
  signal?: AbortSignal;
  /** Shown in connection errors, without any credentials it might carry; absent means the SDK's default. */
  baseURL?: string;
  redact: Redactor;
}

const API_MESSAGE_LIMIT = 300;

export function mapSdkError(error: unknown, context: SdkErrorContext): LlmError {
  if (error instanceof LlmError) return error;
  if (context.signal?.aborted || error instanceof APIUserAbortError) return abortedError(context.signal);
  if (error instanceof APIConnectionTimeoutError) {
    return new LlmError('timeout', 'The request to the Anthropic API timed out.', { retryable: true });
  }
  if (error instanceof APIConnectionError) {
    const cause = describeCause(error);
    return new LlmError(
      'llm-connection',
      context.redact(`Could not reach the Anthropic API${context.baseURL ? ` at ${safeOrigin(context.baseURL)}` : ''}${cause ? `: ${cause}` : ''}.`),
      { retryable: true },
    );
  }
  if (error instanceof APIError && typeof error.status === 'number') return statusError(error, error.status, context.redact);
  const text = error instanceof Error ? error.message : String(error);
  return new LlmError('llm-client', context.redact(`The Anthropic client failed: ${text}`));
}

/** The error for a step cancelled through its signal: `timeout` when the signal says so, else `aborted`. */
export function abortedError(signal: AbortSignal | undefined): LlmError {
  const reason: unknown = signal?.reason;
  const isTimeout =
    typeof reason === 'object' &&
    reason !== null &&
    ((reason as { name?: unknown }).name === 'TimeoutError' || (reason as { code?: unknown }).code === 'timeout');
  return isTimeout
    ? new LlmError('timeout', 'The llm step timed out before the model answered.', { retryable: true })
    : new LlmError('aborted', 'The llm step was cancelled before the model answered.');
}

function statusError(error: APIError, status: number, redact: Redactor): LlmError {
  const detail = apiDetail(error, redact);
  if (status === 401) {
    // Deliberately not the API's text: some proxies echo the credential they refused.
    return new LlmError(
      'llm-auth',
      'The Anthropic API rejected the API key (401 authentication error). Check the value of ANTHROPIC_API_KEY.',
      { status },
    );
  }
  if (status === 403) {
    return new LlmError('llm-auth', `The API key is not allowed to make this request (403)${detail}.`, { status });
  }
  if (status === 429) {
    const retryAfterMs = retryAfter(error.headers);
    return new LlmError('llm-rate-limited', `The Anthropic API is rate limiting this key (429)${detail}.`, {
      status,
      retryable: true,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  if (status === 529) {
    return new LlmError('llm-server-error', `The Anthropic API is overloaded (529)${detail}.`, { status, retryable: true });
  }
  if (status >= 500 || status === 408 || status === 409) {
    return new LlmError('llm-server-error', `The Anthropic API failed (${status})${detail}.`, { status, retryable: true });
  }
  if (status === 404) {
    return new LlmError('llm-bad-request', `The Anthropic API answered 404 (is the model id right?)${detail}.`, { status });
  }
  return new LlmError('llm-bad-request', `The Anthropic API rejected the request (${status})${detail}.`, { status });
}

function apiDetail(error: APIError, redact: Redactor): string {
  const message = error.apiMessage;
  if (!message) return '';
  const short = message.length > API_MESSAGE_LIMIT ? `${message.slice(0, API_MESSAGE_LIMIT)}…` : message;
  return `: ${redact(short)}`;
}

function retryAfter(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const raw = headers?.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function describeCause(error: APIConnectionError): string {
  const cause: unknown = (error as { cause?: unknown }).cause;
  if (!(cause instanceof Error)) return '';
  // undici reports "fetch failed" and keeps the useful part (ECONNREFUSED…) one level deeper.
  const inner: unknown = (cause as { cause?: unknown }).cause;
  return inner instanceof Error ? inner.message : cause.message;
}

function safeOrigin(baseURL: string): string {
  try {
    const url = new URL(baseURL);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return 'the configured base URL';
  }
}
