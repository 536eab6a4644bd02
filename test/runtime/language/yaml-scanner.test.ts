// Our YAML scanner against its two oracles. On every input it either declines, or yields exactly
// the token stream of the Lexer-based tokenizer (kinds, offsets, indentation), and then the fast
// builder over its tokens either declines or builds the full parser's tree, on input the full
// parser reports no error for. Inputs: every example and fixture, generated workflows, thousands
// of random mutations and random documents, and targeted edge cases.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildYamlTreeFromTokens } from '../../../runtime/src/language/fast-yaml.ts';
import { scanYaml } from '../../../runtime/src/language/yaml-scanner.ts';
import { tokenizeYaml, type YamlTokens } from '../../../runtime/src/language/yaml-tokens.ts';
import { parseYamlTreeFully } from '../../../runtime/src/language/yaml-tree.ts';
import { generateWorkflow } from '../../../bench/generate-workflow.ts';
import { Random, generatedWorkflows, mutate, randomDocument, realFiles } from './yaml-inputs.ts';
import { spanOf } from '../../../runtime/src/language/source-range.ts';

type Outcome = 'declined' | 'tokens' | 'tree';

/** Asserts the scanner agrees with the Lexer path and the full parser; says how far it got. */
function assertScannerAgrees(text: string, label: string): Outcome {
  const scanned = scanYaml(text);
  if (!scanned) return 'declined';
  const lexed = tokenizeYaml(text);
  assert.ok(lexed, `${label}: the scanner accepted input the Lexer path declines:\n${JSON.stringify(text)}`);
  assertSameTokens(scanned, lexed, label, text);
  const fast = buildYamlTreeFromTokens(scanned);
  if (!fast) return 'tokens';
  const full = parseYamlTreeFully(text);
  assert.deepEqual(full.diagnostics, [], `${label}: accepted input the full parser reports errors for:\n${JSON.stringify(text)}`);
  assert.deepStrictEqual(fast.root, full.root, `${label}: trees differ for\n${JSON.stringify(text)}`);
  return 'tree';
}

function assertSameTokens(scanned: YamlTokens, lexed: YamlTokens, label: string, text: string): void {
  // The final END_OF_INPUT token (at `count`) is compared too.
  for (let i = 0; i <= Math.max(scanned.count, lexed.count); i++) {
    const same = scanned.kinds[i] === lexed.kinds[i] && scanned.starts[i] === lexed.starts[i] && scanned.ends[i] === lexed.ends[i] && scanned.indents[i] === lexed.indents[i];
    if (!same) {
      const describe = (tokens: YamlTokens): string =>
        i <= tokens.count ? `kind ${tokens.kinds[i]} at ${tokens.starts[i]}–${tokens.ends[i]} indent ${tokens.indents[i]} ${JSON.stringify(text.slice(tokens.starts[i], tokens.ends[i]))}` : 'nothing';
      assert.fail(`${label}: token ${i} differs: scanner ${describe(scanned)}, Lexer ${describe(lexed)} in\n${JSON.stringify(text)}`);
    }
  }
  assert.equal(scanned.count, lexed.count, `${label}: token counts differ`);
}

/** Inserts characters the scanner must treat exactly as the Lexer does, or decline on. */
function mutateCharacters(text: string, random: Random): string {
  const pieces = ['\t', '\r\n', '\r', '\ufeff', 'é', '😀', '\u2028', '\0', ' #', '#', '"', "'", '\\', ':', ': ', '-', '- ', '---', '...', '?', '{', '}', '[', ']', ',', '|', '>', '&', '*', '!', '%', '@', '`', '~'];
  for (let edit = 1 + random.below(3); edit > 0; edit--) {
    const at = random.below(text.length + 1);
    text = text.slice(0, at) + random.pick(pieces) + text.slice(at);
  }
  return text;
}

/** Every concatenation of up to `length` pieces. */
function* allStrings(pieces: readonly string[], length: number): Generator<[string, string]> {
  let level: string[] = [''];
  for (let size = 1; size <= length; size++) {
    const next: string[] = [];
    for (const prefix of level) for (const piece of pieces) next.push(prefix + piece);
    for (const text of next) yield [`short string`, text];
    level = next;
  }
}

function countOutcomes(inputs: Iterable<[string, string]>): Record<Outcome, number> {
  const counts: Record<Outcome, number> = { declined: 0, tokens: 0, tree: 0 };
  for (const [label, text] of inputs) counts[assertScannerAgrees(text, label)]++;
  return counts;
}

