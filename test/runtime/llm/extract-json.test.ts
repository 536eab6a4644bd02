// extractJson: finding the JSON value in what a model actually writes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractJson } from '../../../runtime/src/llm/extract-json.ts';

const found = (text: string): unknown => {
  const result = extractJson(text);
  assert.ok(result.ok, `expected JSON in ${JSON.stringify(text)}`);
  return result.value;
};

test('a bare JSON value of any kind', () => {
  assert.deepEqual(found('  {"a": 1}\n'), { a: 1 });
  assert.deepEqual(found('[1, 2]'), [1, 2]);
  assert.equal(found('42'), 42);
  assert.equal(found('"text"'), 'text');
  assert.equal(found('null'), null);
});

test('fenced blocks, with or without a language tag', () => {
  assert.deepEqual(found('```json\n{"a": [1]}\n```'), { a: [1] });
  assert.deepEqual(found('Here:\n```\n[true]\n```'), [true]);
});

test('leading and trailing prose: the first balanced value wins', () => {
  assert.deepEqual(found('Sure. {"a": {"b": [1, 2]}} Hope that helps {"c": 3}'), { a: { b: [1, 2] } });
});

test('brackets inside strings do not confuse the scanner', () => {
  assert.deepEqual(found('Result: {"text": "a } and ] and \\" quote {", "n": 1} done'), { text: 'a } and ] and " quote {', n: 1 });
});

test('a bracket that opens no JSON is skipped for a later one', () => {
  assert.deepEqual(found('Options [a] or [b]: {"pick": "b"}'), { pick: 'b' });
});

test('no JSON at all, empty text and truncated JSON are failures, never exceptions', () => {
  for (const text of ['I cannot help with that.', '', '   ', '{"a": [1, 2', '```json\n{"a":\n```']) {
    const result = extractJson(text);
    assert.equal(result.ok, false, text);
    assert.ok(!result.ok && result.message.length > 0);
  }
});
