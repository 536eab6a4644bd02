// Completion on in-memory documents with a cursor marker: templates (scoped step slugs, output
// fields, inputs, loop aliases only in the loop body, secrets, functions), schema keys and enum
// values, whole-step snippets, ports, targets, action names and parameters, and documents broken
// by the half-typed text itself.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompletionItem } from 'vscode-languageserver';
import { createLanguageService, type LanguageService } from '../../../server/src/service/language-service.ts';
import { documentOf, withCursor } from '../support/cursor.ts';
import { ORDERS_WORKFLOW } from '../support/workflows.ts';

const MARK = '‸';

/** The workflow with `search` replaced by `replacement`, which holds the cursor marker. */
function edited(search: string, replacement: string, base = ORDERS_WORKFLOW): string {
  assert.ok(base.includes(search), `fixture text not found: ${search}`);
  return base.replace(search, replacement);
}

function complete(text: string, service: LanguageService = createLanguageService(), uri?: string): CompletionItem[] {
  const { document, position } = withCursor(text, uri, MARK);
  return service.completion(document, position).items;
}

function labels(items: CompletionItem[]): string[] {
  return items.map((item) => item.label);
}

function item(items: CompletionItem[], label: string): CompletionItem {
  const found = items.find((candidate) => candidate.label === label);
  assert.ok(found, `no completion ${label} in ${labels(items).join(', ')}`);
  return found;
}

function newText(found: CompletionItem): string {
  assert.ok(found.textEdit && 'range' in found.textEdit);
  return found.textEdit.newText;
}

