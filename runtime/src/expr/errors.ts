// The two kinds of faults of the expression language: syntax errors, returned as data by the
// parsers, and run-time errors, thrown by the evaluator as a typed class with a stable code.

import type { SourceRange } from '../language/source-range.ts';

/** A syntax error found while parsing; reported by the analyzer as `invalid-expression`. */
export interface ExpressionError {
  readonly message: string;
  readonly range: SourceRange;
}

/**
 * `invalid-expression`: the expression cannot run at all (syntax error, forbidden name such as
 * `__proto__`). `expression-error`: it ran into a fault (wrong type, unknown name, bad arguments).
 */
export type ExpressionErrorCode = 'invalid-expression' | 'expression-error';

/** Thrown by evaluation. Messages never include evaluated values, so secrets cannot leak through them. */
export class ExpressionRuntimeError extends Error {
  readonly code: ExpressionErrorCode;
  readonly range: SourceRange;

  constructor(code: ExpressionErrorCode, message: string, range: SourceRange) {
    super(message);
    this.name = 'ExpressionRuntimeError';
    this.code = code;
    this.range = range;
  }
}
