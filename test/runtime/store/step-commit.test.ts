// What a step's commit writes on a real file: one steps row carrying the cursor, the run row
// left alone, about one WAL page per step; and how runs read back their live cursor and
// update time from their last step, through every way of reading a run.

import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, it } from 'node:test';
import { openStore, STORE_FILE_NAME, type Store } from '../../../runtime/src/store/index.ts';
import { newRun, stepRecord, tempStateDir } from './store-fixtures.ts';

/** The run's row as stored, bypassing the view. */
function rawRunRow(dir: string, runId: string): Record<string, unknown> | undefined {
  const db = new DatabaseSync(join(dir, STORE_FILE_NAME), { readOnly: true });
  try {
    return db.prepare('SELECT cursor, cursor_seq, status, updated_at FROM runs WHERE id = ?').get(runId);
  } finally {
    db.close();
  }
}

/** Every way the store hands out a run: they must agree. `prefix` must name only this run. */
function readEveryWay(store: Store, runId: string, prefix = runId.slice(0, -1)) {
  const byId = store.getRun(runId);
  const listed = store.listRuns().find((run) => run.id === runId);
  const lookup = store.findRunByPrefix(prefix);
  assert.equal(lookup.kind, 'found');
  assert.deepEqual(listed, byId);
  assert.deepEqual(lookup.kind === 'found' ? lookup.run : undefined, byId);
  return byId;
}

void describe('committing a step', () => {
  void it('writes only the step row; the run reads its cursor and update time from it', () => {
    const dir = tempStateDir();
    const store = openStore({ dir });
    const run = store.createRun(newRun({ cursor: { at: ['start'] }, startedAt: new Date('2025-07-01T09:00:00.000Z') }));
    const before = rawRunRow(dir, run.id);

    store.commitStep(run.id, stepRecord({ endedAt: '2025-07-01T10:00:00.120Z' }), { at: ['send'] });
    store.commitStep(run.id, stepRecord({ path: 'send', endedAt: '2025-07-01T10:00:01.500Z' }), { at: ['done'] });

    assert.deepEqual(rawRunRow(dir, run.id), before, 'the runs row is not written per step');
    const read = readEveryWay(store, run.id);
    assert.deepEqual(read?.cursor, { at: ['done'] });
    assert.equal(read?.updatedAt, '2025-07-01T10:00:01.500Z');
    assert.equal(read?.startedAt, '2025-07-01T09:00:00.000Z');
    store.close();
  });

  void it('keeps the time of the run row when it is later than the end of the last step', () => {
    const store = openStore({ memory: true });
    const run = store.createRun(newRun({ startedAt: new Date('2030-01-01T00:00:00.000Z') }));
    store.commitStep(run.id, stepRecord({ endedAt: '2025-07-01T10:00:00.120Z' }), { at: 1 });
    assert.equal(store.getRun(run.id)?.updatedAt, '2030-01-01T00:00:00.000Z');
    const finished = store.finishRun(run.id, 'completed', null, undefined);
    assert.equal(finished.updatedAt, finished.endedAt);
  });

  void it('orders status-change cursors and step cursors by when they were written', () => {
    const store = openStore({ memory: true });
    const run = store.createRun(newRun({ cursor: { at: 'created' } }));
    assert.deepEqual(readEveryWay(store, run.id)?.cursor, { at: 'created' });

    store.commitStep(run.id, stepRecord(), { at: 'step 1' });
    store.setRunStatus(run.id, 'waiting', { at: 'waiting for approval' });
    let read = readEveryWay(store, run.id);
    assert.equal(read?.status, 'waiting');
    assert.deepEqual(read?.cursor, { at: 'waiting for approval' });

    store.setRunStatus(run.id, 'running');
    assert.deepEqual(readEveryWay(store, run.id)?.cursor, { at: 'waiting for approval' }, 'no cursor given: unchanged');

    store.commitStep(run.id, stepRecord(), { at: 'step 2' });
    read = readEveryWay(store, run.id);
    assert.equal(read?.status, 'running');
    assert.deepEqual(read?.cursor, { at: 'step 2' });

    store.setRunStatus(run.id, 'waiting');
    assert.deepEqual(readEveryWay(store, run.id)?.cursor, { at: 'step 2' });
    store.commitStep(run.id, stepRecord(), undefined);
    assert.equal(readEveryWay(store, run.id)?.cursor, undefined, 'a step committed without a cursor clears it');
  });

  void it('gives each run the cursor of its own last step when runs interleave', () => {
    const store = openStore({ memory: true });
    const parent = store.createRun(newRun({ id: 'parent-run' }));
    const child = store.createRun(newRun({ id: 'child-run', workflowName: 'Child' }));
    store.commitStep(parent.id, stepRecord(), { run: 'parent', n: 1 });
    store.commitStep(child.id, stepRecord(), { run: 'child', n: 1 });
    store.commitStep(child.id, stepRecord(), { run: 'child', n: 2 });
    store.commitStep(parent.id, stepRecord(), { run: 'parent', n: 2 });
    assert.deepEqual(readEveryWay(store, parent.id, 'parent')?.cursor, { run: 'parent', n: 2 });
    assert.deepEqual(readEveryWay(store, child.id, 'child')?.cursor, { run: 'child', n: 2 });
    assert.deepEqual(store.listSteps(child.id).map((step) => step.seq), [1, 2]);
  });

  void it('appends about one WAL page per step (the old run-row update made it two or more)', () => {
    const dir = tempStateDir();
    const store = openStore({ dir });
    const run = store.createRun(newRun());
    const wal = join(dir, `${STORE_FILE_NAME}-wal`);
    const pageSize = 4096;
    const frameSize = pageSize + 24;
    const before = statSync(wal).size;
    const steps = 200;
    for (let i = 1; i <= steps; i++) {
      store.commitStep(run.id, stepRecord({ path: `loop[${i}]/fetch_orders` }), { version: 1, stepsExecuted: i, at: ['loop'] });
    }
    // 200 steps stay far below the 1000-page automatic checkpoint, so the WAL only grows.
    const frames = (statSync(wal).size - before) / frameSize;
    assert.equal(Number.isInteger(frames), true);
    assert.ok(frames / steps < 2, `expected fewer than 2 WAL pages per step, got ${(frames / steps).toFixed(2)}`);
    store.close();
  });
});
