// Moving a parsed expression: the copy must be exactly what parsing the same text at the new
// offset gives (the template-site cache relies on it), for clean trees and for broken ones.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCondition, parseExpression } from '../../../runtime/src/expr/index.ts';
import { shiftErrors, shiftExpression } from '../../../runtime/src/expr/shift-expression.ts';

const SOURCES = [
  'steps.fetch.output.items[0].name',
  "default(steps.a.output.summary, 'none') + 1",
  '!a && -b < +c ? { k: [1, "x", null], "q": loop.index } : $now',
  'x includes y == true || (a % 2)',
  "json(steps['b'].output).length",
  'lower(',
  'steps.',
  'items.0',
  'a = b',
  "'unterminated",
  '{ a: 1, __proto__: 2 }',
  '(((a)))',
  'f(a,, b',
  '[1, 2',
  '12abc + #',
  '',
  '   ',
];

void describe('shiftExpression', () => {
  void it('gives what parsing at the new offset gives', () => {
    for (const source of SOURCES) {
      for (const [from, to] of [[0, 17], [40, 3], [5, 5]] as const) {
        const parsed = parseExpression(source, from);
        const expected = parseExpression(source, to);
        assert.deepEqual(parsed.ast === null ? null : shiftExpression(parsed.ast, to - from), expected.ast, source);
        assert.deepEqual(shiftErrors(parsed.errors, to - from), expected.errors, source);
      }
    }
  });

  void it('moves condition trees too', () => {
    const source = "<<steps.a.output.total>> > 1000 && <<input.tier>> == 'gold'";
    const parsed = parseCondition(source, 2);
    assert.deepEqual(shiftExpression(parsed.ast!, 98), parseCondition(source, 100).ast);
  });

  void it('leaves the original tree as it was', () => {
    const parsed = parseExpression('a.b + c', 10);
    const before = structuredClone(parsed.ast);
    shiftExpression(parsed.ast!, 5);
    assert.deepEqual(parsed.ast, before);
  });
});
