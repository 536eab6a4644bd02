// The runner: executes one step of one fiber and reports what it produced, without touching
// the run's state (transitions do that). It renders the step's config, announces the step,
// waits for the debugger, then runs it: the trigger, a condition or a loop's start here; an
// action, llm call or sub-workflow attempt by attempt (*-attempt.ts), retrying retryable
// failures with exponential backoff and full jitter, each failed attempt committed first.

import { abortableSleep } from '../actions/abortable-sleep.ts';
import { evaluateCondition } from '../expr/index.ts';
import { raceWithSignal } from './abort.ts';
import { attemptAction } from './action-attempt.ts';
import type { StepPlan } from './compiled-workflow.ts';
import { StepStop } from './debugger-hook.ts';
import { scopeOf, type FiberScope } from './fiber-scope.ts';
import { attemptLlm, renderLlmParams } from './llm-attempt.ts';
import { Redactor } from './redactor.ts';
import { retryDelayMs } from './retry-policy.ts';
import type { RunContext } from './run-context.ts';
import { cursorOf, pathOf, type Fiber } from './run-state.ts';
import { classifyError, type ClassifiedError, type StepError } from './step-error.ts';
import type { StepResult } from './step-result.ts';
import { eventError, recordOfFailedAttempt } from './trace-record.ts';
import { noteFailedAttempt } from './transitions.ts';
import { attemptWorkflow } from './workflow-attempt.ts';

export type TaskOutcome =
  | { kind: 'result'; result: StepResult }
  | { kind: 'start-parallel' }
  /** The fiber or the run was cancelled while the step ran; nothing is recorded. */
  | { kind: 'aborted' }
  /** The run cannot go on (a step type this engine does not run yet). */
  | { kind: 'fatal'; error: StepError };

const ABORTED: TaskOutcome = { kind: 'aborted' };

interface Prepared {
  params?: unknown;
  failure?: ClassifiedError;
}

export async function executeStep(run: RunContext, fiber: Fiber, plan: StepPlan): Promise<TaskOutcome> {
  const state = run.state;
  if (plan.type === 'approval') {
    return {
      kind: 'fatal',
      error: { code: 'unsupported-step', message: `Step ${plan.slug}: ${plan.type} steps are not supported by this version of the Stepline engine yet.` },
    };
  }
  const attempt = fiber.attempt + 1;
  const path = pathOf(fiber, plan.slug);
  const scope = scopeOf(state, fiber);
  const startedAt = Date.now();
  const prepared = prepare(plan, scope);
  if (run.events.active) run.events.emit({ type: 'step.started', runId: state.runId, step: plan.slug, path, attempt });
  if (run.debug) {
    const stop = new StepStop(state, fiber, plan.slug, attempt, run.redactor.value(prepared.params), run.redactor);
    try {
      await raceWithSignal(run.debug.beforeStep(stop), fiber.signal);
    } catch (error) {
      if (fiber.signal.aborted) return ABORTED;
      throw error;
    }
  }
  if (plan.type === 'parallel') return { kind: 'start-parallel' };
  if ((plan.type === 'action' || plan.type === 'llm' || plan.type === 'workflow') && !prepared.failure) return runAttempts(run, fiber, plan, prepared.params, attempt, path);
  const base = { slug: plan.slug, attempt, startedAt, ...(prepared.params !== undefined ? { params: prepared.params } : {}) };
  if (prepared.failure) return { kind: 'result', result: { ...base, port: 'error', error: prepared.failure.error, durationMs: Date.now() - startedAt } };

  switch (plan.type) {
    case 'trigger':
      // The trigger's record keeps the initial vars as rendered now, so `resume` starts from the same values.
      return {
        kind: 'result',
        result: { ...base, port: 'success', output: state.input, durationMs: 0, ...(state.workflow.vars.length > 0 ? { extra: { vars: { ...state.vars } } } : {}) },
      };
    case 'condition':
      return { kind: 'result', result: runCondition(run, plan, scope, base) };
    case 'loop': {
      const { items } = prepared.params as { items: unknown[] };
      return {
        kind: 'result',
        result: items.length > 0
          ? { ...base, port: 'next', output: { count: items.length }, durationMs: 0 }
          : { ...base, port: 'done', output: plan.loop?.collect ? { count: 0, results: [] } : { count: 0 }, durationMs: 0 },
      };
    }
    default:
      // Actions, llm and workflow steps went to runAttempts above.
      return runAttempts(run, fiber, plan, prepared.params, attempt, path);
  }
}

