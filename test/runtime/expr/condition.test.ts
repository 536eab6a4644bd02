// Condition expressions, where `<<path>>` reads as the path: parsing with exact ranges and evaluation.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpressionRuntimeError, evaluateCondition, evaluateConditionValue, parseCondition } from '../../../runtime/src/expr/index.ts';
import type { EvaluationContext } from '../../../runtime/src/expr/index.ts';
import { printAst, slice } from './print-ast.ts';

const roots: Record<string, unknown> = {
  input: { tier: 'gold', tags: ['vip'] },
  steps: { a: { output: { total: 1500, ok: true } } },
};
const context: EvaluationContext = { resolveRoot: (name) => (Object.hasOwn(roots, name) ? roots[name] : undefined) };

void describe('parseCondition', () => {
  void it('reads <<path>> as that path, with exact ranges', () => {
    const text = "<<steps.a.output.total>> > 1000 && <<input.tier>> == 'gold'";
    const { ast, errors } = parseCondition(text, 20);
    assert.deepEqual(errors, []);
    assert.equal(printAst(ast), '(&& (> (. (. (. steps a) output) total) 1000) (== (. input tier) "gold"))');
    assert.ok(ast?.kind === 'Binary' && ast.left.kind === 'Binary');
    assert.equal(slice(text, ast.left.left.range, 20), 'steps.a.output.total');
    assert.equal(slice(text, ast.left.range, 20), '<<steps.a.output.total>> > 1000');
    assert.equal(slice(text, ast.range, 20), text);
  });

  void it('parses the same tree with and without brackets', () => {
    const plain = parseCondition("steps.a.output.total > 1000 && input.tier == 'gold'");
    const bracketed = parseCondition("<<steps.a.output.total>> > 1000 && <<input.tier>> == 'gold'");
    assert.equal(printAst(plain.ast), printAst(bracketed.ast));
  });

  void it('reports a missing >> and a stray >>', () => {
    assert.deepEqual(parseCondition('<<steps.a.output.ok').errors.map((error) => error.message), ["missing '>>' to match '<<'"]);
    const stray = parseCondition('steps.a.output.ok >> 1');
    assert.deepEqual(stray.errors.map((error) => [error.message, error.range]), [["unexpected '>>'", { start: 18, end: 20 }]]);
  });

  void it('stops deep << nesting with one error', () => {
    const { errors } = parseCondition('<< '.repeat(1000) + 'a' + ' >>'.repeat(1000));
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /nested too deeply/);
  });

  void it('reports forbidden names inside brackets', () => {
    const { errors } = parseCondition('<<input.constructor>> == 1');
    assert.deepEqual(errors, [{ message: "'constructor' is not allowed in expressions", range: { start: 8, end: 19 } }]);
  });
});

void describe('evaluateCondition', () => {
  void it('evaluates to a boolean by truthiness', () => {
    assert.equal(evaluateCondition("<<steps.a.output.total>> > 1000 && <<input.tier>> == 'gold'", context), true);
    assert.equal(evaluateCondition('steps.a.output.total > 2000', context), false);
    assert.equal(evaluateCondition('<<steps.a.output.ok>>', context), true);
    assert.equal(evaluateCondition("'vip' in input.tags", context), true);
    assert.equal(evaluateCondition('steps.a.output.missing', context), false);
    assert.equal(evaluateCondition('input.tags', context), true);
    assert.deepEqual(evaluateConditionValue('input.tags', context), ['vip']);
  });

  void it('fails with invalid-expression on syntax errors and empty conditions', () => {
    for (const text of ['steps.a.output.total >', '', '<<input.__proto__>>']) {
      assert.throws(
        () => evaluateCondition(text, context),
        (error: unknown) => error instanceof ExpressionRuntimeError && error.code === 'invalid-expression',
        text,
      );
    }
  });
});