describe('completion inside templates', () => {
  it('offers only the step slugs that can have run before the step', () => {
    const items = complete(edited('message: <<steps.fetch_orders.error.message>>', `message: <<steps.${MARK}>>`));
    assert.deepEqual(labels(items).sort(), ['fetch_orders', 'start']);
    assert.match(item(items, 'fetch_orders').detail ?? '', /action · records\.query · Fetch orders/);
  });

  it('offers the steps before a loop body, the loop itself, and never the step itself', () => {
    const items = complete(edited('message: Order <<order.id>>', `message: Order <<steps.${MARK}`));
    assert.deepEqual(labels(items).sort(), ['each_order', 'fetch_orders', 'is_big', 'start', 'summarize']);
  });

  it('marks steps that run on some paths only', () => {
    const items = complete(edited('total: <<steps.summarize.output.total>>', `total: <<steps.${MARK}>>`));
    assert.match(item(items, 'each_order').detail ?? '', /may not have run/);
    assert.doesNotMatch(item(items, 'summarize').detail ?? '', /may not have run/);
  });

  it('offers output fields from an llm outputSchema, with types and descriptions', () => {
    const items = complete(edited('total: <<steps.summarize.output.total>>', `total: <<steps.summarize.output.${MARK}>>`));
    assert.deepEqual(labels(items).sort(), ['currency', 'total']);
    assert.equal(item(items, 'total').detail, 'number');
  });

  it('offers output fields from the catalog and from the last recorded run', () => {
    const service = createLanguageService({ lastRun: () => new Map([['fetch_orders', { records: [{ id: 'o1', amount: 42 }], count: 1 }]]) });
    const records = complete(edited('message: <<steps.fetch_orders.error.message>>', `message: <<steps.fetch_orders.output.${MARK}>>`), service);
    assert.deepEqual(labels(records).sort(), ['count', 'records']);
    const fields = complete(edited('message: <<steps.fetch_orders.error.message>>', `message: <<steps.fetch_orders.output.records[0].${MARK}>>`), service);
    assert.ok(labels(fields).includes('id'));
    const amount = item(fields, 'amount');
    assert.match(JSON.stringify(amount.documentation), /Last run: `42`/);
  });

  it('offers step record fields after a slug', () => {
    const items = complete(edited('message: <<steps.fetch_orders.error.message>>', `message: <<steps.fetch_orders.${MARK}`));
    assert.deepEqual(labels(items), ['output', 'error', 'status', 'attempts', 'durationMs']);
  });

  it('offers inputs with their types', () => {
    const items = complete(edited('limit: <<input.limit>>', `limit: <<input.${MARK}>>`));
    assert.deepEqual(labels(items), ['customerId', 'limit']);
    assert.equal(item(items, 'customerId').detail, 'string (required)');
    assert.equal(item(items, 'limit').detail, 'integer = 10');
  });

  it('offers the loop alias and `loop` only inside the loop body', () => {
    const inside = complete(edited('message: Order <<order.id>>', `message: Order <<or${MARK}>>`));
    assert.ok(labels(inside).includes('order'));
    assert.ok(labels(inside).includes('loop'));
    const outside = complete(edited('message: <<steps.fetch_orders.error.message>>', `message: <<or${MARK}>>`));
    assert.ok(!labels(outside).includes('order'));
    assert.ok(!labels(outside).includes('loop'));
    const loopFields = complete(edited('message: Order <<order.id>>', `message: Order <<loop.${MARK}>>`));
    assert.deepEqual(labels(loopFields), ['item', 'index']);
  });

  it('offers declared secrets and vars', () => {
    assert.deepEqual(labels(complete(edited('limit: <<input.limit>>', `limit: <<secrets.${MARK}>>`))), ['CRM_TOKEN']);
    assert.deepEqual(labels(complete(edited('limit: <<input.limit>>', `limit: <<vars.${MARK}>>`))), ['greeting']);
  });

  it('offers functions with their signatures as snippets, and replaces the typed word', () => {
    const items = complete(edited('limit: <<input.limit>>', `limit: <<jo${MARK}>>`));
    const join = item(items, 'join');
    assert.equal(join.detail, 'join(array, separator?) → string');
    assert.equal(newText(join), 'join($1)');
    assert.ok(join.textEdit && 'range' in join.textEdit);
    assert.equal(join.textEdit.range.end.character - join.textEdit.range.start.character, 2);
  });

  it('completes inside condition expressions, with or without `<< >>`', () => {
    const bare = complete(edited('expression: steps.summarize.output.total > 1000', `expression: steps.summarize.output.${MARK}`));
    assert.deepEqual(labels(bare).sort(), ['currency', 'total']);
    const bracketed = complete(edited('expression: steps.summarize.output.total > 1000', `expression: <<steps.summarize.output.total>> > 1000 && <<steps.${MARK}`));
    assert.ok(labels(bracketed).includes('summarize'));
    assert.ok(!labels(bracketed).includes('is_big'));
  });

  it('completes templates inside block scalars', () => {
    const items = complete(edited('      userPrompt: <<json(steps.fetch_orders.output.records)>>', `      userPrompt: |\n        Orders:\n          <<steps.fetch_orders.output.${MARK}`));
    assert.deepEqual(labels(items).sort(), ['count', 'records']);
  });

  it('works while the half-typed template breaks the document, from the last good parse', () => {
    const service = createLanguageService();
    service.diagnostics(documentOf(ORDERS_WORKFLOW));
    const broken = edited('message: Order <<order.id>> for <<input.customerId>>\n    nextSteps:', `message: "Order <<steps.${MARK}\n    nextSteps: {`);
    const items = complete(broken, service);
    assert.ok(labels(items).includes('summarize'), labels(items).join(', '));
    assert.ok(!labels(items).includes('notify'));
  });
});

