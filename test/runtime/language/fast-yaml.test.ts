// The fast YAML path against the library's full parser: on every input it either declines or
// builds exactly the tree the full parser builds (kinds, ranges, values, styles, flow flags),
// over our scanner's tokens and over the library Lexer's alike, and it only accepts inputs the
// full parser reports no error for.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CST, Lexer } from 'yaml';
import { buildYamlTreeFast, buildYamlTreeFromTokens } from '../../../runtime/src/language/fast-yaml.ts';
import { parseYamlTree, parseYamlTreeFully } from '../../../runtime/src/language/yaml-tree.ts';
import * as tokenKinds from '../../../runtime/src/language/yaml-tokens.ts';
import { WORKFLOW_WORDS } from '../../../runtime/src/language/workflow-words.ts';
import { Random, generatedWorkflows, mutate, randomDocument, realFiles } from './yaml-inputs.ts';

/**
 * Asserts the fast path agrees with the full parser; returns whether it accepted the input. The
 * builder over the Lexer's own tokens (the route when our scanner declines) is held to the same.
 * The first goes through a string pool that starts from the workflow words, as parseYamlTree's
 * does; the second through an empty one.
 */
function assertAgrees(text: string, label: string): boolean {
  const lexed = tokenKinds.tokenizeYaml(text);
  const overLexer = lexed ? buildYamlTreeFromTokens(lexed) : undefined;
  const fast = buildYamlTreeFast(text, WORKFLOW_WORDS);
  if (!fast && !overLexer) return false;
  const full = parseYamlTreeFully(text);
  assert.deepEqual(full.diagnostics, [], `${label}: the fast path accepted input the full parser reports errors for:\n${JSON.stringify(text)}`);
  if (fast) assert.deepStrictEqual(fast.root, full.root, `${label}: trees differ for\n${JSON.stringify(text)}`);
  if (overLexer) assert.deepStrictEqual(overLexer.root, full.root, `${label}: trees over the Lexer's tokens differ for\n${JSON.stringify(text)}`);
  return Boolean(fast);
}

describe('fast YAML path', () => {
  test('builds the full parser’s tree for every example and fixture it accepts', () => {
    let accepted = 0;
    for (const { name, text } of realFiles()) if (assertAgrees(text, name)) accepted++;
    // Only files with syntax errors should fall back.
    assert.ok(accepted >= realFiles().length - 3, `only ${accepted} files took the fast path`);
  });

  test('accepts and matches the generated benchmark workflows', () => {
    for (const { name, text } of generatedWorkflows()) assert.ok(assertAgrees(text, name), `${name} fell back to the full parser`);
  });

  test('declines or matches on thousands of random mutations of the examples', () => {
    const seeds = [...realFiles(), ...generatedWorkflows()].map((file) => file.text);
    const random = new Random(20240611);
    let accepted = 0;
    for (let round = 0; round < 4000; round++) if (assertAgrees(mutate(random.pick(seeds), random), `mutation ${round}`)) accepted++;
    assert.ok(accepted > 1000, `only ${accepted} mutations took the fast path: the comparison proves little`);
  });

  test('declines or matches on random documents of the supported subset', () => {
    const random = new Random(7);
    let accepted = 0;
    for (let round = 0; round < 4000; round++) if (assertAgrees(randomDocument(random), `document ${round}`)) accepted++;
    assert.ok(accepted > 1000, `only ${accepted} documents took the fast path`);
  });

  test('matches where trailing comments and blank lines decide where collections end', () => {
    const cases = [
      'a:\n  b: 1\n    # deeper than b: joins the value of b\nc: 2\n',
      'a:\n  b: 1\n  # level with b: stays in the inner map\nc: 2\n',
      'a:\n  b: 1\n# at the root: moves out\nc: 2\n',
      'steps:\n  - x: 1\n    y: 2\n    # inside the item\n  # between items\n  - x: 3\n',
      'a:\n  - 1\n  - 2\n\n  # after a blank line\n\nb: |\n  text\n\n\n  # not a comment\nc: >+\n  kept\n\n',
      'key:\n- compact\n- sequence\n# trailing\nother: x # note\n',
      'a:\r\n  b: "x"\r\n  c: [1, 2]\r\n',
      '- - nested\n  - seq\n- last\n',
      'empty:\nafter: 1\nlast:',
    ];
    for (const text of cases) assert.ok(assertAgrees(text, 'case'), `fell back on ${JSON.stringify(text)}`);
  });

  test('declines what it leaves to the full parser', () => {
    const cases = [
      'a: &anchor 1\nb: *anchor\n',
      'a: !tag 1\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: 1\n---\nb: 2\n',
      '? complex\n: key\n',
      'a: 1\na: 2\n',
      'a:\n\tb: 1\n',
      'a: 1\n b: 2\n',
      'a: "unterminated\n',
      'a: b: c\n',
      '{ a: 1, a: 2 }\n',
      '[a, b',
      'a: "x"#comment touching the value\n',
    ];
    for (const text of cases) assert.equal(buildYamlTreeFast(text), undefined, `accepted ${JSON.stringify(text)}`);
  });

  test('parseYamlTree keeps the full parser’s diagnostics when the fast path declines', () => {
    const text = 'name: x\nname: y\n';
    assert.deepEqual(parseYamlTree(text), parseYamlTreeFully(text));
    assert.equal(parseYamlTree(text).diagnostics.length, 1);
  });

  test('an empty or comment-only file has no root either way', () => {
    for (const text of ['', '\n\n', '# only a comment\n']) {
      assert.deepEqual(buildYamlTreeFast(text), { root: null });
      assert.deepEqual(parseYamlTreeFully(text), { root: null, diagnostics: [] });
    }
  });
});

