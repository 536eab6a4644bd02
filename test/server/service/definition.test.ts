// Go to definition: slugs in nextSteps and templates go to the step, inputs, vars, secrets and
// aliases to their declarations, sub-workflow paths and workspace actions to their files.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Location } from 'vscode-languageserver';
import { ActionCatalog } from '../../../runtime/src/catalog/action-catalog.ts';
import { createLanguageService, type LanguageService } from '../../../server/src/service/language-service.ts';
import { withCursor } from '../support/cursor.ts';
import { ORDERS_WORKFLOW } from '../support/workflows.ts';

const MARK = '‸';

function definitionAt(search: string, base = ORDERS_WORKFLOW, service: LanguageService = createLanguageService()): { targets: Location[]; text: string } {
  const plain = search.replace('^', '');
  assert.ok(base.includes(plain), `fixture text not found: ${plain}`);
  const { document, position } = withCursor(base.replace(plain, search.replace('^', MARK)), undefined, MARK);
  const result = service.definition(document, position);
  const targets = result === null ? [] : Array.isArray(result) ? (result as Location[]) : [result as Location];
  return { targets, text: document.getText() };
}

function lineOf(text: string, location: Location): string {
  return text.split('\n')[location.range.start.line]!;
}

describe('definition', () => {
  it('goes from a nextSteps target to the step slug', () => {
    const { targets, text } = definitionAt('      success: summa^rize');
    assert.equal(targets.length, 1);
    assert.equal(lineOf(text, targets[0]!), '  - stepSlug: summarize');
    assert.equal(targets[0]!.range.start.character, 14);
  });

  it('goes from a template reference to the step', () => {
    const { targets, text } = definitionAt('<<steps.fetch_or^ders.error.message>>');
    assert.equal(lineOf(text, targets[0]!), '  - stepSlug: fetch_orders');
  });

  it('goes from input.X, secrets.X and an alias to their declarations', () => {
    const input = definitionAt('<<input.lim^it>>');
    assert.equal(lineOf(input.text, input.targets[0]!), '  limit: { type: integer, default: 10 }');
    const alias = definitionAt('<<ord^er.id>>');
    assert.equal(lineOf(alias.text, alias.targets[0]!), '      itemVariable: order');
    const secretText = ORDERS_WORKFLOW.replace('limit: <<input.limit>>', 'limit: <<secrets.CRM_TOKEN>>');
    const secret = definitionAt('<<secrets.CRM_T^OKEN>>', secretText);
    assert.equal(lineOf(secret.text, secret.targets[0]!), 'secrets: [CRM_TOKEN]');
  });

  it('opens a sub-workflow file and a workspace action module', () => {
    const text = 'name: x\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    nextSteps: { success: child }\n  - stepSlug: child\n    stepType: workflow\n    config:\n      path: ./sub/child.flow.yaml\n  - stepSlug: crm\n    stepType: action\n    config:\n      type: crm.lookup\n';
    const sub = definitionAt('path: ./sub/ch^ild.flow.yaml', text);
    assert.equal(sub.targets[0]!.uri, 'file:///work/sub/child.flow.yaml');
    const catalog = ActionCatalog.builtin().withActions([
      { name: 'crm.lookup', description: 'Looks a customer up.', parameters: {}, output: {}, sideEffects: false, retryableErrors: [], errors: [], source: 'workspace', file: '/work/actions/crm-lookup.ts' },
    ]);
    const action = definitionAt('type: crm.loo^kup', text, createLanguageService({ catalog }));
    assert.equal(action.targets[0]!.uri, 'file:///work/actions/crm-lookup.ts');
  });

  it('has nothing for plain text', () => {
    assert.deepEqual(definitionAt('systemPrompt: Sum the ^orders.').targets, []);
  });
});
