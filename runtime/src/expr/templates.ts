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

/**
 * Where one template sits in a text, as offsets into it: `<<` at `start`, the expression from
 * `innerStart` to `innerEnd`, and `end` past the `>>` (the text's end when there is none).
 */
export interface TemplateBounds {
  readonly start: number;
  readonly innerStart: number;
  readonly innerEnd: number;
  readonly end: number;
  readonly closed: boolean;
}

/** Calls `visit` with the text before each template (when wanted) and the bounds of each template, in order. */
export function scanTemplates(text: string, visit: (bounds: TemplateBounds) => void, visitText?: (start: number, end: number) => void): void {
  const length = text.length;
  let position = 0;
  while (position < length) {
    const open = text.indexOf('<<', position);
    if (open === -1) break;
    if (visitText && open > position) visitText(position, open);
    const innerStart = open + 2;
    const close = findTemplateEnd(text, innerStart);
    const end = close === -1 ? length : close + 2;
    visit({ start: open, innerStart, innerEnd: close === -1 ? length : close, end, closed: close !== -1 });
    position = end;
  }
  if (visitText && position < length) visitText(position, length);
}

function splitTemplates(text: string, baseOffset: number, withText: boolean): TemplateSegment[] {
  const segments: TemplateSegment[] = [];
  scanTemplates(
    text,
    (bounds) => segments.push(templateSegment(text, bounds, baseOffset)),
    withText ? (start, end) => segments.push(textSegment(text, start, end, baseOffset)) : undefined,
  );
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

/** The template at `bounds` in `text`, parsed; ranges are `baseOffset` plus offsets into `text`. */
export function templateSegment(text: string, bounds: TemplateBounds, baseOffset: number): TemplateExpressionSegment {
  const { start, innerStart, innerEnd, end, closed } = bounds;
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
