// Value rules shared by the evaluator, the function library and rendering: truthiness, equality,
// type names for messages, and how a value is written into text.

import type { SourceRange } from '../language/source-range.ts';
import { ExpressionRuntimeError } from './errors.ts';

/** JavaScript truthiness: false, null, 0, NaN and '' are false; every array and object (even empty) is true. */
export function isTruthy(value: unknown): boolean {
  return Boolean(value);
}

/** A name for the kind of a value, for error messages (which never show the value itself). */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  if (type === 'object') return 'object';
  return type;
}

const MAX_EQUALITY_DEPTH = 100;

/** Structural equality without coercion: `1 == '1'` is false, `[1, {a: 2}] == [1, {a: 2}]` is true. */
export function valuesEqual(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (depth > MAX_EQUALITY_DEPTH) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i], b[i], depth + 1)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  for (const key of aKeys) {
    if (!Object.hasOwn(b, key)) return false;
    if (!valuesEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/**
 * How a value reads inside text (interpolation, `string(x)`, `join`, `'a' + x`): strings as is,
 * null as nothing, numbers and booleans as written, arrays and objects as compact JSON.
 */
export function toText(value: unknown, range: SourceRange): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return toJson(value, range);
}

/** Compact JSON text of a value; a cycle or a BigInt is an expression error, not a crash. */
export function toJson(value: unknown, range: SourceRange): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    throw new ExpressionRuntimeError('expression-error', 'value cannot be written as JSON (it contains a cycle or an unsupported value)', range);
  }
}
