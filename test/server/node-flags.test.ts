// The environment the language server is started in: the caller's, with the compile cache and
// glibc's malloc tunables added, and whatever the caller set itself left as it was; and when a
// process already runs with the server's flags, or with its own choice of them.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LANGUAGE_SERVER_NODE_FLAGS, missingServerFlags, serverEnvironment } from '../../server/src/node-flags.ts';

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

describe('missingServerFlags', () => {
  it('names the flags not given, and none when all are', () => {
    assert.deepEqual(missingServerFlags([...LANGUAGE_SERVER_NODE_FLAGS]), []);
    assert.deepEqual(missingServerFlags(['--inspect', ...LANGUAGE_SERVER_NODE_FLAGS]), []);
    assert.deepEqual(missingServerFlags(LANGUAGE_SERVER_NODE_FLAGS.slice(1)), LANGUAGE_SERVER_NODE_FLAGS.slice(0, 1));
    assert.deepEqual(missingServerFlags([]), LANGUAGE_SERVER_NODE_FLAGS);
  });

  it('takes the caller\'s own value of a flag, or its opposite, as its choice', () => {
    assert.deepEqual(missingServerFlags(['--turbofan', '--max-semi-space-size=16']), LANGUAGE_SERVER_NODE_FLAGS.filter((flag) => !/^--(no-turbofan|max-semi-space-size)/.test(flag)));
    const own = LANGUAGE_SERVER_NODE_FLAGS.map((flag) => (flag === '--no-turbofan' ? '--turbofan' : flag.replace(/=\d+$/, '=16')));
    assert.deepEqual(missingServerFlags(own), []);
  });
});
