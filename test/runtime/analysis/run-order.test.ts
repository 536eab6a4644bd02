// Run order on real workflow text: which steps have surely, maybe or not yet run before a step,
// at a loop iteration's end (`collect`), at the run's exit (`output`) and at its start (`vars`),
// and which steps' error paths lead where. Then thousands of random step graphs against the
// literal data-flow model in run-order-reference.ts.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeRunOrder, isOnErrorPath, ranBefore, type RunOrder } from '../../../runtime/src/analysis/run-order.ts';
import { buildStepGraph } from '../../../runtime/src/analysis/step-graph.ts';
import { parseWorkflow } from '../../../runtime/src/language/parse-workflow.ts';
import type { Step } from '../../../runtime/src/language/workflow-model.ts';
import { generateWorkflow } from '../../../bench/generate-workflow.ts';
import { Random } from '../language/yaml-inputs.ts';
import { referenceRanBefore, referenceRunOrder } from './run-order-reference.ts';

/** `steps` as `slug: type [config] -> port:target, …` lines, after a manual trigger `start`. */
function orderOf(...steps: string[]): { order: RunOrder; step: (slug: string) => Step } {
  const lines = ['name: Test', 'steps:'];
  for (const line of steps) {
    const [head, ports = ''] = line.split('->').map((part) => part.trim());
    const [slug, type, ...config] = head!.split(/\s+/);
    lines.push(`  - stepSlug: ${slug}`, `    stepType: ${type}`);
    if (type === 'trigger') lines.push('    config: { type: manual }');
    if (config.length > 0) lines.push(`    config: { ${config.join(' ')} }`);
    if (ports) lines.push(`    nextSteps: { ${ports} }`);
  }
  const document = parseWorkflow(lines.join('\n') + '\n');
  const graph = buildStepGraph(document.workflow);
  return { order: computeRunOrder(graph), step: (slug) => document.workflow.stepsBySlug.get(slug)! };
}

describe('run order', () => {
  test('a chain: everything before has surely run, nothing after', () => {
    const { order, step } = orderOf('start trigger -> success: a', 'a action -> success: b', 'b action -> success: c', 'c action');
    assert.equal(ranBefore(order.before(step('c')), step('a')), 'always');
    assert.equal(ranBefore(order.before(step('c')), step('b')), 'always');
    assert.equal(ranBefore(order.before(step('a')), step('b')), 'never');
    assert.equal(ranBefore(order.before(step('a')), step('a')), 'never');
    assert.equal(ranBefore(order.atExit, step('c')), 'always');
    assert.equal(ranBefore(order.atStart, step('a')), 'never');
  });

  test('a condition diamond: each branch maybe ran after the merge, the condition surely did', () => {
    const { order, step } = orderOf('start trigger -> success: check', 'check condition -> true: yes, false: no', 'yes action -> success: merge', 'no action -> success: merge', 'merge action');
    const atMerge = order.before(step('merge'));
    assert.equal(ranBefore(atMerge, step('check')), 'always');
    assert.equal(ranBefore(atMerge, step('yes')), 'sometimes');
    assert.equal(ranBefore(atMerge, step('no')), 'sometimes');
    assert.equal(ranBefore(order.before(step('yes')), step('no')), 'never');
  });

  test('error ports: only paths leaving through `error` are on the error path', () => {
    const { order, step } = orderOf('start trigger -> success: fetch', 'fetch action -> success: report, error: handle', 'handle action -> success: merge', 'report action -> success: merge', 'merge action');
    assert.equal(isOnErrorPath(order.before(step('handle')), step('fetch')), true);
    assert.equal(isOnErrorPath(order.before(step('report')), step('fetch')), false);
    assert.equal(isOnErrorPath(order.before(step('merge')), step('fetch')), true);
    assert.equal(isOnErrorPath(order.before(step('fetch')), step('fetch')), false);
  });

  test('a loop: its body may not run at all, so after `done` the body only maybe ran', () => {
    const { order, step } = orderOf(
      'start trigger -> success: load',
      'load action -> success: each',
      'each loop items: "<<steps.load.output>>" -> next: body, done: after, error: failed',
      'body action -> success: more',
      'more action -> success: each',
      'after action',
      'failed action',
    );
    assert.equal(ranBefore(order.before(step('body')), step('load')), 'always');
    assert.equal(ranBefore(order.before(step('body')), step('each')), 'always');
    assert.equal(ranBefore(order.before(step('more')), step('body')), 'always');
    assert.equal(ranBefore(order.before(step('after')), step('each')), 'always');
    assert.equal(ranBefore(order.before(step('after')), step('body')), 'sometimes');
    // `collect` runs at the end of an iteration: the whole body has run by then.
    assert.equal(ranBefore(order.atIterationEnd(step('each')), step('more')), 'always');
    assert.equal(ranBefore(order.atIterationEnd(step('each')), step('after')), 'never');
    // The loop's `error` port fires when a body step fails.
    assert.equal(isOnErrorPath(order.before(step('failed')), step('body')), true);
    assert.equal(isOnErrorPath(order.before(step('failed')), step('each')), true);
    assert.equal(isOnErrorPath(order.before(step('after')), step('body')), false);
  });

  test('nested loops: the inner body sees the outer body, and routing back counts for the outer loop', () => {
    const { order, step } = orderOf(
      'start trigger -> success: outer',
      'outer loop items: "[1]" -> next: prepare, done: finish',
      'prepare action -> success: inner',
      'inner loop items: "[2]" -> next: work, done: outer',
      'work action -> success: inner',
      'finish action',
    );
    assert.equal(ranBefore(order.before(step('work')), step('prepare')), 'always');
    assert.equal(ranBefore(order.before(step('work')), step('outer')), 'always');
    assert.equal(ranBefore(order.atIterationEnd(step('inner')), step('work')), 'always');
    assert.equal(ranBefore(order.atIterationEnd(step('outer')), step('inner')), 'always');
    assert.equal(ranBefore(order.before(step('finish')), step('work')), 'sometimes');
    assert.equal(ranBefore(order.before(step('finish')), step('prepare')), 'sometimes');
    // The inner loop's `done` leads back to the outer loop, whose own facts then include it.
    assert.equal(ranBefore(order.before(step('outer')), step('inner')), 'sometimes');
  });

  test('a parallel: after `done` every branch entry has run, deeper branch steps maybe', () => {
    const { order, step } = orderOf(
      'start trigger -> success: fork',
      'fork parallel branches: [left, right] -> done: join',
      'left action -> success: deeper',
      'deeper action',
      'right action',
      'join action',
    );
    const atJoin = order.before(step('join'));
    assert.equal(ranBefore(atJoin, step('fork')), 'always');
    assert.equal(ranBefore(atJoin, step('left')), 'always');
    assert.equal(ranBefore(atJoin, step('right')), 'always');
    assert.equal(ranBefore(atJoin, step('deeper')), 'sometimes');
    assert.equal(ranBefore(order.before(step('right')), step('left')), 'never');
  });

  test('an unreachable step starts from nothing and passes nothing on', () => {
    const { order, step } = orderOf('start trigger -> success: a', 'a action -> success: tail', 'orphan action -> success: tail', 'tail action');
    assert.equal(ranBefore(order.before(step('orphan')), step('start')), 'never');
    // `orphan` never runs, so `tail` is reached only through `a`: both always ran before it.
    assert.equal(ranBefore(order.before(step('tail')), step('a')), 'always');
    assert.equal(ranBefore(order.before(step('tail')), step('orphan')), 'never');
  });

  test('stays near-linear on 5000 steps, even asked about every step before every step', () => {
    const graph = buildStepGraph(parseWorkflow(generateWorkflow(5000)).workflow);
    const steps = graph.workflow.steps;
    const started = performance.now();
    const order = computeRunOrder(graph);
    // Like completion: every step asked about at one point, then at every point some step
    // that did not surely run (the answers that need a search, not a dominator lookup).
    const atEnd = order.before(steps.at(-1)!);
    for (const step of steps) ranBefore(atEnd, step);
    for (const step of steps) ranBefore(order.before(step), steps[(step.index * 7919) % steps.length]!);
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 2000, `took ${Math.round(elapsed)} ms`);
  });
});

