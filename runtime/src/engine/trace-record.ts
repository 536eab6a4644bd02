// Turns step results into what leaves the engine: store records and `step.finished` events, with
// every secret value redacted on the way out. Built only when a journal or an observer needs it.

import type { NewStepRecord } from '../store/index.ts';
import type { EventError, StepFinishedEvent } from './engine-events.ts';
import type { Redactor } from './redactor.ts';
import type { DerivedRecord } from './run-state.ts';
import type { StepError } from './step-error.ts';
import type { StepResult } from './step-result.ts';

export function recordOfResult(result: StepResult, path: string, redactor: Redactor): NewStepRecord {
  const endedAt = result.startedAt + result.durationMs;
  const record: NewStepRecord = {
    stepSlug: result.slug,
    path,
    attempt: result.attempt,
    port: result.port,
    startedAt: new Date(result.startedAt).toISOString(),
    endedAt: new Date(endedAt).toISOString(),
    durationMs: result.durationMs,
  };
  if (result.params !== undefined) record.params = redactor.value(result.params);
  if (result.output !== undefined && result.port !== 'error') record.output = redactor.value(result.output);
  if (result.error) record.error = redactor.value(result.error);
  if (result.extra) record.extra = redactor.value(result.extra);
  return record;
}

/** A failed attempt that will be retried: no port (store-types.ts: "absent when it will be retried"). */
export function recordOfFailedAttempt(result: StepResult, path: string, redactor: Redactor): NewStepRecord {
  const record = recordOfResult(result, path, redactor);
  delete record.port;
  return record;
}

export function recordOfDerived(derived: DerivedRecord, redactor: Redactor): NewStepRecord {
  const record: NewStepRecord = {
    stepSlug: derived.slug,
    path: derived.path,
    attempt: 1,
    port: derived.port,
    startedAt: new Date(derived.startedAt).toISOString(),
    endedAt: new Date(derived.endedAt).toISOString(),
    durationMs: derived.endedAt - derived.startedAt,
  };
  if (derived.output !== undefined) record.output = redactor.value(derived.output);
  if (derived.error) record.error = redactor.value(derived.error);
  return record;
}

/** The `step.finished` event of a record already built (and redacted) for the store. */
export function finishedEvent(runId: string, record: NewStepRecord): StepFinishedEvent {
  const event: StepFinishedEvent = {
    type: 'step.finished',
    runId,
    step: record.stepSlug,
    path: record.path,
    port: record.port ?? 'error',
    durationMs: record.durationMs,
    attempt: record.attempt,
  };
  if (record.output !== undefined) event.output = record.output;
  if (record.error !== undefined) event.error = eventError(record.error as StepError);
  return event;
}

export function eventError(error: StepError): EventError {
  return { code: error.code, message: error.message };
}
