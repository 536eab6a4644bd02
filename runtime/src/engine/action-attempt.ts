// One attempt of an action step: finds the implementation, builds its ActionContext (idempotency
// key, abort signal, store, outbox, log), runs it, and checks what untrusted (workspace) actions
// return. Built-in actions are awaited directly; others are raced against the signal so one that
// ignores it cannot hang the run.

import type { ActionContext, ActionImplementation } from '../actions/index.ts';
import { raceWithSignal } from './abort.ts';
import type { StepPlan } from './compiled-workflow.ts';
import { jsonProblem } from './json-value.ts';
import type { RunContext } from './run-context.ts';
import { idempotencyKeyOf, type Fiber } from './run-state.ts';
import { failureAfterThrow, signalsFor, type Attempt, type StepSignals } from './step-attempt.ts';
import type { StepExtra, StepLogLine } from './step-result.ts';

export function actionContext(run: RunContext, plan: StepPlan, path: string, attempt: number, signal: AbortSignal, logs: StepLogLine[], key: string): ActionContext {
  const runId = run.state.runId;
  return {
    executionId: runId,
    stepSlug: plan.slug,
    path,
    attempt,
    idempotencyKey: key,
    signal,
    store: run.store,
    outboxDir: run.outboxDir,
    log(message: string, data?: unknown): void {
      logs.push(data === undefined ? { message } : { message, data });
      if (run.events.active) {
        const event = { type: 'log' as const, runId, step: plan.slug, path, message: run.redactor.text(String(message)) };
        run.events.emit(data === undefined ? event : { ...event, data: run.redactor.value(data) });
      }
    },
    now: run.now,
  };
}

export async function attemptAction(run: RunContext, fiber: Fiber, plan: StepPlan, params: unknown, attempt: number, path: string): Promise<Attempt> {
  const name = plan.action!.name;
  const implementation = run.actions.get(name);
  if (!implementation) {
    return { ok: false, failure: { error: { code: 'unknown-action', message: `Step ${plan.slug}: there is no action named ${JSON.stringify(name)} (built in, or in the workspace's actions/ folder).` }, retryable: false } };
  }
  const signals = signalsFor(fiber, plan);
  if (signals.timeout === null) return runAction(run, fiber, plan, implementation, params, attempt, path, signals);
  try {
    return await runAction(run, fiber, plan, implementation, params, attempt, path, signals);
  } finally {
    signals.dispose();
  }
}

async function runAction(run: RunContext, fiber: Fiber, plan: StepPlan, implementation: ActionImplementation, params: unknown, attempt: number, path: string, signals: StepSignals): Promise<Attempt> {
  const name = implementation.name;
  const logs: StepLogLine[] = [];
  const context = actionContext(run, plan, path, attempt, signals.signal, logs, idempotencyKeyOf(fiber, plan.slug));
  const extraOf = (): StepExtra | undefined => (logs.length > 0 ? { logs } : undefined);
  try {
    if (run.trustedActions.has(implementation)) {
      const output = await implementation.run(params as Record<string, unknown>, context);
      return { ok: true, output: output === undefined ? null : output, ...(logs.length > 0 ? { extra: { logs } } : {}) };
    }
    const output = await raceWithSignal(Promise.resolve().then(() => implementation.run(params as Record<string, unknown>, context)), signals.signal);
    const problem = jsonProblem(output);
    if (problem) {
      return { ok: false, failure: { error: { code: 'invalid-output', message: `Action ${name} returned something that is not JSON data: ${problem}.` }, retryable: false } };
    }
    // A JSON round trip turns Dates into strings and drops undefined fields, as the trace will store them.
    const normalised = output === undefined ? null : (JSON.parse(JSON.stringify(output)) as unknown);
    const extra = extraOf();
    return { ok: true, output: normalised, ...(extra ? { extra } : {}) };
  } catch (error) {
    return failureAfterThrow(run, fiber, plan, signals, error, extraOf());
  }
}
