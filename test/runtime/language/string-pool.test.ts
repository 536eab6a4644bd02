// The string pool the fast tree builder reads scalars through: whatever is filed where, it
// gives back exactly the characters asked for, known words included.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KnownStrings, StringPool } from '../../../runtime/src/language/string-pool.ts';
import { WORKFLOW_WORDS } from '../../../runtime/src/language/workflow-words.ts';
import { Random } from './yaml-inputs.ts';

describe('string pool', () => {
  test('gives back the asked-for characters for every range, over many colliding strings', () => {
    const random = new Random(5);
    const alphabet = 'ab:stepSlugconfig_0123456789 ';
    let text = '';
    while (text.length < 20000) text += alphabet[random.below(alphabet.length)];
    // A small text gets the smallest table, so thousands of distinct strings fight for its slots.
    for (const known of [undefined, WORKFLOW_WORDS, new KnownStrings(['ab', 'ba', 'stepSlug', ''])]) {
      const pool = new StringPool(text.slice(0, 2000), known);
      for (let round = 0; round < 20000; round++) {
        const from = random.below(2000);
        const to = Math.min(2000, from + random.below(round % 10 === 0 ? 100 : 12));
        assert.equal(pool.slice(from, to), text.slice(from, to));
      }
    }
  });

  test('finds every known word, and nothing else', () => {
    const words = Array.from({ length: 300 }, (_, index) => `w${index}`);
    const known = new KnownStrings(words);
    for (const word of words) assert.equal(known.find(`(${word})`, 1, word.length + 1), word);
    for (const other of ['w', 'w300', 'x1', '', 'w1 ']) assert.equal(known.find(other, 0, other.length), undefined, other);
    for (const word of ['stepSlug', 'stepType', 'config', 'nextSteps', 'success', 'error', 'parameters', 'type', 'true', 'initialDelayMs']) {
      assert.equal(WORKFLOW_WORDS.find(word, 0, word.length), word);
    }
  });

  test('gives back known words, empty strings and long strings unchanged', () => {
    const text = 'stepSlug: stepType config nextSteps  ' + 'x'.repeat(200) + ' success';
    const pool = new StringPool(text, WORKFLOW_WORDS);
    for (const word of ['stepSlug', 'stepType', 'config', 'nextSteps', 'success', '']) {
      const at = text.indexOf(word);
      assert.equal(pool.slice(at, at + word.length), word);
      assert.equal(pool.slice(at, at + word.length), word, 'asked again');
    }
    assert.equal(pool.slice(37, 237), 'x'.repeat(200));
    assert.equal(pool.slice(0, 4), 'step', 'a prefix of a known word is not the word');
  });
});
