// Renders templated string values for the engine. A string that is exactly one template yields
// the typed value; otherwise each template's value is written into the text. Parses are cached
// per source string, so the hot path is a map lookup and a tree walk: no regex, no re-parsing.

import type { Expr } from './ast.ts';
import { BoundedCache } from './bounded-cache.ts';
import type { ExpressionError } from './errors.ts';
import { ExpressionRuntimeError } from './errors.ts';
import { evaluateExpression } from './evaluate.ts';
import type { EvaluationContext } from './evaluation-context.ts';
import { findTemplates } from './templates.ts';
import type { TemplateSegment } from './templates.ts';
import { toText } from './values.ts';

/** A string parsed once, ready to render any number of times. Ranges are offsets into `text`. */
export interface CompiledTemplate {
  readonly text: string;
  readonly segments: readonly TemplateSegment[];
  /** Set when the text is exactly one template (whitespace around it is dropped): its value keeps its type. */
  readonly whole: Expr | null;
  /** Literal text and expressions in order, for interpolation. */
  readonly parts: ReadonlyArray<string | Expr>;
  /** The first syntax error, if any: rendering then fails with `invalid-expression`. */
  readonly error: ExpressionError | null;
}

const CACHE_CAPACITY = 10_000;
const cache = new BoundedCache<CompiledTemplate>(CACHE_CAPACITY);

/** Parses `text` (or takes it from the cache). */
export function compileTemplateString(text: string): CompiledTemplate {
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const compiled = compileUncached(text);
  cache.set(text, compiled);
  return compiled;
}

function compileUncached(text: string): CompiledTemplate {
  const segments = findTemplates(text);
  let error: ExpressionError | null = null;
  const parts: Array<string | Expr> = [];
  let templateCount = 0;
  let onlyWhitespaceText = true;
  let lastTemplate: Expr | null = null;
  for (const segment of segments) {
    if (segment.kind === 'text') {
      parts.push(segment.text);
      if (segment.text.trim() !== '') onlyWhitespaceText = false;
      continue;
    }
    templateCount++;
    if (error === null && segment.errors.length > 0) error = segment.errors[0];
    if (segment.ast !== null) {
      parts.push(segment.ast);
      lastTemplate = segment.ast;
    }
  }
  const whole = templateCount === 1 && onlyWhitespaceText ? lastTemplate : null;
  return { text, segments, whole, parts, error };
}

/** Renders a compiled string; throws ExpressionRuntimeError on a syntax error or a run-time fault. */
export function renderCompiledTemplate(compiled: CompiledTemplate, context: EvaluationContext): unknown {
  if (compiled.error !== null) {
    throw new ExpressionRuntimeError('invalid-expression', compiled.error.message, compiled.error.range);
  }
  if (compiled.whole !== null) return evaluateExpression(compiled.whole, context);
  const parts = compiled.parts;
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    out += typeof part === 'string' ? part : toText(evaluateExpression(part, context), part.range);
  }
  return out;
}

/**
 * The value of a string that may hold templates: a string without `<<` comes back as is, a
 * whole template gives its typed value, anything else gives a string. Ranges in errors are
 * offsets into `text`.
 */
export function renderTemplateString(text: string, context: EvaluationContext): unknown {
  if (!text.includes('<<')) return text;
  return renderCompiledTemplate(compileTemplateString(text), context);
}

const MAX_VALUE_DEPTH = 200;

/** Renders every string inside nested arrays and plain objects (action parameters, `output`, `vars`); keys are not templated. */
export function renderDeep(value: unknown, context: EvaluationContext): unknown {
  return renderValue(value, context, 0);
}

function renderValue(value: unknown, context: EvaluationContext, depth: number): unknown {
  if (typeof value === 'string') return renderTemplateString(value, context);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_VALUE_DEPTH) {
    throw new ExpressionRuntimeError('expression-error', `value is nested more than ${MAX_VALUE_DEPTH} levels deep`, { start: 0, end: 0 });
  }
  if (Array.isArray(value)) return value.map((item) => renderValue(item, context, depth + 1));
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return value;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const rendered = renderValue((value as Record<string, unknown>)[key], context, depth + 1);
    // A plain assignment to `__proto__` would replace the prototype instead of adding a key.
    if (key === '__proto__') Object.defineProperty(result, key, { value: rendered, enumerable: true, writable: true, configurable: true });
    else result[key] = rendered;
  }
  return result;
}

/** Drops every cached parse (tests, or a server that wants to free memory). */
export function clearTemplateCache(): void {
  cache.clear();
}
