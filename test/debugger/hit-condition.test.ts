// Hit counts as an editor sends them: a bare number is "on exactly that hit", operators compare,
// `%` is "every N-th hit", and anything else is refused with a message shown on the breakpoint.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHitCondition } from '../../debugger/src/hit-condition.ts';

function hitsMatching(text: string): number[] {
  const parsed = parseHitCondition(text);
  assert.ok(parsed.ok, text);
  return [1, 2, 3, 4, 5, 6].filter((hits) => parsed.test(hits));
}

describe('parseHitCondition', () => {
  it('reads a bare number and == as exactly that hit', () => {
    assert.deepEqual(hitsMatching('3'), [3]);
    assert.deepEqual(hitsMatching(' == 2 '), [2]);
    assert.deepEqual(hitsMatching('=4'), [4]);
  });

  it('compares with >, >=, <, <= and repeats with %', () => {
    assert.deepEqual(hitsMatching('> 4'), [5, 6]);
    assert.deepEqual(hitsMatching('>=5'), [5, 6]);
    assert.deepEqual(hitsMatching('< 3'), [1, 2]);
    assert.deepEqual(hitsMatching('<= 2'), [1, 2]);
    assert.deepEqual(hitsMatching('% 2'), [2, 4, 6]);
  });

  it('refuses what it does not understand, and % 0', () => {
    for (const text of ['', 'twice', '> x', '3 times', '% 0', '!= 2']) {
      const parsed = parseHitCondition(text);
      assert.equal(parsed.ok, false, text);
      if (!parsed.ok) assert.match(parsed.message, /hit count/);
    }
  });
});
