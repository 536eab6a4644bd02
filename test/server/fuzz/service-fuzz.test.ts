// Fuzzing the language service: thousands of random mutations of the example workflows (deleted
// lines, truncated templates, shifted indentation, random bytes) go through every feature. No
// request may throw (a refused rename is an answer), every request must be answered, and answers
// stay within bounds. The generator is seeded, so a failure names a reproducible case.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../../server/src/service/language-service.ts';
import { RenameRefusedError } from '../../../server/src/service/rename.ts';
import { MUTATIONS, MUTATION_NAMES, pick, random } from './mutations.ts';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples');
const DOCUMENTS_PER_EXAMPLE = Number(process.env['STEPLINE_FUZZ_DOCUMENTS'] ?? 300);
const MAX_COMPLETION_ITEMS = 1000;
const MAX_HOVER_LENGTH = 20_000;

describe('language service fuzz', () => {
  const examples = readdirSync(EXAMPLES).filter((name) => /\.flow\.(ya?ml|json)$/.test(name)).sort();

  for (const [exampleIndex, name] of examples.entries()) {
    it(`survives ${DOCUMENTS_PER_EXAMPLE} mutations of ${name}`, { timeout: 300_000 }, () => {
      const original = readFileSync(join(EXAMPLES, name), 'utf8');
      const uri = `file:///work/examples/${name}`;
      const service = createLanguageService({ lastRun: () => new Map([['start', { id: 1 }]]) });
      let requested = 0;
      let answered = 0;
      let text = original;
      for (let round = 0; round < DOCUMENTS_PER_EXAMPLE; round++) {
        const seed = exampleIndex * 1_000_003 + round;
        const next = random(seed);
        // Mostly build on the previous mutation (like typing), sometimes start over.
        if (next() < 0.2) text = original;
        const applied: string[] = [];
        const steps = 1 + Math.floor(next() * 3);
        for (let i = 0; i < steps; i++) {
          const mutation = pick(MUTATION_NAMES, next);
          applied.push(mutation);
          text = MUTATIONS[mutation]!(text, next);
        }
        const document = TextDocument.create(uri, name.endsWith('.json') ? 'json' : 'yaml', round + 1, text);
        const where = () => document.positionAt(Math.floor(next() * (text.length + 1)));
        const ask = <T>(label: string, request: () => T): T | undefined => {
          requested++;
          try {
            const result = request();
            answered++;
            return result;
          } catch (error) {
            if (error instanceof RenameRefusedError) {
              answered++;
              return undefined;
            }
            assert.fail(`${label} threw on ${name}, seed ${seed}, mutations ${applied.join('+')}: ${error instanceof Error ? error.stack : String(error)}\n--- text ---\n${text.slice(0, 2000)}`);
          }
        };
        const diagnostics = ask('diagnostics', () => service.diagnostics(document)) ?? [];
        // What this service built from the versions before (a re-parse that took over the last
        // version's nodes) must say what a service parsing this text for the first time says.
        const fresh = createLanguageService({ lastRun: () => new Map([['start', { id: 1 }]]) }).diagnostics(TextDocument.create(uri, document.languageId, 1, text));
        assert.deepEqual(diagnostics, fresh, `diagnostics differ from a fresh analysis on ${name}, seed ${seed}, mutations ${applied.join('+')}`);
        for (let i = 0; i < 3; i++) {
          const list = ask('completion', () => service.completion(document, where()));
          assert.ok((list?.items.length ?? 0) <= MAX_COMPLETION_ITEMS);
        }
        const hover = ask('hover', () => service.hover(document, where()));
        assert.ok(JSON.stringify(hover ?? '').length <= MAX_HOVER_LENGTH);
        ask('definition', () => service.definition(document, where()));
        ask('references', () => service.references(document, where(), true));
        ask('prepareRename', () => service.prepareRename(document, where()));
        ask('rename', () => service.rename(document, where(), 'renamed_name'));
        ask('documentSymbols', () => service.documentSymbols(document));
        ask('documentLinks', () => service.documentLinks(document));
        ask('semanticTokens', () => service.semanticTokens(document));
        ask('codeActions', () => service.codeActions(document, { start: where(), end: where() }, { diagnostics }));
      }
      assert.equal(answered, requested);
      assert.ok(requested >= DOCUMENTS_PER_EXAMPLE * 13);
    });
  }
});