describe('YAML scanner', () => {
  test('yields the Lexer’s tokens and the full parser’s tree for every example and fixture', () => {
    for (const { name, text } of realFiles()) {
      const outcome = assertScannerAgrees(text, name);
      // It must never decline a file the Lexer path turns into a tree: that would cost the speed.
      const lexed = tokenizeYaml(text);
      if (lexed && buildYamlTreeFromTokens(lexed)) assert.equal(outcome, 'tree', `${name}: the scanner declined a file the Lexer path accepts`);
    }
  });

  test('takes the generated benchmark workflows, up to the 5000-step one', () => {
    const workflows = [...generatedWorkflows(), { name: 'generated 5000 steps', text: generateWorkflow(5000) }];
    for (const { name, text } of workflows) assert.equal(assertScannerAgrees(text, name), 'tree', name);
  });

  test('declines or agrees on thousands of random line mutations', () => {
    const seeds = [...realFiles(), ...generatedWorkflows()].map((file) => file.text);
    const random = new Random(987654321);
    function* inputs(): Generator<[string, string]> {
      for (let round = 0; round < 8000; round++) yield [`mutation ${round}`, mutate(random.pick(seeds), random)];
    }
    const counts = countOutcomes(inputs());
    assert.ok(counts.tree > 2000, `only ${counts.tree} mutations were scanned into trees: the comparison proves little`);
  });

  test('declines or agrees on random character insertions', () => {
    const seeds = realFiles().map((file) => file.text);
    const random = new Random(4242);
    function* inputs(): Generator<[string, string]> {
      for (let round = 0; round < 4000; round++) yield [`insertion ${round}`, mutateCharacters(random.pick(seeds), random)];
    }
    const counts = countOutcomes(inputs());
    assert.ok(counts.tree > 500, `only ${counts.tree} insertions were scanned into trees`);
  });

  test('declines or agrees on random documents of the supported subset', () => {
    const random = new Random(99);
    function* inputs(): Generator<[string, string]> {
      for (let round = 0; round < 4000; round++) yield [`document ${round}`, randomDocument(random)];
    }
    const counts = countOutcomes(inputs());
    assert.ok(counts.tree > 1000, `only ${counts.tree} documents were scanned into trees`);
  });

  test('declines or agrees on every short string over YAML’s structural characters', () => {
    // Exhaustive where random inputs are thin: the ends of the input, and lines of only spaces.
    const counts = countOutcomes(allStrings(['a', ' ', '\n', ':', '-', '#', '"', '[', ']', '{', ',', '|', '\r\n', '\t'], 4));
    assert.ok(counts.tree > 500, `only ${counts.tree} short strings were scanned into trees`);
    countOutcomes(allStrings(['a', ' ', '\n', ': ', '- ', '#', "'", '>'], 5));
  });

  test('builds the full parser’s tree for targeted cases of the subset', () => {
    const longLine = 'x'.repeat(200_000);
    const cases = [
      'key: "a: b"\n"c: d": 1\n\'e: f\': 2\n',
      'key: "has # hash"\nother: \'also # here\'\nplain: a#b\nlast: x # comment\n',
      '- - nested\n  - - deeper\n    - more\n- last\n',
      'a:\nb:\nc: ~\nd: ""\ne: []\nf: {}\n',
      'a: 1   \nb: two  \n  \nc: [1, 2]  \n',
      'a: 1\r\nb:\r\n  - x\r\n  - "y"\r\nc: |\r\n  text\r\n  more\r\n',
      'name: Ünïcödé ✓\nemoji: "😀 in quotes"\nkey😀: value\n',
      `long: ${longLine}\nquoted: "${longLine}"\n`,
      'flow: ["a\tb", \'c\td\']\nplain: a\tb\n',
      'block: |\n  a\tb\n  \tc\n',
      '---\na: 1\n',
      '--- # comment\na: 1\n',
      '# leading comment\n---\n- x\n',
      'a: ---\nb: ...\nc: x---\n',
      'folded: >-\n  one\n  two\n\n  three\nkeep: |+\n  kept\n\nnext: |2\n    indented\n',
      'a: "multi\n  line"\nb: \'also\n\n  multi\'\nc: plain\n  continued\n',
      '{ "a": 1, "b": [true, null, 1.5], "c": { "d": "e" } }\n',
      '{\n  "json": "style",\n  "list": [\n    1,\n    2\n  ]\n}\n',
      'a: {b: c, "d":e}\n',
      'steps:\n- stepSlug: a\n  config:\n    x: <<steps.b.output>>\n',
      '',
      '\n\n',
      '# only a comment',
      '# comment\n   ',
      'a: 1\n  ',
      'a: 1\n# end\n  \n',
    ];
    for (const text of cases) assert.equal(assertScannerAgrees(text, 'case'), 'tree', `not scanned into a tree: ${JSON.stringify(text.slice(0, 200))}`);
  });

  test('scans and builds a minified JSON line of 300,000 pairs in linear time', { timeout: 30_000 }, () => {
    // Searching each token's line to its end would take minutes here (quadratic); the run takes
    // well under a second. The timeout only stops a regression from hanging the suite.
    const count = 300_000;
    const text = `{${Array.from({ length: count }, (_, i) => `"key${i}": "value ${i}"`).join(', ')}}\n`;
    const tokens = scanYaml(text);
    assert.ok(tokens, 'declined a minified JSON line');
    const root = buildYamlTreeFromTokens(tokens)?.root;
    assert.ok(root?.kind === 'map' && root.pairs.length === count, 'no map of every pair');
    const last = root.pairs[count - 1]!;
    const keyStart = text.lastIndexOf(`"key${count - 1}"`);
    assert.deepEqual(spanOf(last.key), { start: keyStart, end: keyStart + `"key${count - 1}"`.length });
    assert.equal(last.value?.kind === 'scalar' ? last.value.value : undefined, `value ${count - 1}`);
  });

  test('declines, or agrees, where the subset ends', () => {
    const declined = [
      '\ufeffa: 1\n',
      'a:\n\tb: 1\n',
      'a: 1\t# tab before a comment\n',
      'a:\r  b\r',
      '%YAML 1.2\n---\na: 1\n',
      'a: 1\n---\nb: 2\n',
      'a: 1\n...\n',
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      '? key\n: value\n',
      'a: [1, # comment\n  2]\n',
      'a: "unterminated\n',
      'a: [1, 2\n',
      'a: |x\n  y\n',
      'a: |12\n  y\n',
    ];
    for (const text of declined) assert.equal(scanYaml(text), undefined, `scanned ${JSON.stringify(text)}`);
    // Outside the builder's subset but inside the scanner's: the tokens must still be the Lexer's.
    const tokensOnly = ['a: 1\na: 2\n', 'a: b: c\n', '- a\nb: 1\n', '[a, , b]\n', 'a: "x"#touching\n', 'a:\n  - 1\n - 2\n', '"a\nb": 1\n'];
    for (const text of tokensOnly) assertScannerAgrees(text, 'edge');
  });

});
