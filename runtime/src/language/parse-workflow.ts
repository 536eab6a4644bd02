// Turns a workflow file's text into a WorkflowDocument: the YAML tree with ranges plus the typed
// model over it. Never throws: syntax errors become diagnostics and the model holds what could
// be understood, so completion still works while a line is half typed.

import type { Diagnostic } from './diagnostic.ts';
import { LineIndex } from './line-index.ts';
import { getValue, scalarNumber, scalarString, toPlain, parseYamlTree, type YMap, type YNode, type YPair } from './yaml-tree.ts';
import type { InputDeclaration, PortEdge, RetryPolicy, SecretDeclaration, Step, VariableDeclaration, Workflow, WorkflowDocument, WorkflowSettings } from './workflow-model.ts';

const JSON_FILE = /\.json$/i;

export function parseWorkflow(text: string, file?: string): WorkflowDocument {
  const { root, diagnostics } = parseYamlTree(text);
  return workflowDocument(text, file, root, buildWorkflow(root), diagnostics);
}

/** The document over a parsed tree and its model; parseWorkflow and the incremental re-parse share it. */
export function workflowDocument(text: string, file: string | undefined, root: YNode | null, workflow: Workflow, syntaxDiagnostics: Diagnostic[]): WorkflowDocument {
  return {
    text,
    ...(file !== undefined ? { file } : {}),
    format: file && JSON_FILE.test(file) ? 'json' : 'yaml',
    root,
    workflow,
    syntaxDiagnostics,
    lines: new LineIndex(text),
  };
}

/**
 * The model over a tree. `reuse` hands in the steps of an earlier model whose nodes this tree
 * shares (the incremental re-parse keeps the steps before an edit): each of them whose node is
 * the tree's own item at its index is kept rather than built again.
 */
export function buildWorkflow(root: YNode | null, reuse?: readonly Step[]): Workflow {
  const nameNode = getValue(root, 'name');
  const stepsNode = getValue(root, 'steps');
  const steps = stepsNode?.kind === 'seq' ? buildSteps(stepsNode.items, reuse) : [];
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

function buildSteps(items: readonly YNode[], reuse: readonly Step[] | undefined): Step[] {
  if (!reuse) return items.map(buildStep);
  const steps = new Array<Step>(items.length);
  for (let i = 0; i < items.length; i++) {
    const earlier = reuse[i];
    steps[i] = earlier !== undefined && earlier.node === items[i] ? earlier : buildStep(items[i]!, i);
  }
  return steps;
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
  // Read straight from the pairs rather than through a plain copy of the map. As in the plain
  // object, a repeated key takes its last value.
  let maxAttempts: YNode | null = null;
  let backoff: YNode | null = null;
  let initialDelayMs: YNode | null = null;
  let maxDelayMs: YNode | null = null;
  const { pairs } = node;
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i]!;
    switch (pair.key.value) {
      case 'maxAttempts':
        maxAttempts = pair.value;
        break;
      case 'backoff':
        backoff = pair.value;
        break;
      case 'initialDelayMs':
        initialDelayMs = pair.value;
        break;
      case 'maxDelayMs':
        maxDelayMs = pair.value;
        break;
    }
  }
  const retry: Partial<RetryPolicy> = {};
  const attempts = scalarNumber(maxAttempts);
  if (attempts !== undefined) retry.maxAttempts = attempts;
  const backoffValue = scalarString(backoff);
  if (backoffValue === 'exponential' || backoffValue === 'fixed') retry.backoff = backoffValue;
  const initialDelay = scalarNumber(initialDelayMs);
  if (initialDelay !== undefined) retry.initialDelayMs = initialDelay;
  const maxDelay = scalarNumber(maxDelayMs);
  if (maxDelay !== undefined) retry.maxDelayMs = maxDelay;
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
  if (node.kind !== 'map') return { index, node, nextSteps: [] };
  // One pass over the step's pairs finds every field; the first of a repeated key counts, as
  // with getPair. Steps are most of a large file, so this replaces a search per field.
  let slugPair: YPair | undefined;
  let typePair: YPair | undefined;
  let namePair: YPair | undefined;
  let descriptionPair: YPair | undefined;
  let configPair: YPair | undefined;
  let nextStepsPair: YPair | undefined;
  let retryPair: YPair | undefined;
  let timeoutPair: YPair | undefined;
  const { pairs } = node;
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i]!;
    switch (pair.key.value) {
      case 'stepSlug':
        slugPair ??= pair;
        break;
      case 'stepType':
        typePair ??= pair;
        break;
      case 'name':
        namePair ??= pair;
        break;
      case 'description':
        descriptionPair ??= pair;
        break;
      case 'config':
        configPair ??= pair;
        break;
      case 'nextSteps':
        nextStepsPair ??= pair;
        break;
      case 'retry':
        retryPair ??= pair;
        break;
      case 'timeoutMs':
        timeoutPair ??= pair;
        break;
    }
  }
  const slugNode = slugPair?.value;
  const typeNode = typePair?.value;
  const configNode = configPair?.value;
  const nextStepsNode = nextStepsPair?.value;
  const nextSteps = nextStepsNode?.kind === 'map' ? buildEdges(nextStepsNode) : [];
  const name = scalarString(namePair?.value);
  const description = scalarString(descriptionPair?.value);
  let step: Step;
  if (
    slugNode?.kind === 'scalar' &&
    typeof slugNode.value === 'string' &&
    typeNode?.kind === 'scalar' &&
    typeof typeNode.value === 'string' &&
    description === undefined &&
    configNode?.kind === 'map' &&
    nextStepsNode?.kind === 'map'
  ) {
    // The usual step, made whole at once: adding its properties one by one would grow a
    // separate property store several times over, for every step of a large file.
    step =
      name === undefined
        ? { index, node, nextSteps, slugNode, slug: slugNode.value, typeNode, type: typeNode.value, configNode, config: configNode, nextStepsNode }
        : { index, node, nextSteps, slugNode, slug: slugNode.value, typeNode, type: typeNode.value, name, configNode, config: configNode, nextStepsNode };
  } else {
    // Any other step gets the same properties, in the same order, as they apply.
    step = { index, node, nextSteps };
    if (slugNode?.kind === 'scalar') {
      step.slugNode = slugNode;
      if (slugNode.value !== null) step.slug = String(slugNode.value);
    }
    if (typeNode?.kind === 'scalar') {
      step.typeNode = typeNode;
      if (typeof typeNode.value === 'string') step.type = typeNode.value;
    }
    if (name !== undefined) step.name = name;
    if (description !== undefined) step.description = description;
    if (configPair) {
      step.configNode = configNode ?? null;
      if (configNode?.kind === 'map') step.config = configNode;
    }
    if (nextStepsNode?.kind === 'map') step.nextStepsNode = nextStepsNode;
  }
  const retry = buildRetry(retryPair?.value);
  if (retry) step.retry = retry;
  const timeoutMs = scalarNumber(timeoutPair?.value);
  if (timeoutMs !== undefined) step.timeoutMs = timeoutMs;
  return step;
}

function buildEdges(map: YMap): PortEdge[] {
  const { pairs } = map;
  const edges = new Array<PortEdge>(pairs.length);
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i]!;
    const targetNode = pair.value;
    const port = String(pair.key.value);
    // Two literals rather than a spread, so no throw-away object is made per edge.
    edges[i] =
      targetNode?.kind === 'scalar' && targetNode.value !== null
        ? { port, portNode: pair.key, target: String(targetNode.value), targetNode }
        : { port, portNode: pair.key, targetNode };
  }
  return edges;
}
