// The environment the language server is started in: the caller's, with the compile cache and
// glibc's malloc tunables added, and whatever the caller set itself left as it was.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serverEnvironment } from '../../server/src/node-flags.ts';

describe('serverEnvironment', () => {
  it('adds the compile cache and the malloc tunables to the caller\'s environment', () => {
    const environment = serverEnvironment({ PATH: '/bin' });
    assert.equal(environment['PATH'], '/bin');
    assert.ok(environment['NODE_COMPILE_CACHE']);
    assert.deepEqual(environment['GLIBC_TUNABLES']!.split(':').map((setting) => setting.split('=')[0]), ['glibc.malloc.arena_max', 'glibc.malloc.mmap_threshold', 'glibc.malloc.trim_threshold']);
  });

  it('keeps the caller\'s own settings: its tunables win, its compile cache choice stands', () => {
    const environment = serverEnvironment({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=8:glibc.rtld.nns=2', NODE_DISABLE_COMPILE_CACHE: '1' });
    const tunables = environment['GLIBC_TUNABLES']!.split(':');
    assert.ok(tunables.includes('glibc.malloc.arena_max=8'));
    assert.ok(!tunables.includes('glibc.malloc.arena_max=2'));
    assert.ok(tunables.includes('glibc.rtld.nns=2'));
    assert.ok(tunables.includes('glibc.malloc.trim_threshold=131072'));
    assert.equal(environment['NODE_COMPILE_CACHE'], undefined);
  });
});
