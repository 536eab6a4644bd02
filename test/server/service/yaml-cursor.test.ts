// The text-based cursor locator: paths, key/value/item positions and sibling keys, on clean and
// broken YAML, flow collections and JSON.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { yamlCursorAt } from '../../../server/src/service/yaml-cursor.ts';

function cursorOf(text: string, json = false) {
  const offset = text.indexOf('‸');
  assert.ok(offset >= 0, 'the text needs a ‸ marker');
  return yamlCursorAt(text.replace('‸', ''), offset, { json });
}

const STEPS = `name: x
steps:
  - stepSlug: start
    stepType: trigger
    nextSteps:
      success: fetch
  - stepSlug: fetch
    stepType: action
    config:
      type: http.request
      parameters:
        url: https://example.com
`;

describe('yamlCursorAt on block YAML', () => {
  it('finds a half-typed key in a step map, with the step keys around it', () => {
    const cursor = cursorOf(STEPS.replace('    stepType: action\n', '    stepType: action\n    na‸\n'));
    assert.ok(cursor);
    assert.deepEqual(cursor.path, ['steps', 1]);
    assert.equal(cursor.kind, 'key');
    assert.equal(cursor.prefix, 'na');
    assert.equal(cursor.scalarsAt(2)['stepType'], 'action');
    assert.equal(cursor.scalarsAt(2)['stepSlug'], 'fetch');
  });

  it('finds the value of a key and the path of its map', () => {
    const cursor = cursorOf(STEPS.replace('      success: fetch', '      success: fe‸'));
    assert.ok(cursor);
    assert.deepEqual(cursor.path, ['steps', 0, 'nextSteps']);
    assert.equal(cursor.kind, 'value');
    assert.equal(cursor.key, 'success');
    assert.equal(cursor.prefix, 'fe');
    assert.equal(cursor.scalarsAt(2)['stepType'], 'trigger');
  });

  it('reads nested maps under an action config', () => {
    const cursor = cursorOf(STEPS.replace('        url: https://example.com', '        url: https://example.com\n        me‸'));
    assert.ok(cursor);
    assert.deepEqual(cursor.path, ['steps', 1, 'config', 'parameters']);
    assert.equal(cursor.scalarsAt(3)['type'], 'http.request');
  });

  it('treats `- word` under steps as an item of the sequence', () => {
    const cursor = cursorOf(`${STEPS}  - ‸\n`);
    assert.ok(cursor);
    assert.deepEqual(cursor.path, ['steps']);
    assert.equal(cursor.kind, 'item');
    assert.equal(cursor.index, 2);
  });

  it('reads a flow map value being typed on the line', () => {
    const cursor = cursorOf(STEPS.replace('    nextSteps:\n      success: fetch', '    nextSteps: { success: fe‸'));
    assert.ok(cursor);
    assert.deepEqual(cursor.path, ['steps', 0, 'nextSteps']);
    assert.equal(cursor.kind, 'value');
    assert.equal(cursor.key, 'success');
    assert.equal(cursor.prefix, 'fe');
    assert.equal(cursor.flow, true);
  });

  it('knows a line inside a block scalar is text', () => {
    const cursor = cursorOf('name: x\nsteps:\n  - stepSlug: a\n    config:\n      systemPrompt: |\n        Hello\n        wor‸\n');
    assert.ok(cursor);
    assert.equal(cursor.blockScalar, true);
    assert.equal(cursor.key, 'systemPrompt');
    assert.deepEqual(cursor.path, ['steps', 0, 'config']);
  });

  it('gives up on text that does not nest', () => {
    assert.equal(cursorOf('name: x\n    stray: value\n  bad‸'), undefined);
  });
});

describe('yamlCursorAt on JSON', () => {
  it('finds a half-typed quoted key', () => {
    const cursor = cursorOf('{ "name": "x", "steps": [ { "stepSlug": "a", "st‸', true);
    assert.ok(cursor);
    assert.deepEqual(cursor.path, ['steps', 0]);
    assert.equal(cursor.kind, 'key');
    assert.equal(cursor.prefix, 'st');
    assert.equal(cursor.quote, '"');
    assert.equal(cursor.scalarsAt(2)['stepSlug'], 'a');
  });

  it('always advances past stray indicators (a `:` in a sequence)', () => {
    const cursor = cursorOf('{ "steps": [ : , ::, "a" : ‸', true);
    assert.ok(cursor === undefined || cursor.kind === 'item');
  });

  it('finds a quoted value and its key', () => {
    const cursor = cursorOf('{ "steps": [ {}, { "stepType": "ac‸" } ] }', true);
    assert.ok(cursor);
    assert.deepEqual(cursor.path, ['steps', 1]);
    assert.equal(cursor.kind, 'value');
    assert.equal(cursor.key, 'stepType');
    assert.equal(cursor.prefix, 'ac');
  });
});
