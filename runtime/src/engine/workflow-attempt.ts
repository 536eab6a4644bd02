// One attempt of a `workflow` step: runs the child workflow through the run's SubWorkflowRunner
// under the step's signal and timeout. Each attempt has its own child run; a resumed attempt
// finds the child it started (sub-workflow.ts).

import type { StepPlan } from './compiled-workflow.ts';
import type { RunContext } from './run-context.ts';
import { idempotencyKeyOf, type Fiber } from './run-state.ts';
import { ATTEMPT_ABORTED, failureAfterThrow, signalsFor, type Attempt } from './step-attempt.ts';

export async function attemptWorkflow(run: RunContext, fiber: Fiber, plan: StepPlan, params: unknown, attempt: number): Promise<Attempt> {
  const { path, input } = params as { path: unknown; input: unknown };
  if (typeof path !== 'string' || path === '') {
    return { ok: false, failure: { error: { code: 'invalid-config', message: `Step ${plan.slug}: path must name a workflow file.` }, retryable: false } };
  }
  const signals = signalsFor(fiber, plan);
  try {
    const outcome = await run.subWorkflows.run({ path, input, idempotencyKey: `${idempotencyKeyOf(fiber, plan.slug)}#attempt${attempt}`, signal: signals.signal });
    if (fiber.signal.aborted) return ATTEMPT_ABORTED;
    if (signals.timeout?.aborted) return failureAfterThrow(run, fiber, plan, signals, signals.timeout.reason, undefined);
    if (outcome.ok) return { ok: true, output: outcome.output, extra: { childRunId: outcome.runId } };
    return { ok: false, failure: { error: run.redactor.value(outcome.error), retryable: outcome.retryable } };
  } catch (error) {
    return failureAfterThrow(run, fiber, plan, signals, error, undefined);
  } finally {
    signals.dispose();
  }
}