const PORTS: Record<string, string[]> = {
  action: ['success', 'error'],
  condition: ['true', 'false', 'error'],
  loop: ['next', 'done', 'error'],
  parallel: ['done', 'error'],
  approval: ['approved', 'rejected', 'timeout'],
};

/** A random step graph: forward edges mostly, some back to earlier steps (re-entry or cycles), some to `end`. */
function randomWorkflow(random: Random, size: number): string {
  const lines = ['name: Random', 'steps:', '  - stepSlug: s0', '    stepType: trigger', '    config: { type: manual }', '    nextSteps: { success: s1 }'];
  for (let index = 1; index < size; index++) {
    const type = random.pick(Object.keys(PORTS));
    lines.push(`  - stepSlug: s${index}`, `    stepType: ${type}`);
    if (type === 'parallel') {
      const branches = Array.from({ length: 1 + random.below(2) }, () => `s${Math.min(size - 1, index + 1 + random.below(3))}`);
      lines.push(`    config: { branches: [${branches.join(', ')}] }`);
    }
    const wired: string[] = [];
    for (const port of PORTS[type]!) {
      if (random.below(4) === 0) continue;
      const roll = random.below(10);
      const target = roll === 0 ? 'end' : roll === 1 ? `s${random.below(size)}` : roll === 2 ? `s${Math.max(1, index - 1 - random.below(3))}` : `s${Math.min(size - 1, index + 1 + random.below(3))}`;
      wired.push(`${port}: ${target}`);
    }
    if (wired.length > 0) lines.push(`    nextSteps: { ${wired.join(', ')} }`);
  }
  return lines.join('\n') + '\n';
}

describe('run order against the literal data-flow model', () => {
  test('agrees on every point and step of random graphs', () => {
    const random = new Random(99);
    // A long generated workflow gives a deep dominator tree (many run-ending approval steps meet at the exit).
    const texts = [generateWorkflow(60), generateWorkflow(240)];
    for (let round = 0; round < 1500; round++) texts.push(randomWorkflow(random, 3 + random.below(round % 3 === 0 ? 40 : 12)));
    for (const text of texts) {
      const { workflow } = parseWorkflow(text);
      const graph = buildStepGraph(workflow);
      const fast = computeRunOrder(graph);
      const reference = referenceRunOrder(graph);
      const points: Array<[string, ReturnType<RunOrder['before']>, ReturnType<typeof reference.before>]> = [['exit', fast.atExit, reference.atExit]];
      for (const step of workflow.steps) {
        points.push([`before ${step.slug}`, fast.before(step), reference.before(step)]);
        points.push([`iteration end of ${step.slug}`, fast.atIterationEnd(step), reference.atIterationEnd(step)]);
      }
      for (const [label, facts, expected] of points) {
        for (const step of workflow.steps) {
          assert.equal(ranBefore(facts, step), referenceRanBefore(expected, step), `${label}, ran ${step.slug}, in\n${text}`);
          assert.equal(isOnErrorPath(facts, step), expected.errorFrom.has(step), `${label}, error path of ${step.slug}, in\n${text}`);
        }
      }
      for (const step of workflow.steps) assert.equal(ranBefore(fast.atStart, step), 'never');
    }
  });
});
