// Find references: every use of a step slug (nextSteps, branches, templates, conditions), an
// input or a loop alias, with or without the declaration.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../../server/src/service/language-service.ts';
import { withCursor } from '../support/cursor.ts';
import { ORDERS_WORKFLOW } from '../support/workflows.ts';

const MARK = '‸';

function referencesAt(search: string, includeDeclaration: boolean, base = ORDERS_WORKFLOW): string[] {
  const plain = search.replace('^', '');
  assert.ok(base.includes(plain), `fixture text not found: ${plain}`);
  const { document, position } = withCursor(base.replace(plain, search.replace('^', MARK)), undefined, MARK);
  return createLanguageService()
    .references(document, position, includeDeclaration)
    .map((location) => `${location.range.start.line + 1}:${document.getText(location.range)}`);
}

describe('references', () => {
  it('finds a step in nextSteps, templates and condition expressions', () => {
    assert.deepEqual(referencesAt('  - stepSlug: summa^rize', true), ['9:summarize', '27:summarize', '30:summarize', '48:summarize']);
    assert.deepEqual(referencesAt('  - stepSlug: summa^rize', false), ['9:summarize', '27:summarize', '48:summarize']);
  });

  it('finds parallel branches', () => {
    const text = 'name: x\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    nextSteps: { success: both }\n  - stepSlug: both\n    stepType: parallel\n    config:\n      branches: [left, right]\n  - stepSlug: left\n    stepType: action\n    config: { type: log, parameters: { message: hi } }\n    nextSteps: { success: both }\n  - stepSlug: right\n    stepType: action\n    config: { type: log, parameters: { message: <<steps.left.output>> } }\n';
    assert.deepEqual(referencesAt('branches: [le^ft', true, text), ['9:left', '10:left', '16:left']);
  });

  it('finds an input and a loop alias', () => {
    assert.deepEqual(referencesAt('<<input.customer^Id>>', true), ['3:customerId', '67:customerId']);
    assert.deepEqual(referencesAt('itemVariable: or^der', true), ['57:order', '67:order']);
  });
});

describe('references after an edit above them', () => {
  it('finds the uses where they are now, as a fresh server finds them', () => {
    // One service sees the file, then a line typed near the top: every template after it moves,
    // and its parses are reused from the version before.
    const service = createLanguageService();
    const uri = 'file:///w/orders.flow.yaml';
    const before = TextDocument.create(uri, 'yaml', 1, ORDERS_WORKFLOW);
    service.diagnostics(before);
    const at = ORDERS_WORKFLOW.indexOf('steps:');
    const edited = TextDocument.create(uri, 'yaml', 2, `${ORDERS_WORKFLOW.slice(0, at)}# a comment typed here\n${ORDERS_WORKFLOW.slice(at)}`);
    service.diagnostics(edited);
    const position = edited.positionAt(edited.getText().indexOf('stepSlug: summarize') + 'stepSlug: summa'.length);
    const found = (language: ReturnType<typeof createLanguageService>) => language.references(edited, position, true).map((location) => `${location.range.start.line + 1}:${edited.getText(location.range)}`);
    assert.deepEqual(found(service), found(createLanguageService()));
    // The uses in templates (27, 30 and 48 before the edit) moved down a line.
    assert.deepEqual(found(service), ['9:summarize', '28:summarize', '31:summarize', '49:summarize']);
  });
});
