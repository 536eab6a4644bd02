// Rename: a step slug or an input is changed everywhere it is used; an invalid, reserved or
// taken name is refused with a message, and so is a rename in a file with syntax errors.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../../server/src/service/language-service.ts';
import { RenameRefusedError } from '../../../server/src/service/rename.ts';
import { withCursor } from '../support/cursor.ts';
import { ORDERS_WORKFLOW } from '../support/workflows.ts';

const MARK = '‸';

function at(search: string, base = ORDERS_WORKFLOW) {
  const plain = search.replace('^', '');
  assert.ok(base.includes(plain), `fixture text not found: ${plain}`);
  return withCursor(base.replace(plain, search.replace('^', MARK)), undefined, MARK);
}

function renamed(search: string, newName: string, base = ORDERS_WORKFLOW): string {
  const { document, position } = at(search, base);
  const edit = createLanguageService().rename(document, position, newName);
  return TextDocument.applyEdits(document, edit.changes![document.uri]!);
}

describe('rename', () => {
  it('renames a step slug in its declaration, nextSteps, templates and conditions', () => {
    const text = renamed('      success: summa^rize', 'total_up');
    assert.equal(text.match(/summarize/g), null);
    assert.equal(text.match(/total_up/g)?.length, 4);
    assert.match(text, /expression: steps\.total_up\.output\.total > 1000/);
    assert.match(text, /total: <<steps\.total_up\.output\.total>>/);
  });

  it('renames an input everywhere', () => {
    const text = renamed('  customer^Id:', 'accountId');
    assert.match(text, /  accountId: \{ type: string/);
    assert.match(text, /<<input\.accountId>>/);
  });

  it('renames inside double-quoted strings with escapes and JSON strings', () => {
    const base = ORDERS_WORKFLOW.replace('message: <<steps.fetch_orders.error.message>>', 'message: "Failed:\\t<<steps.fetch_orders.error.message>>"');
    const text = renamed('  - stepSlug: fetch_or^ders', 'load_orders', base);
    assert.match(text, /"Failed:\\t<<steps\.load_orders\.error\.message>>"/);
    const json = '{ "name": "x", "steps": [ { "stepSlug": "start", "stepType": "trigger", "nextSteps": { "success": "go" } }, { "stepSlug": "go", "stepType": "action", "config": { "type": "log", "parameters": { "message": "<<steps.start.output>>" } } } ] }';
    const { document, position } = withCursor(json.replace('"stepSlug": "start"', `"stepSlug": "st${MARK}art"`), 'file:///work/x.flow.json', MARK);
    const edit = createLanguageService().rename(document, position, 'begin');
    const result = TextDocument.applyEdits(document, edit.changes![document.uri]!);
    assert.match(result, /"stepSlug": "begin"/);
    assert.match(result, /<<steps\.begin\.output>>/);
  });

  it('prepares a rename on the slug text only', () => {
    const { document, position } = at('      error: report_^failure');
    const prepared = createLanguageService().prepareRename(document, position);
    assert.equal(prepared.placeholder, 'report_failure');
    assert.equal(document.getText(prepared.range), 'report_failure');
  });

  it('refuses invalid, reserved and taken names, with a reason', () => {
    const { document, position } = at('      success: summa^rize');
    const service = createLanguageService();
    assert.throws(() => service.rename(document, position, 'Total-Up'), (error: unknown) => error instanceof RenameRefusedError && /not a valid step slug/.test(error.message));
    assert.throws(() => service.rename(document, position, 'end'), /reserved/);
    assert.throws(() => service.rename(document, position, 'fetch_orders'), /already exists/);
  });

  it('refuses what is not a name, and files with syntax errors', () => {
    const service = createLanguageService();
    const plainText = at('systemPrompt: Sum the ^orders.');
    assert.throws(() => service.prepareRename(plainText.document, plainText.position), RenameRefusedError);
    const broken = at('      success: summa^rize', `${ORDERS_WORKFLOW}\n  - [unclosed`);
    assert.throws(() => service.rename(broken.document, broken.position, 'x'), /syntax errors/);
  });
});