describe('YAML tokens', () => {
  test('classifies every lexeme as the library’s CST.tokenType does', () => {
    const names: Record<number, string> = {
      [tokenKinds.NEWLINE]: 'newline',
      [tokenKinds.SPACE]: 'space',
      [tokenKinds.COMMENT]: 'comment',
      [tokenKinds.SEQ_ITEM]: 'seq-item-ind',
      [tokenKinds.MAP_VALUE]: 'map-value-ind',
      [tokenKinds.FLOW_MAP_START]: 'flow-map-start',
      [tokenKinds.FLOW_MAP_END]: 'flow-map-end',
      [tokenKinds.FLOW_SEQ_START]: 'flow-seq-start',
      [tokenKinds.FLOW_SEQ_END]: 'flow-seq-end',
      [tokenKinds.COMMA]: 'comma',
      [tokenKinds.SINGLE_QUOTED]: 'single-quoted-scalar',
      [tokenKinds.DOUBLE_QUOTED]: 'double-quoted-scalar',
      [tokenKinds.BLOCK_HEADER]: 'block-scalar-header',
      [tokenKinds.DOC_MODE]: 'doc-mode',
      [tokenKinds.DOC_START]: 'doc-start',
    };
    for (const { name, text } of [...realFiles(), ...generatedWorkflows()]) {
      const tokens = tokenKinds.tokenizeYaml(text);
      if (!tokens) continue;
      let position = 0;
      let afterMarker = false;
      for (const lexeme of new Lexer().lex(text)) {
        if (lexeme === CST.SCALAR) {
          afterMarker = true;
          continue;
        }
        const kind: number = tokens.kinds[position]!;
        if (afterMarker) assert.ok(kind === tokenKinds.PLAIN || kind === tokenKinds.BLOCK_BODY, `${name}: scalar lexeme ${JSON.stringify(lexeme)}`);
        else assert.equal(names[kind], CST.tokenType(lexeme), `${name}: lexeme ${JSON.stringify(lexeme)}`);
        const source: string = lexeme === CST.DOCUMENT ? '' : lexeme;
        assert.equal(text.slice(tokens.starts[position], tokens.ends[position]), source, `${name}: offsets of ${JSON.stringify(lexeme)}`);
        afterMarker = false;
        position++;
      }
      assert.equal(position, tokens.count, name);
    }
  });
});
