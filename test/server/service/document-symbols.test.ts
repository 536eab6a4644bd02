// The outline: top-level sections, then steps named by slug with a kind per step type, their
// type and name as detail and their wired ports as children.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SymbolKind } from 'vscode-languageserver';
import { createLanguageService } from '../../../server/src/service/language-service.ts';
import { documentOf } from '../support/cursor.ts';
import { ORDERS_WORKFLOW } from '../support/workflows.ts';

describe('document symbols', () => {
  const document = documentOf(ORDERS_WORKFLOW);
  const symbols = createLanguageService().documentSymbols(document);

  it('lists the sections of the file', () => {
    assert.deepEqual(symbols.map((symbol) => symbol.name), ['inputs', 'secrets', 'vars', 'output', 'steps']);
    assert.deepEqual(symbols[0]!.children!.map((child) => `${child.name}:${child.detail}`), ['customerId:string', 'limit:integer']);
  });

  it('outlines steps by type, with their ports as children', () => {
    const steps = symbols.find((symbol) => symbol.name === 'steps')!.children!;
    assert.deepEqual(steps.map((step) => step.name), ['start', 'fetch_orders', 'summarize', 'is_big', 'each_order', 'notify', 'report_failure']);
    const fetch = steps[1]!;
    assert.equal(fetch.kind, SymbolKind.Function);
    assert.equal(fetch.detail, 'action · records.query · Fetch orders');
    assert.deepEqual(fetch.children!.map((child) => child.name), ['success → summarize', 'error → report_failure']);
    assert.equal(steps[4]!.kind, SymbolKind.Array);
    assert.equal(document.getText(fetch.selectionRange), 'fetch_orders');
  });

  it('keeps every child inside its parent', () => {
    const inside = (outer: { start: { line: number } ; end: { line: number } }, inner: { start: { line: number }; end: { line: number } }) => inner.start.line >= outer.start.line && inner.end.line <= outer.end.line;
    for (const section of symbols) for (const child of section.children ?? []) assert.ok(inside(section.range, child.range), `${child.name} outside ${section.name}`);
  });
});
