// An open document under incremental edits: each edit lands exactly once (a regression: edits
// used to be applied twice), offsets are reported in the text before each edit, and a run of
// edits on one line, kept pending until the text is read, gives exactly what applying every
// edit to the text at once gives (a differential test against the LSP library's TextDocument).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EditedDocument, type AppliedChange } from '../../server/src/edited-document.ts';

const at = (line: number, character: number) => ({ line, character });

describe('edited document', () => {
  test('one typed character lands once', () => {
    const document = new EditedDocument(TextDocument.create('file:///w.flow.yaml', 'yaml', 1, 'approved: confirm_refnd\n'));
    const applied = document.edit([{ range: { start: at(0, 21), end: at(0, 21) }, text: 'u' }], 2);
    assert.equal(document.document().getText(), 'approved: confirm_refund\n');
    assert.equal(document.document().version, 2);
    assert.deepEqual(applied, [{ start: 21, end: 21, insertedLength: 1 }]);
  });

  test('several changes in one event apply in order, each against the text before it', () => {
    const document = new EditedDocument(TextDocument.create('file:///w.flow.yaml', 'yaml', 1, 'abc\ndef\n'));
    const applied = document.edit(
      [
        { range: { start: at(0, 0), end: at(0, 1) }, text: 'XY' },
        { range: { start: at(1, 3), end: at(1, 3) }, text: '!' },
      ],
      5,
    );
    assert.equal(document.document().getText(), 'XYbc\ndef!\n');
    assert.deepEqual(applied, [
      { start: 0, end: 1, insertedLength: 2 },
      { start: 8, end: 8, insertedLength: 1 },
    ]);
  });

  test('a full-text change replaces everything once', () => {
    const document = new EditedDocument(TextDocument.create('file:///w.flow.yaml', 'yaml', 1, 'old\n'));
    const applied = document.edit([{ text: 'new text\n' }], 2);
    assert.equal(document.document().getText(), 'new text\n');
    assert.deepEqual(applied, [{ start: 0, end: 4, insertedLength: 9 }]);
  });

  test('typing a word, then reading: the text and the version are current', () => {
    const document = new EditedDocument(TextDocument.create('file:///w.flow.yaml', 'yaml', 1, 'a: b\nnext: x\n'));
    'hello'.split('').forEach((character, index) => document.edit([{ range: { start: at(0, 4 + index), end: at(0, 4 + index) }, text: character }], 2 + index));
    assert.equal(document.version, 6);
    const text = document.document();
    assert.equal(text.getText(), 'a: bhello\nnext: x\n');
    assert.equal(text.version, 6);
    assert.deepEqual(text.positionAt(text.getText().indexOf('next')), at(1, 0));
  });

  test('matches the library applying every edit at once, over thousands of random edits', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    let compared = 0;
    const snippets = ['x', 'ab', '', '<<', ' ', '\n', 'line\nbreak', '\r\n', 'é', '😀', '}', ': '];
    for (let round = 0; round < 60; round++) {
      const initial = pick(['', 'a\nb\n', 'name: x\nsteps:\n  - stepSlug: a\n    config: { m: "<<steps.a>>" }\n', 'crlf\r\nline two\r\n', 'no newline at end']);
      let reference = TextDocument.create('file:///r.flow.yaml', 'yaml', 1, initial);
      const edited = new EditedDocument(TextDocument.create('file:///e.flow.yaml', 'yaml', 1, initial));
      let line = 0;
      let character = 0;
      for (let version = 2; version < 80; version++) {
        const lines = reference.getText().split(/\r\n|\r|\n/);
        // Mostly typing at one place (a run), sometimes elsewhere, sometimes past the line's end.
        if (random() < 0.2) line = Math.floor(random() * (lines.length + 1));
        const length = lines[line]?.length ?? 0;
        character = random() < 0.1 ? length + 3 : Math.min(Math.max(0, character + Math.floor(random() * 5) - 2), length);
        const kind = random();
        const change: TextDocumentContentChangeEvent =
          kind < 0.05
            ? { text: pick(snippets) + reference.getText().slice(0, 20) }
            : kind < 0.25
              ? { range: { start: at(line, Math.max(0, character - 2)), end: at(line, character) }, text: random() < 0.5 ? '' : pick(snippets) }
              : kind < 0.3
                ? { range: { start: at(Math.max(0, line - 1), 1), end: at(line, character) }, text: pick(snippets) }
                : { range: { start: at(line, character), end: at(line, character) }, text: pick(snippets) };
        // Splitting a CRLF between two edits leaves the library's own incremental line table off
        // (offsets become NaN). The server has always inherited that from the library; such a
        // round ends here, as its expectations would be the library's error.
        const truth = TextDocument.create('file:///t.flow.yaml', 'yaml', version - 1, reference.getText());
        if ('range' in change && (reference.offsetAt(change.range.start) !== truth.offsetAt(change.range.start) || reference.offsetAt(change.range.end) !== truth.offsetAt(change.range.end))) break;
        const expected: AppliedChange[] =
          'range' in change
            ? [{ start: truth.offsetAt(change.range.start), end: truth.offsetAt(change.range.end), insertedLength: change.text.length }]
            : [{ start: 0, end: truth.getText().length, insertedLength: change.text.length }];
        const before = reference.getText();
        reference = TextDocument.update(reference, [change], version);
        const applied = edited.edit([change], version);
        const context = `round ${round}, version ${version}, ${JSON.stringify(change)}, text before: ${JSON.stringify(before)}`;
        assert.deepEqual(applied, expected, context);
        compared++;
        if (random() < 0.3) {
          const current = edited.document();
          assert.equal(current.getText(), reference.getText(), context);
          assert.equal(current.version, version);
          assert.equal(current.lineCount, reference.lineCount);
          for (let probe = 0; probe < 5; probe++) {
            const offset = Math.floor(random() * (reference.getText().length + 2));
            assert.deepEqual(current.positionAt(offset), reference.positionAt(offset), context);
          }
        }
        character += 'range' in change ? change.text.length : 0;
      }
      assert.equal(edited.document().getText(), reference.getText());
    }
    assert.ok(compared > 2000, `${compared} edits compared`);
  });
});
