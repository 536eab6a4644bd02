// The server's document store applies each incremental edit exactly once and reports its offsets
// in the coordinates of the text before it (a regression: edits used to be applied twice).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { applyChanges } from '../../server/src/document-store.ts';

describe('applyChanges', () => {
  test('one typed character lands once', () => {
    const document = TextDocument.create('file:///w.flow.yaml', 'yaml', 1, 'approved: confirm_refnd\n');
    const { document: updated, applied } = applyChanges(document, [{ range: { start: { line: 0, character: 21 }, end: { line: 0, character: 21 } }, text: 'u' }], 2);
    assert.equal(updated.getText(), 'approved: confirm_refund\n');
    assert.equal(updated.version, 2);
    assert.deepEqual(applied, [{ start: 21, end: 21, insertedLength: 1 }]);
  });

  test('several changes in one event apply in order, each against the text before it', () => {
    const document = TextDocument.create('file:///w.flow.yaml', 'yaml', 1, 'abc\ndef\n');
    const { document: updated, applied } = applyChanges(
      document,
      [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: 'XY' },
        { range: { start: { line: 1, character: 3 }, end: { line: 1, character: 3 } }, text: '!' },
      ],
      5,
    );
    assert.equal(updated.getText(), 'XYbc\ndef!\n');
    assert.deepEqual(applied, [
      { start: 0, end: 1, insertedLength: 2 },
      { start: 8, end: 8, insertedLength: 1 },
    ]);
  });

  test('a full-text change replaces everything once', () => {
    const document = TextDocument.create('file:///w.flow.yaml', 'yaml', 1, 'old\n');
    const { document: updated, applied } = applyChanges(document, [{ text: 'new text\n' }], 2);
    assert.equal(updated.getText(), 'new text\n');
    assert.deepEqual(applied, [{ start: 0, end: 4, insertedLength: 9 }]);
  });
});
