// The workflow model builder against a plain restatement of its rules (one key lookup per field,
// retry read through a plain copy of its map): on real files, generated workflows and random
// steps with repeated keys, wrong types and missing values, both give the same model, with the
// same properties in the same order.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildWorkflow, parseWorkflow } from '../../../runtime/src/language/parse-workflow.ts';
import { getPair, getValue, parseYamlTree, parseYamlTreeFully, scalarNumber, scalarString, toPlain, type YNode } from '../../../runtime/src/language/yaml-tree.ts';
import type { PortEdge, RetryPolicy, Step } from '../../../runtime/src/language/workflow-model.ts';
import { Random, generatedWorkflows, mutate, realFiles } from './yaml-inputs.ts';

function referenceRetry(node: YNode | null | undefined): Partial<RetryPolicy> | undefined {
  if (node?.kind !== 'map') return undefined;
  const plain = toPlain(node) as Record<string, unknown>;
  const retry: Partial<RetryPolicy> = {};
  if (typeof plain['maxAttempts'] === 'number') retry.maxAttempts = plain['maxAttempts'];
  if (plain['backoff'] === 'exponential' || plain['backoff'] === 'fixed') retry.backoff = plain['backoff'];
  if (typeof plain['initialDelayMs'] === 'number') retry.initialDelayMs = plain['initialDelayMs'];
  if (typeof plain['maxDelayMs'] === 'number') retry.maxDelayMs = plain['maxDelayMs'];
  return retry;
}

function referenceStep(node: YNode, index: number): Step {
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
  const retry = referenceRetry(getValue(node, 'retry'));
  if (retry) step.retry = retry;
  const timeoutMs = scalarNumber(getValue(node, 'timeoutMs'));
  if (timeoutMs !== undefined) step.timeoutMs = timeoutMs;
  return step;
}

/** Every model object's own keys in order, nodes left out (they are the tree's own objects). */
function keyOrders(value: unknown, path = '$', out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item, index) => keyOrders(item, `${path}[${index}]`, out));
  else if (value instanceof Map) for (const [key, item] of value) keyOrders(item, `${path}.get(${String(key)})`, out);
  else if (value && typeof value === 'object' && !('range' in value)) {
    out.push(`${path}: ${Object.keys(value).join(',')}`);
    for (const [key, item] of Object.entries(value)) keyOrders(item, `${path}.${key}`, out);
  }
  return out;
}

function assertModelAgrees(root: YNode | null, label: string): void {
  const workflow = buildWorkflow(root);
  const stepsNode = getValue(root, 'steps');
  const expectedSteps = stepsNode?.kind === 'seq' ? stepsNode.items.map(referenceStep) : [];
  assert.deepStrictEqual(workflow.steps, expectedSteps, `${label}: steps differ`);
  assert.deepEqual(keyOrders(workflow.steps), keyOrders(expectedSteps), `${label}: step properties come in another order`);
  const settingsNode = getValue(root, 'settings');
  const expectedRetry = referenceRetry(settingsNode?.kind === 'map' ? getValue(settingsNode, 'retry') : undefined);
  assert.deepStrictEqual(workflow.settings.retry, expectedRetry, `${label}: settings.retry differs`);
  assert.deepEqual(keyOrders(workflow.settings.retry), keyOrders(expectedRetry), `${label}: settings.retry properties come in another order`);
}

const FIELD_VALUES = [
  'x',
  'fetch_orders',
  '42',
  'null',
  '~',
  'true',
  '"quoted"',
  '[a, b]',
  '{ a: 1 }',
  '{ success: next, error: fail }',
  '{ success: 1, error: null, "true": t, 3: x }',
  '{ maxAttempts: 3, backoff: fixed, initialDelayMs: 10, maxDelayMs: 20 }',
  '{ maxAttempts: 3, maxAttempts: x, backoff: exponential, backoff: linear }',
  '{ maxAttempts: "3", initialDelayMs: [1], maxDelayMs: 1.5 }',
  '{ type: log, parameters: { message: hi } }',
  '',
];
const STEP_KEYS = ['stepSlug', 'stepType', 'name', 'description', 'config', 'nextSteps', 'retry', 'timeoutMs', 'other', '1', 'null'];

/** A workflow of random steps: random fields in random order, some repeated, values of every shape. */
function randomWorkflow(random: Random): string {
  const lines = ['name: random', 'settings:', `  retry: ${random.pick(FIELD_VALUES)}`, 'steps:'];
  const steps = 1 + random.below(6);
  for (let s = 0; s < steps; s++) {
    if (random.below(10) === 0) {
      lines.push(`  - ${random.pick(FIELD_VALUES) || 'plain'}`);
      continue;
    }
    const fields = 1 + random.below(8);
    for (let f = 0; f < fields; f++) lines.push(`${f === 0 ? '  - ' : '    '}${random.pick(STEP_KEYS)}: ${random.pick(FIELD_VALUES)}`);
  }
  return lines.join('\n') + '\n';
}

describe('workflow model', () => {
  test('matches the reference rules on every example and fixture', () => {
    for (const { name, text } of realFiles()) {
      assertModelAgrees(parseYamlTree(text).root, name);
      assertModelAgrees(parseYamlTreeFully(text).root, `${name} (full parser)`);
    }
  });

  test('matches the reference rules on the generated workflows and their mutations', () => {
    const seeds = generatedWorkflows().map((file) => file.text);
    for (const text of seeds) assertModelAgrees(parseYamlTree(text).root, 'generated');
    const random = new Random(99);
    for (let round = 0; round < 300; round++) assertModelAgrees(parseYamlTree(mutate(random.pick(seeds), random)).root, `mutation ${round}`);
  });

  test('matches the reference rules on random steps with repeated keys and odd values', () => {
    const random = new Random(2024);
    for (let round = 0; round < 3000; round++) {
      const text = randomWorkflow(random);
      // Repeated keys send the text to the full parser, which keeps every pair: the first counts.
      assertModelAgrees(parseYamlTree(text).root, JSON.stringify(text));
      assertModelAgrees(parseYamlTreeFully(text).root, `${JSON.stringify(text)} (full parser)`);
    }
  });

  test('reads a step’s fields, its edges and its retry', () => {
    const text = [
      'steps:',
      '  - stepSlug: fetch',
      '    stepType: action',
      '    name: Fetch',
      '    config: { type: http.request }',
      '    retry: { maxAttempts: 2, backoff: fixed, maxAttempts: 5 }',
      '    timeoutMs: 100',
      '    nextSteps: { success: end, error: 7, timeout: null }',
      '',
    ].join('\n');
    const [step] = parseWorkflow(text).workflow.steps;
    assert.equal(step?.slug, 'fetch');
    assert.equal(step?.type, 'action');
    assert.equal(step?.name, 'Fetch');
    assert.equal(step?.config?.kind, 'map');
    assert.deepEqual(step?.retry, { maxAttempts: 5, backoff: 'fixed' });
    assert.equal(step?.timeoutMs, 100);
    assert.deepEqual(
      step?.nextSteps.map((edge) => [edge.port, edge.target]),
      [
        ['success', 'end'],
        ['error', '7'],
        ['timeout', undefined],
      ],
    );
    assert.equal('target' in step!.nextSteps[2]!, false);
  });

  test('keeps a step that is not a map, with no fields', () => {
    const root = parseYamlTree('steps:\n  - just text\n').root;
    const stepsNode = getValue(root, 'steps');
    assert.equal(stepsNode?.kind, 'seq');
    assert.deepStrictEqual(buildWorkflow(root).steps, [{ index: 0, node: stepsNode.items[0]!, nextSteps: [] }]);
  });
});
