// One attempt of a step that does outside work (an action, an llm call, a sub-workflow): its
// outcome type, the abort signal it runs under (the fiber's, plus the step's own timeoutMs),
// and how a thrown error becomes an outcome (cancelled, timed out, or a classified failure).

import type { StepPlan } from './compiled-workflow.ts';
import type { RunContext } from './run-context.ts';
import type { Fiber } from './run-state.ts';
import { classifyError, type ClassifiedError } from './step-error.ts';
import type { StepExtra } from './step-result.ts';

export const ATTEMPT_ABORTED = { aborted: true } as const;

export type Attempt = { ok: true; output: unknown; extra?: StepExtra } | { ok: false; failure: ClassifiedError; extra?: StepExtra } | typeof ATTEMPT_ABORTED;

export interface StepSignals {
  signal: AbortSignal;
  timeout: AbortSignal | null;
  /** Clears the timeout's timer once the attempt is over. */
  dispose(): void;
}

export function signalsFor(fiber: Fiber, plan: StepPlan): StepSignals {
  if (plan.timeoutMs === undefined) return { signal: fiber.signal, timeout: null, dispose: () => {} };
  const ms = Math.max(1, plan.timeoutMs);
  // A referenced timer (unlike AbortSignal.timeout's): a step that waits on nothing else must
  // still keep the process alive until its timeout fires.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${ms} ms`)), ms);
  return { signal: AbortSignal.any([fiber.signal, controller.signal]), timeout: controller.signal, dispose: () => clearTimeout(timer) };
}

export function failureAfterThrow(run: RunContext, fiber: Fiber, plan: StepPlan, signals: StepSignals, error: unknown, extra: StepExtra | undefined): Attempt {
  if (fiber.signal.aborted) return ATTEMPT_ABORTED;
  if (signals.timeout?.aborted) {
    return {
      ok: false,
      failure: { error: { code: 'timeout', message: `Step ${plan.slug} did not finish within ${plan.timeoutMs} ms (its timeoutMs).` }, retryable: true },
      ...(extra ? { extra } : {}),
    };
  }
  return { ok: false, failure: classifyError(error, run.redactor), ...(extra ? { extra } : {}) };
}
