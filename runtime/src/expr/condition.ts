// Condition expressions (`condition.expression`): one expression in the template language where
// any `<<path>>` inside reads as that path, so `steps.a.output.total > 1000` and
// `<<steps.a.output.total>> > 1000 && <<input.tier>> == 'gold'` mean the same. The tokenizer
// turns `<<` and `>>` into grouping brackets, which keeps every range exact. The debug adapter's
// `evaluate` uses the same reading for expressions typed with or without the brackets.

import { BoundedCache } from './bounded-cache.ts';
import { ExpressionRuntimeError } from './errors.ts';
import { evaluateExpression } from './evaluate.ts';
import type { EvaluationContext } from './evaluation-context.ts';
import type { ParseResult } from './parse-expression.ts';
import { parseConditionSource } from './parse-expression.ts';
import { isTruthy } from './values.ts';

/** Parses a condition; ranges are `baseOffset` plus offsets into `text`. Never throws. */
export function parseCondition(text: string, baseOffset = 0): ParseResult {
  return parseConditionSource(text, baseOffset);
}

const cache = new BoundedCache<ParseResult>(2_000);

/** Parses `text` at offset 0, or takes the result from the cache. */
export function compileCondition(text: string): ParseResult {
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const parsed = parseCondition(text);
  cache.set(text, parsed);
  return parsed;
}

/** The condition's value (not yet reduced to a boolean); throws ExpressionRuntimeError on faults. */
export function evaluateConditionValue(text: string, context: EvaluationContext): unknown {
  const { ast, errors } = compileCondition(text);
  if (ast === null || errors.length > 0) {
    const first = errors[0] ?? { message: 'empty expression', range: { start: 0, end: 0 } };
    throw new ExpressionRuntimeError('invalid-expression', first.message, first.range);
  }
  return evaluateExpression(ast, context);
}

/** True when the condition's value is truthy (JavaScript rules: empty arrays and objects are true). */
export function evaluateCondition(text: string, context: EvaluationContext): boolean {
  return isTruthy(evaluateConditionValue(text, context));
}
