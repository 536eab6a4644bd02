// Golden-file tests for code actions: each case opens a fixture, asks for the code actions of its
// diagnostics (or at a spot, for refactorings), applies the one with the given title and compares
// the result with `<case>.expected.<ext>`. Run with UPDATE_GOLDEN=1 to write the expected files.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText } from '../../../runtime/src/analysis/analyze.ts';
import { createLanguageService } from '../../../server/src/service/language-service.ts';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

interface Case {
  id: string;
  fixture: string;
  title: string;
  /** For refactorings: the text the cursor is in (else every diagnostic of the file is offered). */
  at?: string;
  /** The diagnostic the fix must remove. */
  fixes?: string;
}

const CASES: Case[] = [
  { id: 'create-step', fixture: 'create-step.flow.yaml', title: 'Create step `notify_team`', fixes: 'unknown-step' },
  { id: 'did-you-mean-port', fixture: 'did-you-mean.flow.yaml', title: 'Change to `success`', at: 'sucess', fixes: 'unknown-port' },
  { id: 'did-you-mean-action', fixture: 'did-you-mean.flow.yaml', title: 'Change to `records.get`', fixes: 'unknown-action' },
  { id: 'did-you-mean-input', fixture: 'did-you-mean.flow.yaml', title: 'Change to `customerId`', fixes: 'unknown-input' },
  { id: 'did-you-mean-step', fixture: 'did-you-mean.flow.yaml', title: 'Change to `summarize`', fixes: 'unknown-step' },
  { id: 'did-you-mean-field', fixture: 'did-you-mean.flow.yaml', title: 'Change to `error`', at: 'errr', fixes: 'unknown-reference' },
  { id: 'mustache-one', fixture: 'mustache.flow.yaml', title: 'Convert to `<< input.name >>`' },
  { id: 'mustache-all', fixture: 'mustache.flow.yaml', title: 'Convert all 2 `{{ }}` templates in this file to `<< >>`', fixes: 'mustache-template' },
  { id: 'error-port', fixture: 'error-port.flow.yaml', title: 'Add an `error` port to `fetch` (logs, then fails)', at: 'stepSlug: fetch' },
  { id: 'route-error', fixture: 'route-error.flow.yaml', title: "Route `fetch`'s error port to `report`", fixes: 'error-reference-outside-error-path' },
  { id: 'declare-secret', fixture: 'declare-secret.flow.yaml', title: 'Declare secret `API_KEY`', fixes: 'undeclared-secret' },
  { id: 'declare-first-secret', fixture: 'declare-first-secret.flow.yaml', title: 'Declare secret `API_KEY`', fixes: 'undeclared-secret' },
  { id: 'hardcoded-secret', fixture: 'hardcoded-secret.flow.yaml', title: 'Move the value to secret `ANTHROPIC_API_KEY`', fixes: 'hardcoded-secret' },
  { id: 'suppress-line', fixture: 'suppress.flow.yaml', title: 'Suppress `unreachable-step` on this line', fixes: 'unreachable-step' },
  { id: 'suppress-file', fixture: 'suppress.flow.yaml', title: 'Suppress `unreachable-step` in this file', fixes: 'unreachable-step' },
  { id: 'missing-trigger', fixture: 'missing-trigger.flow.yaml', title: 'Add a manual trigger', fixes: 'missing-trigger' },
  { id: 'create-step-json', fixture: 'create-step.flow.json', title: 'Create step `notify`', fixes: 'unknown-step' },
  { id: 'declare-secret-json', fixture: 'declare-secret.flow.json', title: 'Declare secret `TOKEN`', fixes: 'undeclared-secret' },
];

function codeOf(diagnostic: { code?: string | number }): string {
  return String(diagnostic.code);
}

describe('code actions (golden files)', () => {
  for (const testCase of CASES) {
    it(`${testCase.id}: ${testCase.title}`, () => {
      const extension = testCase.fixture.endsWith('.json') ? 'json' : 'yaml';
      const text = readFileSync(join(FIXTURES, testCase.fixture), 'utf8');
      const uri = `file:///work/fixtures/${testCase.fixture}`;
      const document = TextDocument.create(uri, extension, 1, text);
      const service = createLanguageService();
      const diagnostics = service.diagnostics(document);
      let range: Range = { start: document.positionAt(0), end: document.positionAt(text.length) };
      if (testCase.at) {
        const offset = text.indexOf(testCase.at);
        assert.ok(offset >= 0, `${testCase.at} not in the fixture`);
        range = { start: document.positionAt(offset), end: document.positionAt(offset) };
      }
      const inRange = testCase.at ? diagnostics.filter((item) => item.range.start.line === range.start.line) : diagnostics;
      const actions = service.codeActions(document, range, { diagnostics: inRange });
      const action = actions.find((candidate) => candidate.title === testCase.title);
      assert.ok(action, `no action "${testCase.title}"; offered: ${actions.map((candidate) => candidate.title).join(' | ')}`);
      const edits = action.edit?.changes?.[uri];
      assert.ok(edits && edits.length > 0);
      const result = TextDocument.applyEdits(document, edits);

      const expectedFile = join(FIXTURES, `${testCase.id}.expected.${extension}`);
      if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(expectedFile)) {
        if (process.env['UPDATE_GOLDEN'] !== '1') assert.fail(`missing golden file ${expectedFile}; run with UPDATE_GOLDEN=1 to create it`);
        writeFileSync(expectedFile, result);
      }
      assert.equal(result, readFileSync(expectedFile, 'utf8'));

      const after = analyzeText(result, { file: `/work/fixtures/${testCase.fixture}` }).diagnostics;
      assert.deepEqual(after.filter((item) => item.code === 'yaml-syntax'), [], 'the edited file parses');
      if (testCase.fixes) {
        const before = diagnostics.filter((item) => codeOf(item) === testCase.fixes).length;
        assert.ok(after.filter((item) => item.code === testCase.fixes).length < before, `the fix removes a ${testCase.fixes}`);
      }
    });
  }

  it('offers did-you-mean as the preferred fix', () => {
    const text = readFileSync(join(FIXTURES, 'did-you-mean.flow.yaml'), 'utf8');
    const document = TextDocument.create('file:///work/fixtures/d.flow.yaml', 'yaml', 1, text);
    const service = createLanguageService();
    const diagnostics = service.diagnostics(document).filter((item) => item.code === 'unknown-port');
    const actions = service.codeActions(document, diagnostics[0]!.range, { diagnostics });
    assert.equal(actions[0]?.title, 'Change to `success`');
    assert.equal(actions[0]?.isPreferred, true);
  });

  it('offers no suppression comments in JSON, which has no comments', () => {
    const text = readFileSync(join(FIXTURES, 'create-step.flow.json'), 'utf8');
    const document = TextDocument.create('file:///work/fixtures/c.flow.json', 'json', 1, text);
    const service = createLanguageService();
    const actions = service.codeActions(document, { start: document.positionAt(0), end: document.positionAt(text.length) }, { diagnostics: service.diagnostics(document) });
    assert.ok(actions.length > 0);
    assert.ok(actions.every((action) => !action.title.startsWith('Suppress')));
  });
});