/** Renders the step's config: what the trace and the debugger show as its parameters. */
function prepare(plan: StepPlan, scope: FiberScope): Prepared {
  try {
    switch (plan.type) {
      case 'action':
        return { params: plan.action!.params(scope) };
      case 'llm':
        return { params: renderLlmParams(plan, scope) };
      case 'condition':
        return { params: { expression: plan.condition!.expression } };
      case 'loop':
        return prepareLoop(plan, scope);
      case 'workflow':
        return { params: { path: plan.subWorkflow!.path(scope), input: plan.subWorkflow!.input(scope) } };
      default:
        return {};
    }
  } catch (error) {
    // Render errors come from the evaluator, whose messages never include evaluated values.
    return { failure: classifyError(error, Redactor.none) };
  }
}

function prepareLoop(plan: StepPlan, scope: FiberScope): Prepared {
  const loop = plan.loop!;
  const items = loop.items(scope);
  const concurrency = loop.concurrency(scope);
  if (!Array.isArray(items)) {
    return { params: { items }, failure: { error: { code: 'invalid-items', message: `Loop ${plan.slug}: items must be an array, but the template gave ${describe(items)}.` }, retryable: false } };
  }
  if (typeof concurrency !== 'number' || !Number.isInteger(concurrency) || concurrency < 1) {
    return { params: { items, concurrency }, failure: { error: { code: 'invalid-config', message: `Loop ${plan.slug}: concurrency must be a whole number of at least 1, got ${describe(concurrency)}.` }, retryable: false } };
  }
  return { params: { items, concurrency } };
}

function runCondition(run: RunContext, plan: StepPlan, scope: FiberScope, base: Omit<StepResult, 'port' | 'durationMs'>): StepResult {
  const started = performance.now();
  const expression = plan.condition!.expression;
  if (expression.trim() === '') {
    return { ...base, port: 'error', error: { code: 'invalid-config', message: `Condition ${plan.slug} has no expression.` }, durationMs: 0 };
  }
  try {
    const value = evaluateCondition(expression, scope);
    return { ...base, port: value ? 'true' : 'false', output: { result: value }, durationMs: elapsed(started) };
  } catch (error) {
    return { ...base, port: 'error', error: classifyError(error, run.redactor).error, durationMs: elapsed(started) };
  }
}

async function runAttempts(run: RunContext, fiber: Fiber, plan: StepPlan, params: unknown, firstAttempt: number, path: string): Promise<TaskOutcome> {
  for (let attempt = firstAttempt; ; attempt++) {
    const startedAt = Date.now();
    const started = performance.now();
    const outcome =
      plan.type === 'action'
        ? await attemptAction(run, fiber, plan, params, attempt, path)
        : plan.type === 'llm'
          ? await attemptLlm(run, fiber, plan, params, attempt, path)
          : await attemptWorkflow(run, fiber, plan, params, attempt);
    if ('aborted' in outcome || fiber.ended) return ABORTED;
    // One object shape for every result keeps this hot path monomorphic; absent fields are undefined.
    const result: StepResult = {
      slug: plan.slug,
      attempt,
      port: outcome.ok ? 'success' : 'error',
      output: outcome.ok ? outcome.output : undefined,
      error: outcome.ok ? undefined : outcome.failure.error,
      params,
      startedAt,
      durationMs: elapsed(started),
      extra: outcome.extra,
    };
    if (outcome.ok) return { kind: 'result', result };
    const { failure } = outcome;
    if (!failure.retryable || attempt >= plan.retry.maxAttempts) return { kind: 'result', result };
    const delayMs = retryDelayMs(plan.retry, attempt, run.random, failure.retryAfterMs);
    commitFailedAttempt(run, fiber, result, path, delayMs);
    try {
      await abortableSleep(delayMs, fiber.signal);
    } catch {
      return ABORTED;
    }
  }
}

function commitFailedAttempt(run: RunContext, fiber: Fiber, result: StepResult, path: string, delayMs: number): void {
  noteFailedAttempt(fiber, result.attempt);
  if (!run.journal.durable && !run.events.active) return;
  const record = recordOfFailedAttempt(result, path, run.redactor);
  run.journal.commit([record], () => cursorOf(run.state));
  if (run.events.active) {
    run.events.emit({
      type: 'step.retrying',
      runId: run.state.runId,
      step: result.slug,
      path,
      attempt: result.attempt,
      delayMs,
      error: eventError(record.error as StepError),
    });
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}
