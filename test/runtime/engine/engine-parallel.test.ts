// Parallel steps: every branch runs concurrently from its entry; a branch ends when it routes
// back to the parallel or reaches an unwired port; `done` when all have ended, with every
// branch's records visible afterwards; a branch error goes to the parallel's `error` port and
// aborts the other branches; a crash inside a branch resumes correctly.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BUILTIN_ACTION_IMPLEMENTATIONS } from '../../../runtime/src/actions/index.ts';
import { resumeRun, startRun } from '../../../runtime/src/engine/index.ts';
import { parseWorkflow } from '../../../runtime/src/language/parse-workflow.ts';
import { openStore, StoreError } from '../../../runtime/src/store/index.ts';
import { createHarness, workflow } from './engine-harness.ts';

const harness = createHarness();
after(() => harness.close());

const PARALLEL = workflow(`  - stepSlug: gather
    stepType: parallel
    config: { branches: [slow, fast] }
    nextSteps: { done: combine, error: failed }
  - stepSlug: slow
    stepType: action
    config: { type: delay, parameters: { ms: <<input.slowMs>> } }
    nextSteps: { success: slow_result }
  - stepSlug: slow_result
    stepType: action
    config: { type: test.value, parameters: { value: slow, fail: <<input.failSlow>> } }
    nextSteps: { success: gather }
  - stepSlug: fast
    stepType: action
    config: { type: test.value, parameters: { value: fast, fail: false } }
  - stepSlug: combine
    stepType: action
    config: { type: log, parameters: { message: "<<steps.slow_result.output.value>>+<<steps.fast.output.value>>" } }
  - stepSlug: failed
    stepType: action
    config: { type: log, parameters: { message: "failed: <<steps.gather.error.code>>" } }
`, 'output: <<steps.combine.output.message || steps.failed.output.message>>\n');

const valueAction = {
  name: 'test.value',
  async run(params: Record<string, unknown>) {
    if (params.fail === true) {
      const { ActionError } = await import('../../../runtime/src/actions/index.ts');
      throw new ActionError('boom', 'the slow branch failed');
    }
    return { value: params.value };
  },
};
const actions = new Map([...BUILTIN_ACTION_IMPLEMENTATIONS, ['test.value', valueAction]]);

describe('engine parallel', () => {
  it('runs branches concurrently and takes done when all have ended', async () => {
    const result = await harness.run(PARALLEL, { slowMs: 30, failSlow: false }, { actions });
    assert.equal(result.status, 'completed', JSON.stringify(result.error));
    assert.equal(result.output, 'slow+fast');
    const trace = harness.trace();
    // The fast branch finished while the slow one was still waiting.
    assert.ok(trace.indexOf('gather[1]/fast success') < trace.indexOf('gather[0]/slow success'));
    assert.deepEqual(trace.slice(-2), ['gather done', 'combine success']);
  });

  it("sends a branch error to the parallel's error port and aborts the other branches", async () => {
    const yaml = PARALLEL.replace('config: { type: test.value, parameters: { value: fast, fail: false } }', 'config: { type: delay, parameters: { ms: 600000 } }');
    const result = await harness.run(yaml, { slowMs: 1, failSlow: true }, { actions });
    assert.equal(result.status, 'completed');
    assert.equal(result.output, 'failed: boom');
    assert.ok(!harness.trace().some((line) => line.startsWith('gather[1]')));
  });

  it('resumes a run that died inside a branch', async () => {
    const dir = harness.dir;
    const file = join(dir, 'parallel.flow.yaml');
    const store = openStore({ dir: join(dir, 'crash') });
    let calls = 0;
    const crashing = {
      name: 'test.value',
      async run(params: Record<string, unknown>) {
        calls++;
        if (params.value === 'slow') {
          store.close();
          throw new Error('died');
        }
        return { value: params.value };
      },
    };
    let runId = '';
    await assert.rejects(
      startRun({
        document: parseWorkflow(PARALLEL, file),
        file,
        input: { slowMs: 20, failSlow: false },
        store,
        stateDir: dir,
        env: {},
        actions: new Map([...BUILTIN_ACTION_IMPLEMENTATIONS, ['test.value', crashing]]),
        observers: [(event) => (event.type === 'run.started' ? (runId = event.runId) : undefined)],
      }),
      StoreError,
    );
    assert.equal(calls, 2);
    const reopened = openStore({ dir: join(dir, 'crash') });
    assert.deepEqual(reopened.listSteps(runId).map((record) => record.path), ['start', 'gather[1]/fast', 'gather[0]/slow']);
    const result = await resumeRun(runId, { store: reopened, stateDir: dir, env: {}, document: parseWorkflow(PARALLEL, file), actions });
    assert.equal(result.status, 'completed', JSON.stringify(result.error));
    assert.equal(result.output, 'slow+fast');
    assert.deepEqual(reopened.listSteps(runId).map((record) => record.path).slice(3), ['gather[0]/slow_result', 'gather', 'combine']);
    reopened.close();
  });
});
