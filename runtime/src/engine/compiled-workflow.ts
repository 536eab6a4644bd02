// A workflow prepared for running: one StepPlan per step with its ports, retry policy and
// pre-compiled config renderers, built once per run from the parsed model. Everything the hot
// path needs is a property read here; nothing is parsed or looked up by walking YAML twice.

import { spanOf, type SourceRange } from '../language/source-range.ts';
import { isStepType, type StepType } from '../language/step-types.ts';
import type { InputDeclaration, RetryPolicy, Step, WorkflowDocument } from '../language/workflow-model.ts';
import { mapNode } from '../language/yaml-nodes.ts';
import { getValue, toPlain, type YNode } from '../language/yaml-tree.ts';
import { compileString, compileValue, type ValueRenderer } from './compile-value.ts';
import { EngineError } from './engine-error.ts';
import { resolveRetryPolicy } from './retry-policy.ts';

export interface ActionPlan {
  name: string;
  params: ValueRenderer;
}

export interface LlmPlan {
  systemPrompt: ValueRenderer;
  userPrompt?: ValueRenderer;
  model?: ValueRenderer;
  temperature?: ValueRenderer;
  maxTokens?: ValueRenderer;
  outputFormat: 'text' | 'json';
  /** JSON Schema; not templated (a schema is data, not a message). */
  outputSchema?: object;
  tools: string[];
  thread?: string;
}

export interface LoopPlan {
  items: ValueRenderer;
  alias?: string;
  concurrency: ValueRenderer;
  collect?: ValueRenderer;
}

export interface StepPlan {
  slug: string;
  type: StepType;
  step: Step;
  /** The whole step in the file, for debugger frames. */
  range: SourceRange;
  name?: string;
  /** Wired ports only: port → target slug, `end` or `fail`. */
  ports: ReadonlyMap<string, string>;
  retry: RetryPolicy;
  timeoutMs?: number;
  action?: ActionPlan;
  /** True for `set_variables`, whose output the engine merges into `vars`. */
  setsVariables: boolean;
  llm?: LlmPlan;
  condition?: { expression: string };
  loop?: LoopPlan;
  parallel?: { branches: string[] };
  /** `workflow` steps: the file (relative to this one) and the child's input. */
  subWorkflow?: { path: ValueRenderer; input: ValueRenderer };
}

export interface CompiledWorkflow {
  document: WorkflowDocument;
  name: string;
  plans: ReadonlyMap<string, StepPlan>;
  trigger: StepPlan;
  inputs: readonly InputDeclaration[];
  secretNames: readonly string[];
  vars: ReadonlyArray<{ name: string; value: ValueRenderer }>;
  output?: ValueRenderer;
  maxSteps: number;
  timeoutMs?: number;
}

/** The runaway guard when `settings.maxSteps` is not set. */
export const DEFAULT_MAX_STEPS = 100_000;

const compiled = new WeakMap<WorkflowDocument, CompiledWorkflow>();

/** Compiles once per document: a document is immutable, and a server or benchmark runs one many times. */
export function compileWorkflow(document: WorkflowDocument): CompiledWorkflow {
  let result = compiled.get(document);
  if (!result) {
    result = compileUncached(document);
    compiled.set(document, result);
  }
  return result;
}

function compileUncached(document: WorkflowDocument): CompiledWorkflow {
  const { workflow } = document;
  const problems: string[] = [];
  const plans = new Map<string, StepPlan>();
  let trigger: StepPlan | undefined;
  for (const step of workflow.steps) {
    if (step.slug === undefined) {
      problems.push(`step ${step.index + 1} has no stepSlug`);
      continue;
    }
    if (!isStepType(step.type)) {
      problems.push(`step ${step.slug} has an unknown stepType ${JSON.stringify(step.type ?? null)}`);
      continue;
    }
    if (plans.has(step.slug)) continue;
    const plan = compileStep(step, step.type, workflow.settings.retry);
    plans.set(step.slug, plan);
    if (plan.type === 'trigger' && !trigger) trigger = plan;
  }
  if (workflow.steps.length === 0) problems.push('the workflow has no steps');
  else if (!trigger) problems.push('the workflow has no trigger step');
  if (problems.length > 0 || !trigger) {
    throw new EngineError('invalid-workflow', `The workflow cannot run: ${problems.join('; ')}.`, { problems });
  }
  return {
    document,
    name: workflow.name ?? '(unnamed workflow)',
    plans,
    trigger,
    inputs: workflow.inputs,
    secretNames: workflow.secrets.map((secret) => secret.name),
    vars: workflow.vars.map((declared) => ({ name: declared.name, value: compileValue(declared.valueNode, `vars.${declared.name}`) })),
    ...(workflow.outputNode !== undefined ? { output: compileValue(workflow.outputNode, 'output') } : {}),
    maxSteps: workflow.settings.maxSteps ?? DEFAULT_MAX_STEPS,
    ...(workflow.settings.timeoutMs !== undefined ? { timeoutMs: workflow.settings.timeoutMs } : {}),
  };
}

