// Did-you-mean: typos within a distance that grows with the name's length, swaps counted once,
// case-only differences preferred, and no suggestion for names that are nothing alike.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closestMatch, editDistance, maxDistanceFor } from '../../../runtime/src/catalog/similar.ts';

void describe('editDistance', () => {
  void it('counts insertions, deletions, substitutions and adjacent swaps as one edit each', () => {
    assert.equal(editDistance('nextStep', 'nextSteps'), 1);
    assert.equal(editDistance('action', 'acton'), 1);
    assert.equal(editDistance('sucess', 'success'), 1);
    assert.equal(editDistance('form', 'from'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
  });

  void it('stops early past the limit', () => {
    assert.equal(editDistance('abcdefgh', 'zzzzzzzz', 2), 3);
    assert.equal(editDistance('a', 'abcdef', 2), 3);
  });
});

void describe('closestMatch', () => {
  void it('suggests the closest candidate', () => {
    assert.equal(closestMatch('http.reqest', ['http.request', 'log', 'delay']), 'http.request');
    assert.equal(closestMatch('fetch_ordr', ['fetch_orders', 'fetch_users']), 'fetch_orders');
    assert.equal(closestMatch('records.qury', ['records.query', 'records.get']), 'records.query');
  });

  void it('prefers a difference in case only', () => {
    assert.equal(closestMatch('SystemPrompt', ['systemPrompts', 'systemPrompt']), 'systemPrompt');
  });

  void it('suggests nothing for unrelated names, identical names or short noise', () => {
    assert.equal(closestMatch('teleport', ['http.request', 'log', 'delay']), undefined);
    assert.equal(closestMatch('log', ['log']), undefined);
    assert.equal(closestMatch('x', ['y', 'z']), undefined);
  });

  void it('allows more edits for longer names', () => {
    assert.equal(maxDistanceFor('ab'), 1);
    assert.equal(maxDistanceFor('abcdef'), 2);
    assert.equal(maxDistanceFor('abcdefghijklmnop'), 4);
  });
});

/** The distance by its textbook definition, the full table, for the comparison below. */
function referenceDistance(a: string, b: string): number {
  const table = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      table[i]![j] = Math.min(table[i - 1]![j]! + 1, table[i]![j - 1]! + 1, table[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) table[i]![j] = Math.min(table[i]![j]!, table[i - 2]![j - 2]! + 1);
    }
  }
  return table[a.length]![b.length]!;
}

void describe('editDistance against the textbook table', () => {
  void it('agrees on random strings, with and without a limit, long ones after short ones', () => {
    let seed = 7;
    const random = (below: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % below;
    };
    const word = (): string => Array.from({ length: random(random(4) === 0 ? 90 : 9) }, () => 'abcab_'[random(6)]).join('');
    for (let round = 0; round < 3000; round++) {
      const a = word();
      const b = word();
      const exact = referenceDistance(a, b);
      assert.equal(editDistance(a, b), exact, `${a} / ${b}`);
      const limit = random(5);
      // Within the limit, the distance; beyond it, anything over the limit.
      const bounded = editDistance(a, b, limit);
      assert.ok(exact <= limit ? bounded === exact : bounded > limit, `${a} / ${b} within ${limit}: ${bounded}, exactly ${exact}`);
    }
  });
});
