// Tree queries for the analyzer and the language server: reference paths, the generic walk, and
// the node at an offset.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectReferences, expressionAt, expressionPathAt, parseExpression, walkExpression } from '../../../runtime/src/expr/index.ts';
import type { Expr } from '../../../runtime/src/expr/index.ts';
import { slice } from './print-ast.ts';

function references(source: string): Array<{ root: string; segments: Array<string | number | null>; text: string }> {
  const { ast } = parseExpression(source);
  return collectReferences(ast).map((reference) => ({
    root: reference.root,
    segments: reference.segments.map((segment) => segment.name),
    text: slice(source, reference.range),
  }));
}

void describe('collectReferences', () => {
  void it('gives each maximal path with its segments', () => {
    assert.deepEqual(references("steps.fetch.output.items[0]['name'] + input.count"), [
      { root: 'steps', segments: ['fetch', 'output', 'items', 0, 'name'], text: "steps.fetch.output.items[0]['name']" },
      { root: 'input', segments: ['count'], text: 'input.count' },
    ]);
  });

  void it('marks computed indexes and collects the paths inside them', () => {
    assert.deepEqual(references('vars.map[loop.item.key].x'), [
      { root: 'vars', segments: ['map', null, 'x'], text: 'vars.map[loop.item.key].x' },
      { root: 'loop', segments: ['item', 'key'], text: 'loop.item.key' },
    ]);
  });

  void it('finds paths in call arguments, literals and conditionals but not through calls', () => {
    assert.deepEqual(
      references("default(steps.a.output, [input.x, {k: vars.y}]) ? $now : keys(input.obj).length").map((reference) => reference.text),
      ['steps.a.output', 'input.x', 'vars.y', '$now', 'input.obj'],
    );
  });

  void it('a bare root is a path without segments', () => {
    const { ast } = parseExpression('item');
    const [reference] = collectReferences(ast);
    assert.equal(reference.root, 'item');
    assert.deepEqual(reference.segments, []);
    assert.equal(reference.node, ast);
  });

  void it('keeps the empty segment of a half-typed path, with its range', () => {
    const { ast } = parseExpression('steps.', 10);
    const [reference] = collectReferences(ast);
    assert.deepEqual(reference.segments, [{ name: '', range: { start: 16, end: 16 } }]);
    assert.deepEqual(reference.rootRange, { start: 10, end: 15 });
  });

  void it('gives segment ranges on the names and inside the brackets', () => {
    const source = "steps.a['b'][c]";
    const [reference] = collectReferences(parseExpression(source).ast);
    assert.deepEqual(reference.segments.map((segment) => slice(source, segment.range)), ['a', "'b'", 'c']);
  });

  void it('copes with a null tree', () => {
    assert.deepEqual(collectReferences(null), []);
  });
});

void describe('walkExpression', () => {
  void it('visits parents before children in source order and can skip subtrees', () => {
    const { ast } = parseExpression('lower(a.b) + [c]');
    const seen: string[] = [];
    walkExpression(ast, (node: Expr, parent: Expr | null) => {
      seen.push(`${node.kind}<${parent?.kind ?? 'root'}`);
      if (node.kind === 'ArrayLiteral') return false;
    });
    assert.deepEqual(seen, ['Binary<root', 'Call<Binary', 'Member<Call', 'Identifier<Member', 'ArrayLiteral<Binary']);
  });
});

void describe('expressionAt', () => {
  const source = 'default(steps.fetch.output, input.x) + 1';
  const { ast } = parseExpression(source);

  void it('finds the innermost node at an offset', () => {
    const at = (marker: string, delta = 0): Expr | null => expressionAt(ast, source.indexOf(marker) + delta);
    assert.equal(at('steps')?.kind, 'Identifier');
    assert.equal(at('fetch')?.kind, 'Member');
    const output = at('output', 2);
    assert.ok(output?.kind === 'Member');
    assert.equal(output.name, 'output');
    assert.equal(at('default', 2)?.kind, 'Call');
    assert.equal(at('1')?.kind, 'Literal');
    assert.equal(at('+')?.kind, 'Binary');
    assert.equal(expressionAt(ast, 200), null);
    assert.equal(expressionAt(null, 0), null);
  });

  void it('finds the empty member after a dot and the missing argument after a comma', () => {
    const member = parseExpression('steps.fetch.');
    const node = expressionAt(member.ast, 12);
    assert.ok(node?.kind === 'Member');
    assert.equal(node.name, '');

    const call = parseExpression('default(a, ');
    const path = expressionPathAt(call.ast, 11);
    assert.deepEqual(path.map((entry) => entry.kind), ['Call', 'Missing']);
  });
});
