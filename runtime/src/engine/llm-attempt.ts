// One attempt of an llm step: the rendered prompts and settings become a request for runLlmStep,
// the step's `tools` become actions the model may call (each call with its own idempotency key),
// a `thread` brings its conversation so far, and model, usage and tool calls go to the trace.

import type { ActionImplementation } from '../actions/index.ts';
import { runLlmStep } from '../llm/run-llm-step.ts';
import type { LlmStepRequest, LlmTool } from '../llm/llm-step-types.ts';
import { raceWithSignal } from './abort.ts';
import { actionContext } from './action-attempt.ts';
import type { StepPlan } from './compiled-workflow.ts';
import type { FiberScope } from './fiber-scope.ts';
import type { RunContext } from './run-context.ts';
import { idempotencyKeyOf, type Fiber } from './run-state.ts';
import { failureAfterThrow, signalsFor, type Attempt, type StepSignals } from './step-attempt.ts';
import type { StepExtra, StepLogLine } from './step-result.ts';

export function renderLlmParams(plan: StepPlan, scope: FiberScope): Record<string, unknown> {
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

export async function attemptLlm(run: RunContext, fiber: Fiber, plan: StepPlan, params: unknown, attempt: number, path: string): Promise<Attempt> {
  const signals = signalsFor(fiber, plan);
  try {
    return await runLlm(run, fiber, plan, params, attempt, path, signals);
  } finally {
    signals.dispose();
  }
}

async function runLlm(run: RunContext, fiber: Fiber, plan: StepPlan, params: unknown, attempt: number, path: string, signals: StepSignals): Promise<Attempt> {
  const llm = plan.llm!;
  const rendered = params as Record<string, unknown>;
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
