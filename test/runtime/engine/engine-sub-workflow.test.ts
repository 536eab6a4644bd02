// `workflow` steps: a nested run in the same store whose output becomes the step's output; a
// failed child takes the parent's error port; self-recursion stops at the nesting limit; and a
// parent resumed after a crash inside its child resumes that same child instead of starting anew.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUILTIN_ACTION_IMPLEMENTATIONS, type ActionImplementation } from '../../../runtime/src/actions/index.ts';
import { resumeRun, startRun } from '../../../runtime/src/engine/index.ts';
import { openStore, StoreError, type Store } from '../../../runtime/src/store/index.ts';
import { createHarness } from './engine-harness.ts';

const CHILD = `name: Child
inputs:
  n: { type: integer, required: true }
output: { doubled: <<steps.double.output.value>> }
steps:
  - stepSlug: start
    stepType: trigger
    config: { type: manual }
    nextSteps: { success: first }
  - stepSlug: first
    stepType: action
    config: { type: test.probe, parameters: { at: first } }
    nextSteps: { success: double }
  - stepSlug: double
    stepType: action
    config: { type: set_variables, parameters: { value: "<<input.n * 2>>" } }
    nextSteps: { success: second }
  - stepSlug: second
    stepType: action
    config: { type: test.probe, parameters: { at: second } }
`;

const PARENT = `name: Parent
inputs:
  n: { type: number, default: 21 }
output: { answer: <<steps.call.output.doubled>>, error: <<steps.call.error.code>> }
steps:
  - stepSlug: start
    stepType: trigger
    config: { type: manual }
    nextSteps: { success: call }
  - stepSlug: call
    stepType: workflow
    config: { path: ./child.flow.yaml, input: { n: <<input.n>> } }
    nextSteps: { success: end, error: end }
`;

function probe(calls: string[], crash?: { at: string; store: Store }): ActionImplementation {
  return {
    name: 'test.probe',
    async run(params, ctx) {
      calls.push(`${ctx.executionId}:${String(params.at)}`);
      if (crash && params.at === crash.at) {
        crash.store.close();
        throw new Error('died');
      }
      return { at: params.at };
    },
  };
}

describe('workflow steps', () => {
  it('runs the child as a nested run and takes its output, or the error port when it fails', async () => {
    const harness = createHarness();
    try {
      writeFileSync(join(harness.dir, 'child.flow.yaml'), CHILD);
      const parentFile = join(harness.dir, 'parent.flow.yaml');
      writeFileSync(parentFile, PARENT);
      const actions = new Map([...BUILTIN_ACTION_IMPLEMENTATIONS, ['test.probe', probe([])]]);
      const ok = await harness.run(PARENT, {}, { file: parentFile, actions });
      assert.deepEqual(ok.output, { answer: 42, error: null });
      const record = harness.store.listSteps(ok.runId).find((step) => step.stepSlug === 'call')!;
      const childId = (record.extra as { childRunId: string }).childRunId;
      assert.equal(harness.store.getRun(childId)?.workflowName, 'Child');

      const bad = await harness.run(PARENT, { n: 1.5 }, { file: parentFile, actions });
      assert.deepEqual(bad.output, { answer: null, error: 'invalid-input' });

      const selfFile = join(harness.dir, 'self.flow.yaml');
      const self = PARENT.replace('./child.flow.yaml', './self.flow.yaml').replace('{ success: end, error: end }', '{ success: end }');
      writeFileSync(selfFile, self);
      const recursive = await harness.run(self, {}, { file: selfFile, actions });
      assert.equal(recursive.status, 'failed');
      assert.equal(recursive.error?.code, 'workflow-failed');
      assert.match(recursive.error!.message, /nest more than 8 levels/);
    } finally {
      harness.close();
    }
  });

  it('resumes the same child after a crash inside it', async () => {
    const harness = createHarness();
    harness.close();
    writeFileSync(join(harness.dir, 'child.flow.yaml'), CHILD);
    const parentFile = join(harness.dir, 'parent.flow.yaml');
    writeFileSync(parentFile, PARENT);
    const calls: string[] = [];
    const store = openStore({ dir: harness.dir });
    let parentId = '';
    await assert.rejects(
      startRun({
        file: parentFile,
        store,
        stateDir: harness.dir,
        env: {},
        actions: new Map([...BUILTIN_ACTION_IMPLEMENTATIONS, ['test.probe', probe(calls, { at: 'second', store })]]),
        observers: [(event) => (event.type === 'run.started' ? (parentId = event.runId) : undefined)],
      }),
      StoreError,
    );
    const reopened = openStore({ dir: harness.dir });
    const [child] = reopened.listRuns({ status: 'running' }).filter((run) => run.id !== parentId);
    assert.ok(child, 'the child run is left running');
    const result = await resumeRun(parentId, { store: reopened, stateDir: harness.dir, env: {}, actions: new Map([...BUILTIN_ACTION_IMPLEMENTATIONS, ['test.probe', probe(calls)]]) });
    assert.deepEqual(result.output, { answer: 42, error: null });
    // The child's first probe ran once; its second ran again after the crash, in the same child run.
    assert.deepEqual(calls, [`${child.id}:first`, `${child.id}:second`, `${child.id}:second`]);
    assert.equal(reopened.getRun(child.id)?.status, 'completed');
    assert.equal(reopened.listRuns().length, 2);
    reopened.close();
  });
});
