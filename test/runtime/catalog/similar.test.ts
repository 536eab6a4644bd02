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
