// Runs and traces through the Store: ids, listing, prefix lookup, and commitStep's one
// transaction for the step record and the cursor.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openStore, StoreError } from '../../../runtime/src/store/index.ts';
import { newRun, stepRecord } from './store-fixtures.ts';

void describe('runs and steps', () => {
  void it('creates a running run with a short sortable id', () => {
    const store = openStore({ memory: true });
    const run = store.createRun(newRun({ startedAt: new Date('2025-07-01T10:00:00.000Z') }));
    assert.match(run.id, /^[0-9a-z]{18}$/);
    assert.deepEqual(run, {
      id: run.id,
      workflowName: 'Product recommendations',
      workflowPath: 'examples/recommend.flow.yaml',
      workflowHash: 'sha256:abc',
      status: 'running',
      input: { customerId: 'c1' },
      startedAt: '2025-07-01T10:00:00.000Z',
      updatedAt: '2025-07-01T10:00:00.000Z',
    });
    assert.deepEqual(store.getRun(run.id), run);
    assert.equal(store.getRun('nope'), undefined);
  });

  void it('commits steps in order with the cursor, and finishes the run', () => {
    const store = openStore({ memory: true });
    const run = store.createRun(newRun());
    const first = store.commitStep(run.id, stepRecord(), { next: 'loop_a', index: 0 });
    const second = store.commitStep(
      run.id,
      stepRecord({
        stepSlug: 'send_email',
        path: 'loop_a[3]/send_email',
        attempt: 2,
        output: undefined,
        error: { code: 'http-status', message: 'boom' },
        port: 'error',
        extra: { logs: ['x'] },
      }),
      { next: 'loop_a', index: 4 },
    );
    assert.equal(first.seq, 1);
    assert.equal(second.seq, 2);
    assert.deepEqual(store.getRun(run.id)?.cursor, { next: 'loop_a', index: 4 });

    const steps = store.listSteps(run.id);
    assert.deepEqual(steps[0], { ...stepRecord(), runId: run.id, seq: 1 });
    assert.equal(steps[1].path, 'loop_a[3]/send_email');
    assert.equal(steps[1].output, undefined);
    assert.deepEqual(steps[1].error, { code: 'http-status', message: 'boom' });
    assert.deepEqual(steps[1].extra, { logs: ['x'] });

    const finished = store.finishRun(run.id, 'completed', { recommended: [1, 2, 3] }, undefined);
    assert.equal(finished.status, 'completed');
    assert.deepEqual(finished.output, { recommended: [1, 2, 3] });
    assert.ok(finished.endedAt);
  });

  void it('distinguishes a null output from no output', () => {
    const store = openStore({ memory: true });
    const run = store.createRun(newRun({ input: null }));
    store.commitStep(run.id, stepRecord({ output: null }), null);
    assert.equal(store.getRun(run.id)?.input, null);
    assert.equal(store.listSteps(run.id)[0].output, null);
    assert.ok('output' in store.listSteps(run.id)[0]);
  });

  void it('commits nothing when the run is unknown or a value cannot be stored', () => {
    const store = openStore({ memory: true });
    assert.throws(
      () => store.commitStep('missing', stepRecord(), {}),
      (error: unknown) => error instanceof StoreError && error.code === 'run-not-found',
    );
    const run = store.createRun(newRun());
    assert.throws(
      () => store.commitStep(run.id, stepRecord({ output: { big: 10n } }), { moved: true }),
      (error: unknown) => error instanceof StoreError && error.code === 'store-invalid-value',
    );
    assert.equal(store.getRun(run.id)?.cursor, undefined);
    assert.deepEqual(store.listSteps(run.id), []);
  });

  void it('lists runs newest first, filtered and limited', () => {
    const store = openStore({ memory: true });
    const old = store.createRun(newRun({ startedAt: new Date('2025-01-01T00:00:00Z') }));
    const mid = store.createRun(newRun({ startedAt: new Date('2025-02-01T00:00:00Z'), workflowPath: 'other.flow.yaml' }));
    const recent = store.createRun(newRun({ startedAt: new Date('2025-03-01T00:00:00Z') }));
    store.setRunStatus(recent.id, 'waiting', { approval: 'manager' });
    assert.deepEqual(
      store.listRuns().map((run) => run.id),
      [recent.id, mid.id, old.id],
    );
    assert.deepEqual(
      store.listRuns({ limit: 2 }).map((run) => run.id),
      [recent.id, mid.id],
    );
    assert.deepEqual(
      store.listRuns({ workflowPath: 'other.flow.yaml' }).map((run) => run.id),
      [mid.id],
    );
    assert.deepEqual(
      store.listRuns({ status: 'waiting' }).map((run) => [run.id, run.cursor]),
      [[recent.id, { approval: 'manager' }]],
    );
  });

  void it('finds a run by a unique prefix and reports ambiguity', () => {
    const store = openStore({ memory: true });
    const a = store.createRun(newRun({ id: 'abc111' }));
    store.createRun(newRun({ id: 'abc222' }));
    assert.deepEqual(store.findRunByPrefix('abc1'), { kind: 'found', run: a });
    assert.deepEqual(store.findRunByPrefix(' abc111 '), { kind: 'found', run: a });
    assert.deepEqual(store.findRunByPrefix('abc'), { kind: 'ambiguous', ids: ['abc111', 'abc222'] });
    assert.deepEqual(store.findRunByPrefix('zzz'), { kind: 'not-found' });
    assert.deepEqual(store.findRunByPrefix(''), { kind: 'not-found' });
  });
});
