// Hover on in-memory documents: keys (schema), step types, actions and parameters (catalog),
// functions, and template references with their type and last recorded value (never a secret's).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Hover } from 'vscode-languageserver';
import { createLanguageService, type LanguageService } from '../../../server/src/service/language-service.ts';
import { withCursor } from '../support/cursor.ts';
import { ORDERS_WORKFLOW } from '../support/workflows.ts';

const MARK = '‸';

function hoverAt(search: string, service: LanguageService = createLanguageService(), base = ORDERS_WORKFLOW): string {
  const marked = search.replace('^', MARK);
  const plain = search.replace('^', '');
  assert.ok(base.includes(plain), `fixture text not found: ${plain}`);
  const { document, position } = withCursor(base.replace(plain, marked), undefined, MARK);
  const hover: Hover | null = service.hover(document, position);
  assert.ok(hover, `no hover at ${search}`);
  const contents = hover.contents as { value: string };
  return contents.value;
}

describe('hover', () => {
  it('documents a key from the schema', () => {
    assert.match(hoverAt('    item^Variable: order'), /itemVariable/);
  });

  it('documents a step type with its ports', () => {
    const text = hoverAt('    stepType: lo^op');
    assert.match(text, /\*\*loop\*\* step/);
    assert.match(text, /`next`, `done`, `error`/);
  });

  it('documents an action with its parameters and output', () => {
    const text = hoverAt('      type: records.qu^ery');
    assert.match(text, /\*\*records\.query\*\* — built-in action/);
    assert.match(text, /\| `collection` \* \| string \|/);
    assert.match(text, /Output: `records`, `count`/);
  });

  it('documents an action parameter from the action’s schema', () => {
    assert.match(hoverAt('        collec^tion: orders'), /parameter of `records\.query`/);
  });

  it('documents a function', () => {
    assert.match(hoverAt('<<js^on(steps'), /json\(value\) → string/);
  });

  it('gives a reference its type, where the shape comes from, and its last recorded value', () => {
    const service = createLanguageService({ lastRun: () => new Map([['fetch_orders', { records: [{ id: 'o1' }], count: 1 }]]) });
    const text = hoverAt('steps.fetch_orders.output.reco^rds)', service);
    assert.match(text, /`steps\.fetch_orders\.output\.records` — array of object/);
    assert.match(text, /Shape from the action catalog/);
    assert.match(text, /\[\{"id":"o1"\}\]/);
  });

  it('tells whether a referenced step has always run at that point', () => {
    assert.match(hoverAt('<<steps.fetch_^orders.error.message>>'), /Has always run by this point/);
    const withCount = ORDERS_WORKFLOW.replace('output:\n', 'output:\n  count: <<steps.each_order.output.count>>\n');
    assert.match(hoverAt('<<steps.each_or^der.output.count>>', createLanguageService(), withCount), /Runs on some paths to this point only/);
  });

  it('never shows the value of a secret', () => {
    const text = hoverAt('<<secrets.CRM_^TOKEN>>', createLanguageService(), ORDERS_WORKFLOW.replace('limit: <<input.limit>>', 'limit: <<secrets.CRM_TOKEN>>'));
    assert.match(text, /never shown/);
  });

  it('documents a loop alias', () => {
    assert.match(hoverAt('<<ord^er.id>>'), /current item of the loop `each_order`/);
  });

  it('describes the target of a nextSteps edge', () => {
    assert.match(hoverAt('      error: report_fail^ure'), /\*\*report_failure\*\* · action · log/);
  });
});