function compileStep(step: Step, type: StepType, settingsRetry: Partial<RetryPolicy> | undefined): StepPlan {
  const slug = step.slug!;
  const ports = new Map<string, string>();
  for (const edge of step.nextSteps) if (edge.target !== undefined && !ports.has(edge.port)) ports.set(edge.port, edge.target);
  const config = step.config;
  const plan: StepPlan = {
    slug,
    type,
    step,
    range: spanOf(step.node),
    ...(step.name !== undefined ? { name: step.name } : {}),
    ports,
    retry: resolveRetryPolicy(step.retry, settingsRetry),
    ...(step.timeoutMs !== undefined ? { timeoutMs: step.timeoutMs } : {}),
    setsVariables: false,
  };
  switch (type) {
    case 'action': {
      const name = stringOf(getValue(config, 'type')) ?? '';
      plan.action = { name, params: compileValue(getValue(config, 'parameters') ?? emptyMap(step), 'parameters') };
      plan.setsVariables = name === 'set_variables';
      break;
    }
    case 'llm':
      plan.llm = compileLlm(config ?? null);
      break;
    case 'condition': {
      const node = getValue(config, 'expression');
      const expression = node?.kind === 'scalar' && node.value !== null ? String(node.value) : '';
      plan.condition = { expression };
      break;
    }
    case 'loop': {
      const alias = stringOf(getValue(config, 'itemVariable'));
      const collect = getValue(config, 'collect');
      const concurrency = getValue(config, 'concurrency');
      plan.loop = {
        items: compileValue(getValue(config, 'items'), 'items'),
        ...(alias ? { alias } : {}),
        concurrency: concurrency ? compileValue(concurrency, 'concurrency') : () => 1,
        ...(collect !== undefined && collect !== null ? { collect: compileValue(collect, 'collect') } : {}),
      };
      break;
    }
    case 'parallel': {
      const branches = getValue(config, 'branches');
      plan.parallel = { branches: branches?.kind === 'seq' ? branches.items.map((item) => stringOf(item) ?? '') : [] };
      break;
    }
    case 'workflow': {
      const input = getValue(config, 'input');
      plan.subWorkflow = { path: compileValue(getValue(config, 'path'), 'path'), input: input ? compileValue(input, 'input') : () => ({}) };
      break;
    }
    default:
      break;
  }
  return plan;
}

function compileLlm(config: YNode | null): LlmPlan {
  const renderer = (key: string): ValueRenderer | undefined => {
    const node = getValue(config, key);
    return node === undefined || node === null ? undefined : compileValue(node, key);
  };
  const system = getValue(config, 'systemPrompt');
  const schema = getValue(config, 'outputSchema');
  const tools = getValue(config, 'tools');
  const thread = stringOf(getValue(config, 'thread'));
  const userPrompt = renderer('userPrompt');
  const model = renderer('model');
  const temperature = renderer('temperature');
  const maxTokens = renderer('maxTokens');
  return {
    systemPrompt: system?.kind === 'scalar' ? compileString(String(system.value ?? ''), 'systemPrompt') : () => '',
    ...(userPrompt ? { userPrompt } : {}),
    ...(model ? { model } : {}),
    ...(temperature ? { temperature } : {}),
    ...(maxTokens ? { maxTokens } : {}),
    outputFormat: stringOf(getValue(config, 'outputFormat')) === 'json' ? 'json' : 'text',
    ...(schema?.kind === 'map' ? { outputSchema: toPlain(schema) as object } : {}),
    tools: tools?.kind === 'seq' ? tools.items.map((item) => stringOf(item) ?? '').filter((name) => name !== '') : [],
    ...(thread ? { thread } : {}),
  };
}

function stringOf(node: YNode | null | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

function emptyMap(step: Step): YNode {
  return mapNode(step.node.start, step.node.end, [], true);
}
