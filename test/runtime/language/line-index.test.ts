// LineIndex against a plain reference: lines end at `\n`, `\r\n` or a lone `\r`, and offsets
// and positions convert both ways, for texts with and without carriage returns.
// test/server/service/diagnostics-positions.test.ts holds positionAt to the LSP library's TextDocument.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LineIndex } from '../../../runtime/src/language/line-index.ts';

/** Line starts found the slow, obvious way. */
function referenceLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') continue;
    if (text[i] === '\n' || text[i] === '\r') starts.push(i + 1);
  }
  return starts;
}

const TEXTS = ['', 'one line', 'a\nb\n', '\n\n\n', 'a\r\nb\r\nc', 'a\rb\r\nc\nd', 'x: 1\n  y: "é😀"\n', 'ends with cr\r', 'steps:\n  - a\n  - b'];

describe('LineIndex', () => {
  for (const text of TEXTS) {
    test(`agrees with the reference on ${JSON.stringify(text)}`, () => {
      const lines = new LineIndex(text);
      const starts = referenceLineStarts(text);
      assert.equal(lines.lineCount, starts.length);
      for (let line = 0; line < starts.length; line++) assert.equal(lines.lineStart(line), starts[line]);
      for (let offset = 0; offset <= text.length; offset++) {
        let line = starts.length - 1;
        while (starts[line]! > offset) line--;
        // Between a `\r` and its `\n` counts as before the `\r`: there is no position there.
        const insideBreak = text[offset - 1] === '\r' && text[offset] === '\n';
        const position = lines.positionAt(offset);
        assert.deepEqual(position, { line, character: offset - starts[line]! - (insideBreak ? 1 : 0) }, `offset ${offset}`);
        assert.equal(lines.offsetAt(position), insideBreak ? offset - 1 : offset);
      }
      for (let line = 0; line < starts.length; line++) {
        const end = line + 1 < starts.length ? starts[line + 1]! : text.length;
        assert.equal(lines.lineText(line), text.slice(starts[line], end).replace(/\r?\n$|\r$/, ''));
      }
    });
  }

  test('clamps out-of-range offsets and positions', () => {
    const lines = new LineIndex('ab\ncd');
    assert.deepEqual(lines.positionAt(-5), { line: 0, character: 0 });
    assert.deepEqual(lines.positionAt(99), { line: 1, character: 2 });
    assert.equal(lines.offsetAt({ line: -1, character: 0 }), 0);
    assert.equal(lines.offsetAt({ line: 7, character: 0 }), 5);
    assert.equal(lines.offsetAt({ line: 0, character: 99 }), 3);
  });
});
