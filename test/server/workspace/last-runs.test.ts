// Last-run outputs: kept per file, and read from the run store the CLI writes (latest run of the
// workflow, last output of each step, failed attempts ignored).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../../../runtime/src/store/index.ts';
import { LastRuns, storeRunReader } from '../../../server/src/workspace/last-runs.ts';

describe('last runs', () => {
  it('keeps outputs per file and reports whether they changed', () => {
    const runs = new LastRuns();
    assert.equal(runs.set('/w/a.flow.yaml', { fetch: { n: 1 } }), true);
    assert.equal(runs.set('/w/a.flow.yaml', { fetch: { n: 1 } }), false);
    assert.deepEqual(runs.get('/w/./a.flow.yaml')?.get('fetch'), { n: 1 });
    assert.equal(runs.set('/w/a.flow.yaml', null), true);
    assert.equal(runs.get('/w/a.flow.yaml'), undefined);
  });

  it('reads the latest run of a workflow from the store', async () => {
    const root = mkdtempSync(join(tmpdir(), 'stepline-runs-'));
    try {
      const storeDir = join(root, '.stepline');
      const store = openStore({ dir: storeDir });
      const step = (slug: string, output: unknown, extra: Record<string, unknown> = {}) => ({
        stepSlug: slug,
        path: slug,
        attempt: 1,
        output,
        port: 'success',
        startedAt: new Date().toISOString(),
        endedAt: new Date().toISOString(),
        durationMs: 1,
        ...extra,
      });
      const older = store.createRun({ workflowName: 'x', workflowPath: 'flows/a.flow.yaml', workflowHash: 'h', input: {} });
      store.commitStep(older.id, step('fetch', { version: 'old' }), null);
      const latest = store.createRun({ workflowName: 'x', workflowPath: 'flows/a.flow.yaml', workflowHash: 'h', input: {} });
      store.commitStep(latest.id, step('fetch', { version: 'new' }), null);
      store.commitStep(latest.id, step('send', undefined, { error: { code: 'x', message: 'failed' }, port: 'error' }), null);
      store.close();
      const read = storeRunReader(storeDir, root, (message) => assert.fail(message));
      const outputs = await read(join(root, 'flows', 'a.flow.yaml'));
      assert.deepEqual(outputs?.get('fetch'), { version: 'new' });
      assert.equal(outputs?.has('send'), false);
      assert.equal(await read(join(root, 'other.flow.yaml')), undefined);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('reads nothing when there is no store', async () => {
    const read = storeRunReader('/nonexistent/.stepline', '/nonexistent', (message) => assert.fail(message));
    assert.equal(await read('/nonexistent/a.flow.yaml'), undefined);
  });
});