describe('completion of the YAML structure', () => {
  it('offers the keys a step may still have, required first', () => {
    const items = complete(edited('    name: Fetch orders\n', `    name: Fetch orders\n    ${MARK}\n`));
    assert.ok(labels(items).includes('description'));
    assert.ok(labels(items).includes('retry'));
    assert.ok(!labels(items).includes('name'), 'existing keys are not offered again');
    assert.ok(!labels(items).includes('stepSlug'));
  });

  it('scaffolds a nested block for keys holding a map', () => {
    const items = complete(`name: x\nsteps:\n  - stepSlug: a\n    stepType: action\n    conf${MARK}\n`);
    assert.equal(newText(item(items, 'config')), 'config:\n      $0');
  });

  it('offers step types with their ports', () => {
    const items = complete(edited('    stepType: llm\n', `    stepType: ${MARK}\n`));
    assert.equal(labels(items).length, 8);
    assert.equal(item(items, 'condition').detail, 'ports: true, false, error');
  });

  it('offers enum values from the schema for the step type (trigger config)', () => {
    const items = complete(edited('      type: manual', `      type: ${MARK}`));
    assert.deepEqual(labels(items).slice(0, 4), ['manual', 'schedule', 'webhook', 'event']);
  });

  it('offers action names, then that action’s parameters', () => {
    const names = complete(edited('      type: records.query', `      type: rec${MARK}`));
    assert.ok(labels(names).includes('records.query'));
    assert.ok(labels(names).includes('http.request'));
    const parameters = complete(edited('        limit: <<input.limit>>', `        limit: <<input.limit>>\n        ${MARK}`));
    assert.deepEqual(labels(parameters), ['filter']);
  });

  it('offers the ports of the step type that are not wired yet', () => {
    const items = complete(edited('      true: each_order\n      false: end\n', `      true: each_order\n      ${MARK}\n`));
    assert.deepEqual(labels(items), ['false', 'error']);
  });

  it('offers targets with their type and name, plus end and fail', () => {
    const items = complete(edited('      success: summarize', `      success: ${MARK}`));
    assert.ok(labels(items).includes('end'));
    assert.ok(labels(items).includes('fail'));
    assert.ok(!labels(items).includes('start'), 'the trigger is never a target');
    assert.equal(item(items, 'fetch_orders').detail, 'action · records.query · Fetch orders');
  });

  it('offers targets in a half-typed flow map, with the steps the broken parse lost', () => {
    const service = createLanguageService();
    service.diagnostics(documentOf(ORDERS_WORKFLOW));
    const items = complete(edited('    nextSteps:\n      success: fetch_orders', `    nextSteps: { success: fe${MARK}`), service);
    assert.ok(labels(items).includes('fetch_orders'), labels(items).join(', '));
    assert.ok(labels(items).includes('report_failure'));
  });

  it('offers whole-step snippets for each type after a dash under steps', () => {
    const items = complete(`${ORDERS_WORKFLOW}\n  - ${MARK}\n`);
    const action = item(items, 'action step');
    assert.equal(newText(action), 'stepSlug: ${1:action}\n    stepType: action\n    config:\n      type: ${2:log}\n      parameters:\n        message: ${3:Hello}\n    nextSteps:\n      success: ${4:end}');
    assert.ok(!labels(items).includes('trigger step'), 'a second trigger is not offered');
    assert.ok(labels(items).includes('stepSlug'));
  });

  it('offers snippets with the dash on an empty line under steps', () => {
    const items = complete(`name: x\nsteps:\n  ${MARK}\n`);
    assert.ok(newText(item(items, 'trigger step')).startsWith('- stepSlug: ${1:start}\n    stepType: trigger'));
  });

  it('offers secret names used in templates but not declared', () => {
    const text = edited('secrets: [CRM_TOKEN]', `secrets:\n  - CRM_TOKEN\n  - ${MARK}`).replace('limit: <<input.limit>>', 'limit: <<secrets.API_KEY>>');
    assert.deepEqual(labels(complete(text)), ['API_KEY']);
  });

  it('answers a typed space only after `key: `, `- ` or in an expression', () => {
    const service = createLanguageService();
    const at = (text: string) => {
      const { document, position } = withCursor(text, undefined, MARK);
      return service.completion(document, position, { triggerKind: 2, triggerCharacter: ' ' }).items;
    };
    assert.ok(at(edited('    stepType: llm\n', `    stepType: ${MARK}\n`)).length > 0);
    assert.deepEqual(at(edited('systemPrompt: Sum the orders.', `systemPrompt: Sum the ${MARK}`)), []);
    assert.ok(at(edited('expression: steps.summarize.output.total > 1000', `expression: steps.summarize.output.total > ${MARK}`)).length > 0);
  });

  it('completes JSON keys and values with quotes', () => {
    const uri = 'file:///work/test.flow.json';
    const values = complete(`{ "name": "x", "steps": [ { "stepSlug": "a", "stepType": "tr${MARK}" } ] }`, undefined, uri);
    assert.equal(newText(item(values, 'trigger')), '"trigger"');
    const keys = complete(`{ "name": "x", "steps": [ { "stepSlug": "a", "stepType": "action", "co${MARK} } ] }`, undefined, uri);
    assert.equal(newText(item(keys, 'config')), '"config": {$0}');
  });
});
