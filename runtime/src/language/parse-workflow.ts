// Turns a workflow file's text into a WorkflowDocument: the YAML tree with ranges plus the typed
// model over it. Never throws: syntax errors become diagnostics and the model holds what could
// be understood, so completion still works while a line is half typed.

import { LineIndex } from './line-index.ts';
import { getPair, getValue, scalarNumber, scalarString, toPlain, parseYamlTree, type YMap, type YNode } from './yaml-tree.ts';
import type { InputDeclaration, PortEdge, RetryPolicy, SecretDeclaration, Step, VariableDeclaration, Workflow, WorkflowDocument, WorkflowSettings } from './workflow-model.ts';

export function parseWorkflow(text: string, file?: string): WorkflowDocument {
  const { root, diagnostics } = parseYamlTree(text);
  return {
    text,
    ...(file !== undefined ? { file } : {}),
    format: file && /\.json$/i.test(file) ? 'json' : 'yaml',
    root,
    workflow: buildWorkflow(root),
    syntaxDiagnostics: diagnostics,
    lines: new LineIndex(text),
  };
}

export function buildWorkflow(root: YNode | null): Workflow {
  const nameNode = getValue(root, 'name');
  const stepsNode = getValue(root, 'steps');
  const steps = stepsNode?.kind === 'seq' ? stepsNode.items.map(buildStep) : [];
  const stepsBySlug = new Map<string, Step>();
  for (const step of steps) if (step.slug !== undefined && !stepsBySlug.has(step.slug)) stepsBySlug.set(step.slug, step);
  const inputsNode = asMap(getValue(root, 'inputs'));
  const secretsNode = getValue(root, 'secrets');
  const varsNode = asMap(getValue(root, 'vars'));
  const outputNode = getValue(root, 'output');
  const description = scalarString(getValue(root, 'description'));
  const name = scalarString(nameNode);
  return {
    ...(name !== undefined ? { name } : {}),
    ...(nameNode?.kind === 'scalar' ? { nameNode } : {}),
    ...(description !== undefined ? { description } : {}),
    inputs: inputsNode ? inputsNode.pairs.map(buildInput) : [],
    ...(inputsNode ? { inputsNode } : {}),
    secrets: secretsNode?.kind === 'seq' ? buildSecrets(secretsNode.items) : [],
    ...(secretsNode?.kind === 'seq' ? { secretsNode } : {}),
    vars: varsNode ? varsNode.pairs.map((pair): VariableDeclaration => ({ name: String(pair.key.value), keyNode: pair.key, valueNode: pair.value })) : [],
    ...(varsNode ? { varsNode } : {}),
    settings: buildSettings(asMap(getValue(root, 'settings'))),
    ...(outputNode !== undefined ? { outputNode } : {}),
    steps,
    ...(stepsNode?.kind === 'seq' ? { stepsNode } : {}),
    stepsBySlug,
  };
}

function asMap(node: YNode | null | undefined): YMap | undefined {
  return node?.kind === 'map' ? node : undefined;
}

function buildInput(pair: YMap['pairs'][number]): InputDeclaration {
  const schema = pair.value?.kind === 'map' ? (toPlain(pair.value) as Record<string, unknown>) : {};
  const type = typeof schema['type'] === 'string' ? schema['type'] : undefined;
  return {
    name: String(pair.key.value),
    keyNode: pair.key,
    node: pair.value,
    schema,
    ...(type !== undefined ? { type } : {}),
    required: schema['required'] === true,
    hasDefault: Object.hasOwn(schema, 'default'),
  };
}

function buildSecrets(items: readonly YNode[]): SecretDeclaration[] {
  const secrets: SecretDeclaration[] = [];
  for (const item of items) if (item.kind === 'scalar' && typeof item.value === 'string') secrets.push({ name: item.value, node: item });
  return secrets;
}

function buildRetry(node: YNode | null | undefined): Partial<RetryPolicy> | undefined {
  if (node?.kind !== 'map') return undefined;
  const plain = toPlain(node) as Record<string, unknown>;
  const retry: Partial<RetryPolicy> = {};
  if (typeof plain['maxAttempts'] === 'number') retry.maxAttempts = plain['maxAttempts'];
  if (plain['backoff'] === 'exponential' || plain['backoff'] === 'fixed') retry.backoff = plain['backoff'];
  if (typeof plain['initialDelayMs'] === 'number') retry.initialDelayMs = plain['initialDelayMs'];
  if (typeof plain['maxDelayMs'] === 'number') retry.maxDelayMs = plain['maxDelayMs'];
  return retry;
}

function buildSettings(node: YMap | undefined): WorkflowSettings {
  if (!node) return {};
  const maxSteps = scalarNumber(getValue(node, 'maxSteps'));
  const timeoutMs = scalarNumber(getValue(node, 'timeoutMs'));
  const retry = buildRetry(getValue(node, 'retry'));
  return { node, ...(maxSteps !== undefined ? { maxSteps } : {}), ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(retry ? { retry } : {}) };
}

function buildStep(node: YNode, index: number): Step {
  const step: Step = { index, node, nextSteps: [] };
  if (node.kind !== 'map') return step;
  const slugNode = getValue(node, 'stepSlug');
  if (slugNode?.kind === 'scalar') {
    step.slugNode = slugNode;
    if (slugNode.value !== null) step.slug = String(slugNode.value);
  }
  const typeNode = getValue(node, 'stepType');
  if (typeNode?.kind === 'scalar') {
    step.typeNode = typeNode;
    if (typeof typeNode.value === 'string') step.type = typeNode.value;
  }
  const name = scalarString(getValue(node, 'name'));
  if (name !== undefined) step.name = name;
  const description = scalarString(getValue(node, 'description'));
  if (description !== undefined) step.description = description;
  const configPair = getPair(node, 'config');
  if (configPair) {
    step.configNode = configPair.value;
    if (configPair.value?.kind === 'map') step.config = configPair.value;
  }
  const nextSteps = getValue(node, 'nextSteps');
  if (nextSteps?.kind === 'map') {
    step.nextStepsNode = nextSteps;
    step.nextSteps = nextSteps.pairs.map((pair): PortEdge => {
      const target = pair.value?.kind === 'scalar' && pair.value.value !== null ? String(pair.value.value) : undefined;
      return { port: String(pair.key.value), portNode: pair.key, ...(target !== undefined ? { target } : {}), targetNode: pair.value };
    });
  }
  const retry = buildRetry(getValue(node, 'retry'));
  if (retry) step.retry = retry;
  const timeoutMs = scalarNumber(getValue(node, 'timeoutMs'));
  if (timeoutMs !== undefined) step.timeoutMs = timeoutMs;
  return step;
}
