// openStore on real files: creation, WAL and schema version, durability across reopen and a
// killed process, two connections sharing a file, and typed errors for corrupt, locked and
// too-new stores.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { openStore, SCHEMA_VERSION, STORE_FILE_NAME, StoreError } from '../../../runtime/src/store/index.ts';
import { newRun, stepRecord, tempStateDir } from './store-fixtures.ts';

function storeError(code: string, pattern?: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (pattern) assert.match(error.message, pattern);
    return true;
  };
}

void describe('openStore', () => {
  void it('creates <dir>/stepline.db in WAL mode at the current schema version', () => {
    const dir = tempStateDir();
    const store = openStore({ dir });
    store.close();
    const file = join(dir, STORE_FILE_NAME);
    assert.ok(existsSync(file));
    const db = new DatabaseSync(file);
    assert.equal(db.prepare('PRAGMA journal_mode').get()?.journal_mode, 'wal');
    assert.equal(db.prepare('PRAGMA user_version').get()?.user_version, SCHEMA_VERSION);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    assert.deepEqual(
      tables.map((row) => row.name),
      ['effects', 'records', 'runs', 'steps', 'timers'],
    );
    db.close();
  });

  void it('keeps runs, steps, records, effects and timers across close and reopen', () => {
    const dir = tempStateDir();
    const first = openStore({ dir });
    const run = first.createRun(newRun());
    first.commitStep(run.id, stepRecord(), { next: 'recommend' });
    first.createRecord('customers', { name: 'Ann' }, 'c1');
    first.recordEffect(`${run.id}/send_email`, { messageId: 'm1' });
    first.setTimer(run.id, `${run.id}/wait`, new Date('2030-01-01T00:00:00.000Z'));
    first.close();

    const second = openStore({ dir });
    assert.deepEqual(second.getRun(run.id)?.cursor, { next: 'recommend' });
    assert.equal(second.listSteps(run.id).length, 1);
    assert.deepEqual(second.getRecord('customers', 'c1')?.data, { name: 'Ann' });
    assert.deepEqual(second.getEffect(`${run.id}/send_email`)?.result, { messageId: 'm1' });
    assert.equal(second.getTimer(`${run.id}/wait`)?.dueAt.toISOString(), '2030-01-01T00:00:00.000Z');
    second.close();
  });

  void it('lets two stores on one file both write and see each other', () => {
    const dir = tempStateDir();
    const cli = openStore({ dir });
    const editor = openStore({ dir });
    const a = cli.createRun(newRun());
    const b = editor.createRun(newRun({ workflowName: 'Other' }));
    cli.commitStep(b.id, stepRecord(), { at: 1 });
    editor.commitStep(a.id, stepRecord(), { at: 2 });
    assert.deepEqual(
      cli.listRuns().map((run) => run.id).sort(),
      [a.id, b.id].sort(),
    );
    assert.deepEqual(editor.getRun(b.id)?.cursor, { at: 1 });
    assert.deepEqual(cli.getRun(a.id)?.cursor, { at: 2 });
    cli.close();
    editor.close();
  });

  void it('keeps every committed step when the process is killed', async () => {
    const dir = tempStateDir();
    const storeModule = pathToFileURL(join(import.meta.dirname, '../../../runtime/src/store/index.ts')).href;
    const script = `
      import { openStore } from ${JSON.stringify(storeModule)};
      const store = openStore({ dir: ${JSON.stringify(dir)} });
      const run = store.createRun({ workflowName: 'w', workflowPath: 'w.flow.yaml', workflowHash: 'h', input: null });
      for (let i = 1; ; i++) {
        const now = new Date().toISOString();
        store.commitStep(run.id, { stepSlug: 's', path: 'loop[' + i + ']/s', attempt: 1, startedAt: now, endedAt: now, durationMs: 0 }, { done: i });
        if (i === 5) process.stdout.write(run.id + '\\n');
      }
    `;
    const child = spawn(process.execPath, ['--input-type=module', '--eval', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
    child.kill('SIGKILL');
    await once(child, 'exit');

    const store = openStore({ dir });
    const runId = chunk.toString().trim();
    const steps = store.listSteps(runId);
    assert.ok(steps.length >= 5, `at least the 5 reported steps survive (got ${steps.length})`);
    // The cursor and the trace were committed together: the cursor names the last step.
    assert.deepEqual(store.getRun(runId)?.cursor, { done: steps.length });
    assert.equal(steps.at(-1)?.path, `loop[${steps.length}]/s`);
    store.close();
  });

  void it('reports a file of random bytes as store-corrupt, with what to do', () => {
    const dir = tempStateDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, STORE_FILE_NAME), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    assert.throws(() => openStore({ dir }), storeError('store-corrupt', /Move the file away/));
  });

  void it('reports a store held by another writer as store-locked after the busy timeout', () => {
    const dir = tempStateDir();
    const store = openStore({ dir, busyTimeoutMs: 20 });
    const run = store.createRun(newRun());
    const other = new DatabaseSync(join(dir, STORE_FILE_NAME));
    other.exec('BEGIN IMMEDIATE');
    try {
      assert.throws(() => store.commitStep(run.id, stepRecord(), {}), storeError('store-locked', /locked by another process/));
      // Readers are not blocked by a writer in WAL mode.
      assert.equal(store.getRun(run.id)?.id, run.id);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    assert.equal(store.commitStep(run.id, stepRecord(), {}).seq, 1, 'writes work again once the lock is gone');
    store.close();
  });

  void it('refuses a store written by a newer schema', () => {
    const dir = tempStateDir();
    openStore({ dir }).close();
    const db = new DatabaseSync(join(dir, STORE_FILE_NAME));
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    assert.throws(() => openStore({ dir }), storeError('store-too-new', /Upgrade Stepline/));
  });

  void it('rejects options that name no store, and calls after close', () => {
    assert.throws(() => openStore({}), storeError('store-invalid-options'));
    const store = openStore({ memory: true });
    store.close();
    store.close();
    assert.throws(() => store.listRuns(), storeError('store-closed'));
  });
});
