// The document cache parses and analyzes once per version, serves nothing stale, and keeps the
// last version that parsed cleanly for completion on broken text.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ActionCatalog } from '../../../runtime/src/catalog/action-catalog.ts';
import { DocumentCache } from '../../../server/src/service/document-cache.ts';
import { ORDERS_WORKFLOW } from '../support/workflows.ts';

function cache(): { cache: DocumentCache; analyses: () => number } {
  let observed = 0;
  const instance = new DocumentCache({
    catalog: () => ActionCatalog.builtin(),
    observedOutputs: () => {
      observed++;
      return undefined;
    },
  });
  return { cache: instance, analyses: () => observed };
}

describe('document cache', () => {
  it('parses and analyzes a version once', () => {
    const { cache: documents, analyses } = cache();
    const document = TextDocument.create('file:///w/a.flow.yaml', 'yaml', 1, ORDERS_WORKFLOW);
    const first = documents.get(document);
    assert.equal(documents.get(document), first);
    first.analysis(0);
    first.analysis(0);
    assert.equal(analyses(), 1);
    first.analysis(1);
    assert.equal(analyses(), 2, 'a new generation (catalog or last run changed) re-analyzes');
  });

  it('replaces an old version and keeps the last good one', () => {
    const { cache: documents } = cache();
    const good = TextDocument.create('file:///w/a.flow.yaml', 'yaml', 1, ORDERS_WORKFLOW);
    const goodState = documents.get(good);
    const broken = TextDocument.update(good, [{ text: `${ORDERS_WORKFLOW}\n  - [` }], 2);
    const brokenState = documents.get(broken);
    assert.notEqual(brokenState, goodState);
    assert.equal(brokenState.hasSyntaxErrors, true);
    assert.equal(documents.peek(good.uri), brokenState);
    assert.equal(documents.lastGood(good.uri), goodState);
    documents.forget(good.uri);
    assert.equal(documents.peek(good.uri), undefined);
  });
});
