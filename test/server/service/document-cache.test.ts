// The document cache parses and analyzes once per version, serves nothing stale, keeps the
// last version that parsed cleanly for completion on broken text, and lets completion inside a
// template reuse the newest parse while only that expression has changed, and tells the fast pass
// that an edit inside one step left no syntax error without parsing the version.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { generateWorkflow } from '../../../bench/generate-workflow.ts';
import { analyzeText } from '../../../runtime/src/analysis/analyze.ts';
import { ActionCatalog } from '../../../runtime/src/catalog/action-catalog.ts';
import { parseWorkflow } from '../../../runtime/src/language/parse-workflow.ts';
import { DocumentCache } from '../../../server/src/service/document-cache.ts';
import { createLanguageService } from '../../../server/src/service/language-service.ts';
import { ORDERS_WORKFLOW } from '../support/workflows.ts';

/** The codes of the syntax errors a full parse of `text` reports. */
function parseCodes(text: string): string[] {
  return parseWorkflow(text, 'a.flow.yaml').syntaxDiagnostics.map((item) => item.code);
}

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

  it('parses an edit inside one step from the previous version: earlier steps are shared, the result is a full parse\'s', () => {
    const { cache: documents } = cache();
    const original = TextDocument.create('file:///w/a.flow.yaml', 'yaml', 1, ORDERS_WORKFLOW);
    const before = documents.get(original);
    const offset = ORDERS_WORKFLOW.indexOf('collection: orders') + 'collection: orders'.length;
    const edited = TextDocument.update(TextDocument.create(original.uri, 'yaml', 1, ORDERS_WORKFLOW), [{ range: { start: original.positionAt(offset), end: original.positionAt(offset) }, text: '_2024' }], 2);
    const after = documents.get(edited);
    assert.equal(after.document.workflow.steps[0], before.document.workflow.steps[0], 'the step before the edit is the same object');
    assert.notEqual(after.document.workflow.steps[1], before.document.workflow.steps[1]);
    assert.deepEqual(after.analysis(0).diagnostics, analyzeText(edited.getText(), { file: after.file }).diagnostics);
  });

  it('answers the fast pass\'s "any syntax errors?" for an edit inside one step without parsing the version', () => {
    const { cache: documents } = cache();
    const uri = 'file:///w/a.flow.yaml';
    documents.get(TextDocument.create(uri, 'yaml', 1, ORDERS_WORKFLOW));
    const at = ORDERS_WORKFLOW.indexOf('collection: orders') + 'collection: orders'.length;
    const typed = TextDocument.create(uri, 'yaml', 2, `${ORDERS_WORKFLOW.slice(0, at)}_2024${ORDERS_WORKFLOW.slice(at)}`);
    assert.deepEqual(documents.syntaxDiagnostics(typed), []);
    assert.equal(documents.peek(uri)?.version, 1, 'version 2 was not parsed');

    // A broken step: the version is parsed, and its error reported.
    const broken = TextDocument.create(uri, 'yaml', 3, `${ORDERS_WORKFLOW.slice(0, at)}: [unclosed${ORDERS_WORKFLOW.slice(at)}`);
    const errors = documents.syntaxDiagnostics(broken);
    assert.deepEqual(errors.map((item) => item.code), parseCodes(broken.getText()));
    assert.ok(errors.length > 0);
    assert.equal(documents.peek(uri)?.version, 3);

    // From a broken version, only a parse can tell: the fixed text is parsed.
    const fixed = TextDocument.create(uri, 'yaml', 4, ORDERS_WORKFLOW);
    assert.deepEqual(documents.syntaxDiagnostics(fixed), []);
    assert.equal(documents.peek(uri)?.version, 4);
  });

  it('builds the graph, run order and sites once per version, for completion and analysis alike', () => {
    const { cache: documents } = cache();
    const state = documents.get(TextDocument.create('file:///w/a.flow.yaml', 'yaml', 1, ORDERS_WORKFLOW));
    const structure = state.structure();
    const analysis = state.analysis(0);
    assert.equal(analysis.graph, structure.graph);
    assert.equal(analysis.order, structure.order);
    assert.equal(analysis.sites, structure.sites);
    assert.equal(state.analysis(1).graph, structure.graph, 'a new generation keeps them: they depend on the text alone');
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

  it('takes over the previous version\'s steps after an edit, and each version still analyzes as its own text does', () => {
    const { cache: documents } = cache();
    const text = generateWorkflow(120);
    let document = TextDocument.create('file:///w/big.flow.yaml', 'yaml', 1, text);
    let state = documents.get(document);
    state.analysis(0);
    // Typing a reference to a step that does not exist into a template of a middle step.
    let offset = text.indexOf('<<steps.', text.length >> 1) + '<<steps.'.length;
    for (const character of 'nope.') {
      const previous = state;
      const nextStep = previous.document.workflow.steps.find((step) => step.node.start > offset)!;
      const nextStepStart = nextStep.node.start;
      document = TextDocument.update(document, [{ range: { start: document.positionAt(offset), end: document.positionAt(offset) }, text: character }], document.version + 1);
      state = documents.get(document);
      assert.equal(state.document.workflow.steps[nextStep.index], nextStep, 'the step after the edit is taken over, not copied');
      assert.equal(nextStep.node.start, nextStepStart + 1, 'and moved to its place in the new text');
      assert.deepEqual(state.analysis(0).diagnostics, analyzeText(document.getText(), { file: state.file }).diagnostics, `after typing ${JSON.stringify(character)}`);
      offset++;
    }
    assert.ok(state.analysis(0).diagnostics.some((item) => item.code === 'unknown-reference' && item.message.includes('nope')), 'the typed reference is checked');
  });

  describe('the newest parse while only an expression changed', () => {
    const prompt = '<<json(steps.fetch_orders.output.records)>>';
    /** `insert` typed just before the prompt's `>>` of a copy of `original` (update changes the document it is given). */
    const typed = (original: TextDocument, insert: string, version: number) => {
      const copy = TextDocument.create(original.uri, original.languageId, original.version, original.getText());
      const start = copy.getText().indexOf(prompt) + 2;
      const offset = start + prompt.length - 4;
      const document = TextDocument.update(copy, [{ range: { start: copy.positionAt(offset), end: copy.positionAt(offset) }, text: insert }], version);
      return { document, start, end: offset + insert.length };
    };

    it('serves it for characters typed inside the template', () => {
      const { cache: documents } = cache();
      const original = TextDocument.create('file:///w/a.flow.yaml', 'yaml', 1, ORDERS_WORKFLOW);
      const parsed = documents.get(original);
      const { document, start, end } = typed(original, '.length + 1', 2);
      assert.equal(documents.parsedExceptExpression(document.uri, document.getText(), start, end), parsed);
    });

    it('parses again when the typed characters could change the YAML structure or the edit is elsewhere', () => {
      const { cache: documents } = cache();
      const original = TextDocument.create('file:///w/a.flow.yaml', 'yaml', 1, ORDERS_WORKFLOW);
      documents.get(original);
      for (const insert of [', x', ' #', ': ', '"', "'", '}', ']', '\n']) {
        const { document, start, end } = typed(original, insert, 2);
        assert.equal(documents.parsedExceptExpression(document.uri, document.getText(), start, end), undefined, JSON.stringify(insert));
      }
      const renamed = TextDocument.update(TextDocument.create(original.uri, 'yaml', 1, original.getText()), [{ range: { start: original.positionAt(0), end: original.positionAt(0) }, text: '# c\n' }], 2);
      const start = renamed.getText().indexOf(prompt) + 2;
      assert.equal(documents.parsedExceptExpression(renamed.uri, renamed.getText(), start, start + 5), undefined);
    });

    it('gives completions of the current text from it, without parsing the version being typed', () => {
      const service = createLanguageService();
      const original = TextDocument.create('file:///w/a.flow.yaml', 'yaml', 1, ORDERS_WORKFLOW.replace(prompt, '<<steps.fe'));
      const parsed = service.environment.cache.get(original);
      const offset = original.getText().indexOf('<<steps.fe') + '<<steps.fe'.length;
      const document = TextDocument.update(original, [{ range: { start: original.positionAt(offset), end: original.positionAt(offset) }, text: 'tch_orders.ou' }], 2);
      const items = service.completion(document, document.positionAt(offset + 'tch_orders.ou'.length)).items;
      assert.equal(service.environment.cache.peek(document.uri), parsed, 'no parse of version 2');
      assert.ok(items.some((item) => item.label === 'output'), JSON.stringify(items.map((item) => item.label)));
      const edit = items.find((item) => item.label === 'output')?.textEdit;
      assert.ok(edit && 'range' in edit);
      assert.deepEqual(edit.range, { start: document.positionAt(offset + 'tch_orders.'.length), end: document.positionAt(offset + 'tch_orders.ou'.length) }, 'the range is in the current text');
    });
  });
});
