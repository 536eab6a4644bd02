// Finds the `<< >>` templates inside a string value and parses each one. A string is split into
// text and template segments with document ranges; an unterminated `<<` runs to the end of the
// string and carries a "missing '>>'" error.

import type { SourceRange } from '../language/source-range.ts';
import type { Expr } from './ast.ts';
import type { ExpressionError } from './errors.ts';
import { parseExpression } from './parse-expression.ts';

export interface TextSegment {
  readonly kind: 'text';
  readonly text: string;
  readonly range: SourceRange;
}

export interface TemplateExpressionSegment {
  readonly kind: 'template';
  /** The text between `<<` and `>>`. */
  readonly source: string;
  /** From `<<` to `>>` included (to the end of the text when unterminated). */
  readonly range: SourceRange;
  /** The range of `source`. */
  readonly innerRange: SourceRange;
  /** False when the `>>` is missing. */
  readonly closed: boolean;
  readonly ast: Expr | null;
  readonly errors: readonly ExpressionError[];
}

export type TemplateSegment = TextSegment | TemplateExpressionSegment;

/** True when the text has a `<<` (a template, possibly unterminated). */
export function containsTemplate(text: string): boolean {
  return text.includes('<<');
}

/**
 * True when the text, ignoring leading and trailing whitespace, is exactly one template. Such a
 * string yields the expression's typed value; the surrounding whitespace is dropped (a YAML block
 * scalar `|` adds a final newline that should not turn an object into a string).
 */
export function isWholeTemplate(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed.startsWith('<<')) return false;
  return findTemplateEnd(trimmed, 2) === trimmed.length - 2;
}

/**
 * The offset of the `>>` closing a template whose expression starts at `from`, or -1. Quoted
 * strings are skipped, so `<<'a >> b'>>` works; when a quote is never closed the first `>>`
 * counts, so a half-typed string does not swallow the rest of the text.
 */
export function findTemplateEnd(text: string, from: number): number {
  const length = text.length;
  let quote = 0;
  let i = from;
  while (i < length) {
    const ch = text.charCodeAt(i);
    if (quote !== 0) {
      if (ch === 92 /* \ */) {
        i += 2;
        continue;
      }
      if (ch === quote) quote = 0;
    } else if (ch === 39 /* ' */ || ch === 34 /* " */) {
      quote = ch;
    } else if (ch === 62 /* > */ && text.charCodeAt(i + 1) === 62) {
      return i;
    }
    i++;
  }
  return quote === 0 ? -1 : text.indexOf('>>', from);
}

/** Splits `text` into text and template segments; ranges are `baseOffset` plus offsets into `text`. */
export function findTemplates(text: string, baseOffset = 0): TemplateSegment[] {
  return splitTemplates(text, baseOffset, true);
}

/** Only the template segments of `text` (what `findTemplates` gives, without the text between them). */
export function findTemplateExpressions(text: string, baseOffset = 0): TemplateExpressionSegment[] {
  return splitTemplates(text, baseOffset, false) as TemplateExpressionSegment[];
}

function splitTemplates(text: string, baseOffset: number, withText: boolean): TemplateSegment[] {
  const segments: TemplateSegment[] = [];
  const length = text.length;
  let position = 0;
  while (position < length) {
    const open = text.indexOf('<<', position);
    if (open === -1) break;
    if (withText && open > position) segments.push(textSegment(text, position, open, baseOffset));
    const innerStart = open + 2;
    const close = findTemplateEnd(text, innerStart);
    const innerEnd = close === -1 ? length : close;
    const end = close === -1 ? length : close + 2;
    segments.push(templateSegment(text, open, innerStart, innerEnd, end, close !== -1, baseOffset));
    position = end;
  }
  if (withText && position < length) segments.push(textSegment(text, position, length, baseOffset));
  return segments;
}

/** Whether the text is empty or only whitespace, as `trim()` sees it, without making the trimmed copy. */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    // Common characters first; anything unusual is left to `trim()`, which knows every space.
    if (ch === 32 || (ch >= 9 && ch <= 13)) continue;
    if (ch < 128) return false;
    return text.trim() === '';
  }
  return true;
}

function textSegment(text: string, start: number, end: number, baseOffset: number): TextSegment {
  return { kind: 'text', text: text.slice(start, end), range: { start: start + baseOffset, end: end + baseOffset } };
}

function templateSegment(
  text: string,
  start: number,
  innerStart: number,
  innerEnd: number,
  end: number,
  closed: boolean,
  baseOffset: number,
): TemplateExpressionSegment {
  const source = text.slice(innerStart, innerEnd);
  const range = { start: start + baseOffset, end: end + baseOffset };
  const innerRange = { start: innerStart + baseOffset, end: innerEnd + baseOffset };
  let ast: Expr | null = null;
  let errors: ExpressionError[];
  if (isBlank(source)) {
    errors = closed ? [{ message: 'empty template: write an expression between << and >>', range }] : [];
  } else {
    // The parser's error list is a fresh array: it can be kept as it is.
    const parsed = parseExpression(source, innerRange.start);
    ast = parsed.ast;
    errors = parsed.errors;
  }
  if (!closed) errors.unshift({ message: "missing '>>' to close the template", range: { start: range.start, end: range.start + 2 } });
  return { kind: 'template', source, range, innerRange, closed, ast, errors };
}
