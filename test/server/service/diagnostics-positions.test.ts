// Diagnostics are published with positions from the analysis's own line index (it saves the
// TextDocument a loop over the whole text before the first publication). Both must convert every
// offset alike, whatever the line breaks, or a diagnostic would be drawn a character off.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText } from '../../../runtime/src/analysis/analyze.ts';
import { LineIndex } from '../../../runtime/src/language/line-index.ts';
import { toLspDiagnostics } from '../../../server/src/service/diagnostics.ts';
import { ORDERS_WORKFLOW } from '../support/workflows.ts';

const TEXTS = ['', 'one line', 'a\nb\n', '\n\n\n', 'a\r\nb\r\nc', 'a\rb\r\nc\nd', 'x: 1\n  y: "é😀"\n', 'ends with cr\r', '\r\n\r\n', 'a\r\r\nb\n\r'];

describe('positions of published diagnostics', () => {
  it('are the same from the line index as from the TextDocument, at every offset', () => {
    for (const text of TEXTS) {
      const lines = new LineIndex(text);
      const document = TextDocument.create('file:///t.flow.yaml', 'yaml', 1, text);
      for (let offset = -1; offset <= text.length + 1; offset++) {
        assert.deepEqual(lines.positionAt(offset), document.positionAt(offset), `${JSON.stringify(text)} at ${offset}`);
      }
    }
  });

  it('are the same for a faulty workflow with each kind of line break', () => {
    const faulty = ORDERS_WORKFLOW.replace('      success: summarize', '      success: sumarize').replace('<<', '<<stepz.');
    for (const newline of ['\n', '\r\n', '\r']) {
      const text = faulty.replace(/\n/g, newline);
      const document = TextDocument.create('file:///work/test.flow.yaml', 'yaml', 1, text);
      const analysis = analyzeText(text, { file: '/work/test.flow.yaml' });
      assert.ok(analysis.diagnostics.length >= 2, `${JSON.stringify(newline)}: ${analysis.diagnostics.length} diagnostics`);
      assert.deepEqual(toLspDiagnostics(document, analysis.diagnostics, analysis.document.lines), toLspDiagnostics(document, analysis.diagnostics));
    }
  });
});
