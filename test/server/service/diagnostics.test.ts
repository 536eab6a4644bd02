// Diagnostics are the analyzer's, translated: same codes and messages, exact ranges, related
// information and the data quick fixes read back.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import { analyzeText } from '../../../runtime/src/analysis/analyze.ts';
import { createLanguageService } from '../../../server/src/service/language-service.ts';
import { documentOf } from '../support/cursor.ts';
import { ORDERS_WORKFLOW } from '../support/workflows.ts';

describe('diagnostics', () => {
  const text = ORDERS_WORKFLOW.replace('      success: summarize', '      success: sumarize').replace('  - stepSlug: report_failure', '  - stepSlug: orphan\n    stepType: action\n    config: { type: log, parameters: { message: hi } }\n  - stepSlug: report_failure');
  const document = documentOf(text);
  const diagnostics = createLanguageService().diagnostics(document);

  it('reports what the analyzer reports, from the same code', () => {
    const expected = analyzeText(text, { file: '/work/test.flow.yaml' }).diagnostics;
    assert.deepEqual(diagnostics.map((item) => `${item.code}:${item.message}`), expected.map((item) => `${item.code}:${item.message}`));
    assert.ok(diagnostics.every((item) => item.source === 'stepline'));
  });

  it('keeps exact ranges, data for quick fixes and related information', () => {
    const unknown = diagnostics.find((item) => item.code === 'unknown-step')!;
    assert.equal(document.getText(unknown.range), 'sumarize');
    assert.equal(unknown.severity, DiagnosticSeverity.Error);
    assert.deepEqual(unknown.data, { target: 'sumarize', suggestion: 'summarize' });
  });

  it('fades unreachable steps', () => {
    const unreachable = diagnostics.find((item) => item.code === 'unreachable-step' && document.getText(item.range) === 'orphan');
    assert.ok(unreachable);
    assert.equal(unreachable.severity, DiagnosticSeverity.Warning);
    assert.deepEqual(unreachable.tags, [DiagnosticTag.Unnecessary]);
  });

  it('points related information at the document', () => {
    const duplicate = createLanguageService().diagnostics(documentOf(ORDERS_WORKFLOW.replace('  - stepSlug: notify', '  - stepSlug: summarize')));
    const item = duplicate.find((candidate) => candidate.code === 'duplicate-slug')!;
    assert.equal(item.relatedInformation?.[0]?.location.uri, 'file:///work/test.flow.yaml');
    assert.equal(item.relatedInformation?.[0]?.location.range.start.line, 29);
  });
});
