// The runner: executes one step of one fiber and reports what it produced, without touching
// the run's state (transitions do that). It renders the step's config, announces the step,
// waits for the debugger, then runs it: the trigger, a condition, a loop's start, an action
// or an llm call with its timeout and retries (exponential backoff with full jitter, only
// for retryable errors; each failed attempt is committed before the wait).

import { abortableSleep } from '../actions/abortable-sleep.ts';
import type { ActionContext, ActionImplementation } from '../actions/index.ts';
import { evaluateCondition } from '../expr/index.ts';
import { runLlmStep } from '../llm/run-llm-step.ts';
import type { LlmStepRequest, LlmTool } from '../llm/llm-step-types.ts';
import { raceWithSignal } from './abort.ts';
import type { StepPlan } from './compiled-workflow.ts';
import { StepStop } from './debugger-hook.ts';
import { scopeOf, type FiberScope } from './fiber-scope.ts';
import { jsonProblem } from './json-value.ts';
import { Redactor } from './redactor.ts';
import { retryDelayMs } from './retry-policy.ts';
import type { RunContext } from './run-context.ts';
import { cursorOf, idempotencyKeyOf, pathOf, type Fiber } from './run-state.ts';
import { classifyError, type ClassifiedError, type StepError } from './step-error.ts';
import type { StepExtra, StepLogLine, StepResult } from './step-result.ts';
import { eventError, recordOfFailedAttempt } from './trace-record.ts';
import { noteFailedAttempt } from './transitions.ts';

export type TaskOutcome =
  | { kind: 'result'; result: StepResult }
  | { kind: 'start-parallel' }
  /** The fiber or the run was cancelled while the step ran; nothing is recorded. */
  | { kind: 'aborted' }
  /** The run cannot go on (a step type this engine does not run yet). */
  | { kind: 'fatal'; error: StepError };

const ABORTED: TaskOutcome = { kind: 'aborted' };

const ATTEMPT_ABORTED = { aborted: true } as const;

type Attempt = { ok: true; output: unknown; extra?: StepExtra } | { ok: false; failure: ClassifiedError; extra?: StepExtra } | typeof ATTEMPT_ABORTED;

interface Prepared {
  params?: unknown;
  failure?: ClassifiedError;
}

