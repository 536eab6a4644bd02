// Replay, exhaustively: a run with nested loops (one concurrent), a parallel, collected results,
// vars and a retried step is completed once; then for every prefix of its committed trace a new
// store holds just that prefix and `resume` finishes the run. Every resumed run must reach the
// same output, keep the prefix untouched, and commit each remaining step exactly once. (Steps
// of concurrent iterations do not read-modify-write shared vars here: such races are allowed to
// interleave differently after a resume, as they may between two runs.)

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILTIN_ACTION_IMPLEMENTATIONS, ActionError, type ActionImplementation } from '../../../runtime/src/actions/index.ts';
import { resumeRun, startRun, hashWorkflowText } from '../../../runtime/src/engine/index.ts';
import { parseWorkflow } from '../../../runtime/src/language/parse-workflow.ts';
import { openStore, type StepRecord } from '../../../runtime/src/store/index.ts';
import { retryDelayMs, resolveRetryPolicy } from '../../../runtime/src/engine/retry-policy.ts';

const YAML = `name: Replay
inputs:
  groups: { type: array, required: true }
vars: { sum: 0 }
output:
  sum: <<vars.sum>>
  groups: <<steps.outer.output.results>>
  both: "<<steps.left.output.side>>+<<steps.right.output.side>>"
steps:
  - stepSlug: start
    stepType: trigger
    config: { type: manual }
    nextSteps: { success: outer }
  - stepSlug: outer
    stepType: loop
    config:
      items: <<input.groups>>
      itemVariable: group
      concurrency: 2
      collect: { name: <<group.name>>, members: <<steps.inner.output.results>> }
    nextSteps: { next: inner, done: total }
  - stepSlug: total
    stepType: action
    config: { type: set_variables, parameters: { sum: "<<vars.sum + steps.outer.output.count>>" } }
    nextSteps: { success: sides }
  - stepSlug: inner
    stepType: loop
    config: { items: <<group.members>>, collect: "<<loop.parent.item.name>>-<<loop.item>>-<<steps.add.output.big>>" }
    nextSteps: { next: big, done: outer }
  - stepSlug: big
    stepType: condition
    config: { expression: "loop.item > 5" }
    nextSteps: { true: add, false: inner }
  - stepSlug: add
    stepType: action
    config: { type: set_variables, parameters: { big: <<loop.item>> } }
    nextSteps: { success: inner }
  - stepSlug: sides
    stepType: parallel
    config: { branches: [left, right] }
    nextSteps: { done: flaky }
  - stepSlug: left
    stepType: action
    config: { type: set_variables, parameters: { side: L } }
  - stepSlug: right
    stepType: action
    config: { type: set_variables, parameters: { side: R } }
    nextSteps: { success: sides }
  - stepSlug: flaky
    stepType: action
    retry: { maxAttempts: 3, initialDelayMs: 0 }
    config: { type: test.flaky, parameters: {} }
`;

const INPUT = { groups: [{ name: 'a', members: [1, 7, 9] }, { name: 'b', members: [6] }, { name: 'c', members: [] }, { name: 'd', members: [2, 8] }] };

/** Fails its first attempt of each execution (retryably), so traces contain a retried step. */
const flaky: ActionImplementation = {
  name: 'test.flaky',
  async run(_params, ctx) {
    if (ctx.attempt === 1) throw new ActionError('flaky', 'first attempts fail', { retryable: true });
    return { attempt: ctx.attempt };
  },
};
const actions = new Map([...BUILTIN_ACTION_IMPLEMENTATIONS, ['test.flaky', flaky]]);
const FILE = '/virtual/replay.flow.yaml';

function key(record: StepRecord): string {
  return `${record.path}|${record.port ?? '-'}|${record.attempt}`;
}

describe('replay from every prefix', () => {
  it('always finishes with the same output and never repeats a committed step', async () => {
    const document = parseWorkflow(YAML, FILE);
    const original = openStore({ memory: true });
    const complete = await startRun({ document, file: FILE, input: INPUT, store: original, env: {}, dotenvFiles: [], actions, stateDir: '/tmp/stepline-replay-unused' });
    assert.equal(complete.status, 'completed', JSON.stringify(complete.error));
    assert.deepEqual(complete.output, {
      sum: 4,
      groups: [
        { name: 'a', members: ['a-1-', 'a-7-7', 'a-9-9'] },
        { name: 'b', members: ['b-6-6'] },
        { name: 'c', members: [] },
        { name: 'd', members: ['d-2-', 'd-8-8'] },
      ],
      both: 'L+R',
    });
    const trace = original.listSteps(complete.runId);
    const run = original.getRun(complete.runId)!;
    original.close();
    assert.ok(trace.some((record) => record.stepSlug === 'flaky' && record.port === undefined));

    for (let prefix = 0; prefix < trace.length; prefix++) {
      const store = openStore({ memory: true });
      store.createRun({ id: run.id, workflowName: run.workflowName, workflowPath: FILE, workflowHash: hashWorkflowText(YAML), input: run.input, startedAt: new Date(run.startedAt) });
      for (const record of trace.slice(0, prefix)) {
        const { runId: _runId, seq: _seq, ...rest } = record;
        store.commitStep(run.id, rest, null);
      }
      const resumed = await resumeRun(run.id, { store, document, env: {}, dotenvFiles: [], actions, stateDir: '/tmp/stepline-replay-unused' });
      assert.equal(resumed.status, 'completed', `prefix ${prefix}: ${JSON.stringify(resumed.error)}`);
      assert.deepEqual(resumed.output, complete.output, `prefix ${prefix}`);
      const after = store.listSteps(run.id);
      assert.deepEqual(after.slice(0, prefix).map(key), trace.slice(0, prefix).map(key), `prefix ${prefix} changed`);
      const finals = after.filter((record) => record.port !== undefined).map((record) => `${record.path}|${record.port}`);
      assert.deepEqual([...finals].sort(), trace.filter((record) => record.port !== undefined).map((record) => `${record.path}|${record.port}`).sort(), `prefix ${prefix}: different steps committed`);
      store.close();
    }
  });
});

describe('retry policy', () => {
  it('merges step over settings over defaults and computes exponential, jittered and fixed delays', () => {
    const policy = resolveRetryPolicy({ maxAttempts: 5 }, { maxAttempts: 2, initialDelayMs: 100, maxDelayMs: 1000 });
    assert.deepEqual(policy, { maxAttempts: 5, backoff: 'exponential', initialDelayMs: 100, maxDelayMs: 1000 });
    assert.deepEqual(resolveRetryPolicy(undefined, undefined).maxAttempts, 1);
    const top = () => 0.999999;
    assert.deepEqual([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(policy, attempt, top)), [99, 199, 399, 799, 999]);
    assert.equal(retryDelayMs(policy, 3, () => 0), 0);
    assert.equal(retryDelayMs(policy, 1, () => 0, 5000), 5000, 'a retry-after wins over a shorter wait');
    assert.equal(retryDelayMs({ ...policy, backoff: 'fixed' }, 4, top), 100);
  });
});
