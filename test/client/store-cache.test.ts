import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { StoreCache } from '../../client/src/store-cache.ts';

test('looking for runs never creates a state folder; opening one does, once', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'stepline-cache-'));
  const stateDir = join(dir, '.stepline');
  const cache = new StoreCache();
  try {
    assert.equal(await cache.openExisting(stateDir), undefined);
    assert.equal(existsSync(stateDir), false);
    const [first, second] = await Promise.all([cache.open(stateDir), cache.open(stateDir)]);
    assert.equal(first, second);
    assert.equal(await cache.openExisting(stateDir), first);
    assert.deepEqual(cache.openDirs(), [stateDir]);
    assert.ok(existsSync(join(stateDir, 'stepline.db')));
  } finally {
    cache.dispose();
    await rm(dir, { recursive: true, force: true });
  }
});
