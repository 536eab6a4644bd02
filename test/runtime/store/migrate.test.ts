// Upgrading a store written by an earlier schema: a version 1 store (the cursor on the run
// row, rewritten per step) opens as the current version with every run, cursor and step
// intact, and new commits continue its traces.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, it } from 'node:test';
import { migrate } from '../../../runtime/src/store/migrate.ts';
import { MIGRATIONS, openStore, SCHEMA_VERSION, STORE_FILE_NAME } from '../../../runtime/src/store/index.ts';
import { stepRecord, tempStateDir } from './store-fixtures.ts';

/** A store as Stepline with schema version 1 left it: two runs, one with a trace. */
function versionOneStore(): string {
  const dir = tempStateDir();
  mkdirSync(dir, { recursive: true });
  const db = new DatabaseSync(join(dir, STORE_FILE_NAME));
  db.exec('PRAGMA journal_mode = WAL');
  migrate(db, MIGRATIONS.slice(0, 1), dir);
  const insertRun = db.prepare(
    `INSERT INTO runs (id, workflow_name, workflow_path, workflow_hash, status, input, cursor, started_at, updated_at)
     VALUES (?, 'w', 'w.flow.yaml', 'h', ?, 'null', ?, '2025-07-01T09:00:00.000Z', ?)`,
  );
  insertRun.run('traced', 'running', '{"at":["s3"]}', '2025-07-01T09:00:02.000Z');
  insertRun.run('fresh', 'waiting', '{"at":["start"]}', '2025-07-01T09:00:00.000Z');
  const insertStep = db.prepare(
    `INSERT INTO steps (run_id, seq, step_slug, path, attempt, port, started_at, ended_at, duration_ms)
     VALUES ('traced', ?, ?, ?, 1, 'success', '2025-07-01T09:00:01.000Z', '2025-07-01T09:00:01.500Z', 500)`,
  );
  insertStep.run(1, 's1', 's1');
  insertStep.run(2, 's2', 's2');
  db.close();
  return dir;
}

void describe('migrations', () => {
  void it('upgrades a version 1 store, keeping the cursor of each run until its next step', () => {
    const dir = versionOneStore();
    const store = openStore({ dir });

    const traced = store.getRun('traced');
    assert.deepEqual(traced?.cursor, { at: ['s3'] });
    assert.equal(traced?.updatedAt, '2025-07-01T09:00:02.000Z');
    assert.deepEqual(store.getRun('fresh')?.cursor, { at: ['start'] });
    assert.deepEqual(store.listRuns({ status: 'waiting' }).map((run) => run.id), ['fresh']);
    assert.deepEqual(store.listSteps('traced').map((step) => step.path), ['s1', 's2']);

    const committed = store.commitStep('traced', stepRecord({ path: 's3', endedAt: '2025-07-01T09:00:03.000Z' }), { at: ['s4'] });
    assert.equal(committed.seq, 3);
    assert.deepEqual(store.getRun('traced')?.cursor, { at: ['s4'] });
    assert.equal(store.getRun('traced')?.updatedAt, '2025-07-01T09:00:03.000Z');
    store.close();

    const db = new DatabaseSync(join(dir, STORE_FILE_NAME), { readOnly: true });
    assert.equal(db.prepare('PRAGMA user_version').get()?.user_version, SCHEMA_VERSION);
    db.close();
  });

  void it('applies nothing twice when the store is already current', () => {
    const dir = versionOneStore();
    openStore({ dir }).close();
    const store = openStore({ dir });
    assert.deepEqual(store.getRun('traced')?.cursor, { at: ['s3'] });
    store.close();
  });
});
