// Mapping a part of a scalar's value back to the source, in every YAML scalar style.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HAS_MUSTACHE, HAS_TEMPLATE, sourceRangeInScalar, visitStrings, withoutTemplates, workflowStrings } from '../../../runtime/src/analysis/string-values.ts';
import { parseWorkflow } from '../../../runtime/src/language/parse-workflow.ts';
import { parseYamlTree, type YScalar } from '../../../runtime/src/language/yaml-tree.ts';

/** The scalar of `key: <value>` and the source text of the given value slice. */
function mapped(valueSource: string, piece: string): string | undefined {
  const text = `key: ${valueSource}\n`;
  const { root } = parseYamlTree(text);
  assert.equal(root?.kind, 'map');
  const node = root.kind === 'map' ? (root.pairs[0]!.value as YScalar) : undefined;
  const value = String(node!.value);
  const start = value.indexOf(piece);
  assert.notEqual(start, -1, `${piece} is in ${JSON.stringify(value)}`);
  const range = sourceRangeInScalar(text, node!, start, start + piece.length);
  return range && text.slice(range.start, range.end);
}

void describe('sourceRangeInScalar', () => {
  void it('maps plain, single- and double-quoted scalars one to one', () => {
    assert.equal(mapped('a b c', 'b c'), 'b c');
    assert.equal(mapped("'a b c'", 'b'), 'b');
    assert.equal(mapped('"a b c"', 'c'), 'c');
  });

  void it('falls back to the raw source for escapes and block scalars', () => {
    assert.equal(mapped('"a\\tb xyz"', 'xyz'), 'xyz');
    assert.equal(mapped("'it''s xyz'", 'xyz'), 'xyz');
    assert.equal(mapped('|\n  line one\n  line two\n', 'two'), 'two');
  });

  void it('gives up when the piece is not written literally (an escape inside it)', () => {
    assert.equal(mapped('"a\\tb"', '\tb'), undefined);
  });
});

void describe('visitStrings and withoutTemplates', () => {
  void it('visits string values with their nearest key, in source order', () => {
    const { root } = parseYamlTree('a: x\nb: [y, 1, { c: z }]\n');
    const seen: [string | undefined, string][] = [];
    visitStrings(root, ({ node, key }) => seen.push([key, node.value]));
    assert.deepEqual(seen, [['a', 'x'], ['b', 'y'], ['c', 'z']]);
  });

  void it('removes templates but keeps the text around them', () => {
    assert.equal(withoutTemplates('Bearer <<secrets.T>> and <<a>>!'), 'Bearer   and  !');
  });
});

void describe('workflowStrings', () => {
  const text = `name: S
vars: { a: "<<input.x>>", b: [plain, 2] }
output: "{{ out }}"
steps:
  - stepSlug: one
    stepType: action
    config: { type: log, parameters: { message: "hi <<vars.a>> {{ x }}", 7: seven }, list: [q, { deep: r }] }
  - stepSlug: two
    stepType: action
  - stepSlug: three
    stepType: action
    config: [listed, "<<input.y>>"]
`;

  void it('gathers the strings visitStrings visits, with the config entry and marks of each, per step', () => {
    const document = parseWorkflow(text, 'strings.flow.yaml');
    const strings = workflowStrings(document);
    const expected: [string | undefined, string][] = [];
    for (const step of document.workflow.steps) visitStrings(step.configNode, ({ node, key }) => expected.push([key, node.value]));
    assert.deepEqual(strings.config.nodes.map((node, index) => [strings.config.keys[index], node.value]), expected);
    assert.deepEqual(strings.config.values, expected.map(([, value]) => value));
    assert.deepEqual(strings.configEntries, ['type', 'parameters', 'parameters', 'list', 'list', undefined, undefined]);
    assert.deepEqual([...strings.stepStarts], [0, 5, 5, 7]);
    assert.deepEqual(strings.config.marks, [0, HAS_TEMPLATE | HAS_MUSTACHE, 0, 0, 0, 0, HAS_TEMPLATE]);
    assert.deepEqual(strings.vars.values, ['<<input.x>>', 'plain']);
    assert.deepEqual(strings.vars.keys, ['a', 'b']);
    assert.deepEqual(strings.output.marks, [HAS_MUSTACHE]);
    // Gathered once per document.
    assert.equal(workflowStrings(document), strings);
  });
});
