// The `{ code, message }` a failed step (or run) carries in traces, events and `steps.X.error`,
// and the conversion from whatever an action, the LLM client or the evaluator threw. Messages
// are redacted here, on the one path every error takes out of a step.

import { ActionError } from '../actions/index.ts';
import { ExpressionRuntimeError } from '../expr/index.ts';
import { LlmError } from '../llm/llm-error.ts';
import type { Redactor } from './redactor.ts';

export interface StepError {
  code: string;
  message: string;
  /** Machine-readable facts the action attached (an HTTP status, a record id). */
  details?: unknown;
}

/** A StepError plus what the retry logic needs to know about it. */
export interface ClassifiedError {
  error: StepError;
  retryable: boolean;
  /** A lower bound for the next retry's delay (an LLM 429's `retry-after`). */
  retryAfterMs?: number;
}

export function classifyError(thrown: unknown, redactor: Redactor): ClassifiedError {
  if (thrown instanceof ActionError) {
    return {
      error: withDetails({ code: thrown.code, message: redactor.text(thrown.message) }, thrown.details, redactor),
      retryable: thrown.retryable,
    };
  }
  if (thrown instanceof LlmError) {
    const classified: ClassifiedError = {
      error: withDetails({ code: thrown.code, message: redactor.text(thrown.message) }, thrown.details, redactor),
      retryable: thrown.retryable,
    };
    if (thrown.retryAfterMs !== undefined) classified.retryAfterMs = thrown.retryAfterMs;
    return classified;
  }
  if (thrown instanceof ExpressionRuntimeError) {
    return { error: { code: thrown.code, message: redactor.text(thrown.message) }, retryable: false };
  }
  if (thrown instanceof Error) {
    // Not one of ours: a bug in an action or an unexpected library error. Never retried.
    return { error: { code: 'action-failed', message: redactor.text(thrown.message || thrown.name) }, retryable: false };
  }
  return { error: { code: 'action-failed', message: redactor.text(String(thrown)) }, retryable: false };
}

function withDetails(error: StepError, details: unknown, redactor: Redactor): StepError {
  if (details !== undefined) error.details = redactor.value(details);
  return error;
}

export function stepError(code: string, message: string): StepError {
  return { code, message };
}
