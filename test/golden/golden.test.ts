// Golden tests for the analyzer: every fixture under fixtures/ states the diagnostics it must
// produce beside the lines they start on, every workflow under examples/ must produce none, and
// every diagnostic code must be exercised by at least one fixture.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyzeText } from '../../runtime/src/analysis/analyze.ts';
import { DIAGNOSTIC_CODES, type Diagnostic } from '../../runtime/src/language/diagnostic.ts';
import type { LineIndex } from '../../runtime/src/language/line-index.ts';
import { readExpectations, type Expectation } from './read-expectations.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const fixturesDir = join(repoRoot, 'test/golden/fixtures');
const examplesDir = join(repoRoot, 'examples');
const WORKFLOW_FILE = /\.flow\.(yaml|yml|json)$/;

/** Examples named `broken-*` are deliberately broken for users to try; they are checked like fixtures. */
const isBrokenExample = (path: string): boolean => basename(path).startsWith('broken-');

function workflowFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => WORKFLOW_FILE.test(name))
    .sort()
    .map((name) => join(dir, name));
}

function describeDiagnostic(file: string, lines: LineIndex, item: Diagnostic): string {
  const { line, character } = lines.positionAt(item.range.start);
  return `${file}:${line + 1}:${character + 1} ${item.severity} ${item.code} ${item.message}`;
}

function assertRangesInBounds(file: string, text: string, diagnostics: readonly Diagnostic[]): void {
  for (const item of diagnostics) {
    const { start, end } = item.range;
    assert.ok(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= text.length, `${file}: ${item.code} has the range [${start}, ${end}) outside the text (length ${text.length})`);
  }
}

const fixtureExpectations = new Map<string, Expectation[]>();

describe('golden fixtures', () => {
  for (const path of [...workflowFiles(fixturesDir), ...workflowFiles(examplesDir).filter(isBrokenExample)]) {
    const name = basename(path);
    const text = readFileSync(path, 'utf8');
    const expected = readExpectations(path, text);
    fixtureExpectations.set(name, expected);

    test(name, () => {
      const unknownCodes = expected.filter((item) => !(DIAGNOSTIC_CODES as readonly string[]).includes(item.code));
      assert.deepEqual(unknownCodes, [], `${name} expects codes that do not exist`);

      const { document, diagnostics } = analyzeText(text, { file: path });
      assertRangesInBounds(name, text, diagnostics);
      const lineOf = (item: Diagnostic): number => document.lines.positionAt(item.range.start).line + 1;

      const actualKeys = new Set(diagnostics.map((item) => `${lineOf(item)} ${item.code}`));
      const expectedKeys = new Set(expected.map((item) => `${item.line} ${item.code}`));
      const missing = [...expectedKeys].filter((key) => !actualKeys.has(key));
      const unexpected = diagnostics.filter((item) => !expectedKeys.has(`${lineOf(item)} ${item.code}`));
      if (missing.length > 0 || unexpected.length > 0) {
        const report = [`${name}: the diagnostics differ from the expectations.`];
        if (missing.length > 0) report.push('  expected but not reported:', ...missing.map((key) => `    ${name}:${key}`));
        if (unexpected.length > 0) report.push('  reported but not expected:', ...unexpected.map((item) => `    ${describeDiagnostic(name, document.lines, item)}`));
        report.push('  everything reported:', ...diagnostics.map((item) => `    ${describeDiagnostic(name, document.lines, item)}`));
        assert.fail(report.join('\n'));
      }

      for (const pinned of expected.filter((item) => item.text !== undefined)) {
        const candidates = diagnostics.filter((item) => lineOf(item) === pinned.line && item.code === pinned.code);
        const texts = candidates.map((item) => text.slice(item.range.start, item.range.end));
        assert.ok(texts.includes(pinned.text!), `${name}:${pinned.line} ${pinned.code} should cover exactly ${JSON.stringify(pinned.text)}, but covers ${texts.map((covered) => JSON.stringify(covered)).join(' or ')}`);
      }
    });
  }

  test('every diagnostic code is covered by at least one fixture', () => {
    const covered = new Set([...fixtureExpectations.values()].flat().map((item) => item.code));
    const uncovered = DIAGNOSTIC_CODES.filter((code) => !covered.has(code));
    assert.deepEqual(uncovered, [], `no fixture expects these codes: ${uncovered.join(', ')}`);
  });
});

describe('examples are clean', () => {
  const examples = workflowFiles(examplesDir).filter((path) => !isBrokenExample(path));

  test('there are examples to check', () => {
    assert.ok(examples.length >= 7, `expected at least seven examples, found ${examples.length}`);
  });

  for (const path of examples) {
    const name = relative(repoRoot, path);
    test(name, () => {
      const text = readFileSync(path, 'utf8');
      const { document, diagnostics } = analyzeText(text, { file: path });
      assert.deepEqual(diagnostics.map((item) => describeDiagnostic(name, document.lines, item)), [], `${name} must have no diagnostics`);
    });
  }
});