export async function executeStep(run: RunContext, fiber: Fiber, plan: StepPlan): Promise<TaskOutcome> {
  const state = run.state;
  if (plan.type === 'approval' || plan.type === 'workflow') {
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
  try {
    const expression = plan.condition!.expression;
    if (expression.trim() === '') throw new Error(`Condition ${plan.slug} has no expression.`);
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
    const outcome = plan.type === 'action' ? await attemptAction(run, fiber, plan, params, attempt, path) : await attemptLlm(run, fiber, plan, params, attempt, path);
    if ('aborted' in outcome || fiber.ended) return ABORTED;
    const base = { slug: plan.slug, attempt, startedAt, durationMs: elapsed(started), ...(params !== undefined ? { params } : {}), ...(outcome.extra ? { extra: outcome.extra } : {}) };
    if (outcome.ok) return { kind: 'result', result: { ...base, port: 'success', output: outcome.output } };
    const { failure } = outcome;
    const result: StepResult = { ...base, port: 'error', error: failure.error };
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

interface StepSignals {
  signal: AbortSignal;
  timeout: AbortSignal | null;
}

function signalsFor(fiber: Fiber, plan: StepPlan): StepSignals {
  if (plan.timeoutMs === undefined) return { signal: fiber.signal, timeout: null };
  const timeout = AbortSignal.timeout(Math.max(1, plan.timeoutMs));
  return { signal: AbortSignal.any([fiber.signal, timeout]), timeout };
}

function failureAfterThrow(run: RunContext, fiber: Fiber, plan: StepPlan, signals: StepSignals, error: unknown, extra: StepExtra | undefined): Attempt {
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

function actionContext(run: RunContext, plan: StepPlan, path: string, attempt: number, signal: AbortSignal, logs: StepLogLine[], key: string): ActionContext {
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

async function attemptAction(run: RunContext, fiber: Fiber, plan: StepPlan, params: unknown, attempt: number, path: string): Promise<Attempt> {
  const name = plan.action!.name;
  const implementation = run.actions.get(name);
  if (!implementation) {
    return { ok: false, failure: { error: { code: 'unknown-action', message: `Step ${plan.slug}: there is no action named ${JSON.stringify(name)} (built in, or in the workspace's actions/ folder).` }, retryable: false } };
  }
  const signals = signalsFor(fiber, plan);
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

function renderLlmParams(plan: StepPlan, scope: FiberScope): Record<string, unknown> {
  const llm = plan.llm!;
  const params: Record<string, unknown> = { systemPrompt: toText(llm.systemPrompt(scope)) };
  if (llm.userPrompt) params.userPrompt = toText(llm.userPrompt(scope));
  if (llm.model) params.model = toText(llm.model(scope));
  if (llm.temperature) params.temperature = llm.temperature(scope);
  if (llm.maxTokens) params.maxTokens = llm.maxTokens(scope);
  params.outputFormat = llm.outputFormat;
  if (llm.tools.length > 0) params.tools = llm.tools;
  if (llm.thread !== undefined) params.thread = llm.thread;
  return params;
}

async function attemptLlm(run: RunContext, fiber: Fiber, plan: StepPlan, params: unknown, attempt: number, path: string): Promise<Attempt> {
  const llm = plan.llm!;
  const rendered = params as Record<string, unknown>;
  const signals = signalsFor(fiber, plan);
  const logs: StepLogLine[] = [];
  const key = idempotencyKeyOf(fiber, plan.slug);
  const tools: LlmTool[] = [];
  for (const name of llm.tools) {
    const definition = run.catalog.get(name);
    const implementation = run.actions.get(name);
    if (!definition || !implementation) {
      return { ok: false, failure: { error: { code: 'unknown-action', message: `Step ${plan.slug}: the tool ${JSON.stringify(name)} is not an action in the catalog.` }, retryable: false } };
    }
    tools.push(toolFor(run, plan, path, attempt, signals.signal, logs, `${key}/tools/${name}`, implementation, definition.description, definition.parameters as object));
  }
  const history = llm.thread !== undefined ? run.state.threads.get(llm.thread) : undefined;
  const request: LlmStepRequest = {
    systemPrompt: String(rendered.systemPrompt ?? ''),
    ...(typeof rendered.userPrompt === 'string' ? { userPrompt: rendered.userPrompt } : {}),
    ...(typeof rendered.model === 'string' && rendered.model !== '' ? { model: rendered.model } : {}),
    ...(rendered.temperature !== undefined && rendered.temperature !== null ? { temperature: Number(rendered.temperature) } : {}),
    ...(rendered.maxTokens !== undefined && rendered.maxTokens !== null ? { maxTokens: Number(rendered.maxTokens) } : {}),
    outputFormat: llm.outputFormat,
    ...(llm.outputSchema ? { outputSchema: llm.outputSchema } : {}),
    ...(tools.length > 0 ? { tools } : {}),
    ...(history ? { history } : {}),
  };
  try {
    const result = await raceWithSignal(
      runLlmStep(request, {
        ...(run.llm.apiKey !== undefined ? { apiKey: run.llm.apiKey } : {}),
        ...(run.llm.baseURL !== undefined ? { baseURL: run.llm.baseURL } : {}),
        ...(run.llm.clientFactory ? { clientFactory: run.llm.clientFactory } : {}),
        signal: signals.signal,
        redact: (text) => run.redactor.text(text),
      }),
      signals.signal,
    );
    const extra: StepExtra = { model: result.model, usage: result.usage };
    if (result.toolCalls.length > 0) extra.toolCalls = result.toolCalls;
    if (result.warnings.length > 0) extra.warnings = result.warnings;
    if (logs.length > 0) extra.logs = logs;
    if (llm.thread !== undefined) extra.messages = result.messages;
    return { ok: true, output: result.output, extra };
  } catch (error) {
    const usage = (error as { usage?: { inputTokens: number; outputTokens: number } }).usage;
    const extra: StepExtra | undefined = usage || logs.length > 0 ? { ...(usage ? { usage } : {}), ...(logs.length > 0 ? { logs } : {}) } : undefined;
    return failureAfterThrow(run, fiber, plan, signals, error, extra);
  }
}

function toolFor(
  run: RunContext,
  plan: StepPlan,
  path: string,
  attempt: number,
  stepSignal: AbortSignal,
  logs: StepLogLine[],
  keyBase: string,
  implementation: ActionImplementation,
  description: string,
  inputSchema: object,
): LlmTool {
  let calls = 0;
  return {
    actionName: implementation.name,
    description,
    inputSchema,
    async invoke(input: Record<string, unknown>, signal?: AbortSignal): Promise<unknown> {
      calls++;
      const context = actionContext(run, plan, path, attempt, signal ?? stepSignal, logs, `${keyBase}/${calls}`);
      const trusted = run.trustedActions.has(implementation);
      const output = trusted ? await implementation.run(input, context) : await raceWithSignal(Promise.resolve().then(() => implementation.run(input, context)), context.signal);
      return output === undefined ? null : output;
    },
  };
}

function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
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
