// Splits the text of one expression into tokens with exact ranges. Used by the parser and by the
// language server's semantic tokens. In condition mode `<<` and `>>` become grouping brackets,
// so `<<steps.a.output.total>> > 1000` reads like `(steps.a.output.total) > 1000`.

import type { SourceRange } from '../language/source-range.ts';
import type { ExpressionError } from './errors.ts';

export type TokenKind =
  /** A number literal; `value` is the number. */
  | 'number'
  /** A quoted string; `value` is the decoded text. */
  | 'string'
  /** A name: a root, a property, a function, or a word such as `true`, `null`, `contains`. */
  | 'name'
  /** Punctuation and symbolic operators: `. , : ? ( ) [ ] { } ! + - * / % == != < <= > >= && ||`. */
  | 'operator'
  /** `<<` in condition mode. */
  | 'open-template'
  /** `>>` in condition mode. */
  | 'close-template'
  /** A character that cannot start any token; an error was reported for it. */
  | 'invalid'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The source text of the token (for strings, including the quotes). */
  readonly text: string;
  readonly value: string | number;
  readonly range: SourceRange;
}

export interface TokenizeOptions {
  /** Read `<<` and `>>` as grouping brackets (condition expressions). */
  readonly templateBrackets?: boolean;
}

export interface TokenizeResult {
  readonly tokens: Token[];
  readonly errors: ExpressionError[];
}

const CH_TAB = 9;
const CH_LF = 10;
const CH_VT = 11;
const CH_FF = 12;
const CH_CR = 13;
const CH_SPACE = 32;
const CH_NBSP = 0xa0;
const CH_BOM = 0xfeff;

function isWhitespace(ch: number): boolean {
  return ch === CH_SPACE || ch === CH_TAB || ch === CH_LF || ch === CH_CR || ch === CH_VT || ch === CH_FF || ch === CH_NBSP || ch === CH_BOM;
}

function isDigit(ch: number): boolean {
  return ch >= 48 && ch <= 57;
}

export function isNameStart(ch: number): boolean {
  return (ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90) || ch === 95 /* _ */ || ch === 36 /* $ */;
}

export function isNamePart(ch: number): boolean {
  return isNameStart(ch) || isDigit(ch);
}

const TWO_CHAR_OPERATORS = new Set(['==', '!=', '<=', '>=', '&&', '||']);
const ONE_CHAR_OPERATORS = new Set(['.', ',', ':', '?', '(', ')', '[', ']', '{', '}', '!', '+', '-', '*', '/', '%', '<', '>']);

const SIMPLE_ESCAPES = new Map([
  ['n', '\n'], ['t', '\t'], ['r', '\r'], ['b', '\b'], ['f', '\f'], ['v', '\v'], ['0', '\0'],
]);

/** Never throws; faults become `invalid` tokens or errors. The last token is always `eof`. */
export function tokenize(source: string, baseOffset = 0, options: TokenizeOptions = {}): TokenizeResult {
  const tokens: Token[] = [];
  const errors: ExpressionError[] = [];
  const templateBrackets = options.templateBrackets === true;
  const length = source.length;
  let i = 0;

  const push = (kind: TokenKind, start: number, end: number, value: string | number): void => {
    tokens.push({ kind, text: source.slice(start, end), value, range: { start: start + baseOffset, end: end + baseOffset } });
  };
  const error = (message: string, start: number, end: number): void => {
    errors.push({ message, range: { start: start + baseOffset, end: end + baseOffset } });
  };

  while (i < length) {
    const ch = source.charCodeAt(i);
    if (isWhitespace(ch)) {
      i++;
      continue;
    }
    const start = i;

    if (isNameStart(ch)) {
      i++;
      while (i < length && isNamePart(source.charCodeAt(i))) i++;
      const name = source.slice(start, i);
      push('name', start, i, name);
      continue;
    }

    if (isDigit(ch)) {
      i = scanNumber(source, i);
      if (i < length && isNamePart(source.charCodeAt(i))) {
        // `12abc` is neither a number nor a name; report the whole run once.
        while (i < length && isNamePart(source.charCodeAt(i))) i++;
        error(`invalid number '${source.slice(start, i)}'`, start, i);
        push('invalid', start, i, source.slice(start, i));
        continue;
      }
      push('number', start, i, Number(source.slice(start, i)));
      continue;
    }

    if (ch === 39 /* ' */ || ch === 34 /* " */) {
      const scanned = scanString(source, i, baseOffset, errors);
      i = scanned.end;
      push('string', start, i, scanned.value);
      continue;
    }

    const two = source.slice(i, i + 2);
    if (templateBrackets && two === '<<' && source.charCodeAt(i + 2) !== 60 /* < */) {
      i += 2;
      push('open-template', start, i, two);
      continue;
    }
    if (templateBrackets && two === '>>') {
      i += 2;
      push('close-template', start, i, two);
      continue;
    }
    if (TWO_CHAR_OPERATORS.has(two)) {
      i += 2;
      push('operator', start, i, two);
      continue;
    }
    const one = source[i];
    if (ONE_CHAR_OPERATORS.has(one)) {
      i++;
      push('operator', start, i, one);
      continue;
    }

    // Anything else is a single invalid character (a whole surrogate pair when there is one).
    i += ch >= 0xd800 && ch <= 0xdbff && i + 1 < length ? 2 : 1;
    const text = source.slice(start, i);
    if (text === '=') error(`unexpected '=': use '==' to compare`, start, i);
    else if (text === '&' || text === '|') error(`unexpected '${text}': use '${text}${text}'`, start, i);
    else error(`unexpected character '${text}'`, start, i);
    push('invalid', start, i, text);
  }

  push('eof', length, length, '');
  return { tokens, errors };
}

function scanNumber(source: string, from: number): number {
  let i = from;
  const length = source.length;
  while (i < length && isDigit(source.charCodeAt(i))) i++;
  // A fraction needs a digit after the dot, so `1.foo` stays a number followed by a member.
  if (source.charCodeAt(i) === 46 /* . */ && isDigit(source.charCodeAt(i + 1))) {
    i += 2;
    while (i < length && isDigit(source.charCodeAt(i))) i++;
  }
  const e = source.charCodeAt(i);
  if (e === 101 /* e */ || e === 69 /* E */) {
    let j = i + 1;
    const sign = source.charCodeAt(j);
    if (sign === 43 /* + */ || sign === 45 /* - */) j++;
    if (isDigit(source.charCodeAt(j))) {
      i = j + 1;
      while (i < length && isDigit(source.charCodeAt(i))) i++;
    }
  }
  return i;
}

function scanString(source: string, from: number, baseOffset: number, errors: ExpressionError[]): { value: string; end: number } {
  const quote = source.charCodeAt(from);
  const length = source.length;
  let value = '';
  let i = from + 1;
  let chunkStart = i;
  while (i < length) {
    const ch = source.charCodeAt(i);
    if (ch === quote) {
      value += source.slice(chunkStart, i);
      return { value, end: i + 1 };
    }
    if (ch === 92 /* \ */) {
      value += source.slice(chunkStart, i);
      const escapeStart = i;
      const next = source[i + 1];
      if (next === undefined) {
        i++;
        chunkStart = i;
        break;
      }
      if (next === 'u') {
        const hex = source.slice(i + 2, i + 6);
        if (/^[0-9a-fA-F]{4}$/.test(hex)) {
          value += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else {
          errors.push({ message: 'invalid unicode escape: expected \\u and four hex digits', range: { start: escapeStart + baseOffset, end: Math.min(i + 2, length) + baseOffset } });
          i += 2;
        }
      } else {
        // Unknown escapes stand for the character itself, as in JavaScript (`\'`, `\\`, `\/`).
        value += SIMPLE_ESCAPES.get(next) ?? next;
        i += 2;
      }
      chunkStart = i;
      continue;
    }
    i++;
  }
  value += source.slice(chunkStart, length);
  errors.push({ message: 'unterminated string: missing closing quote', range: { start: from + baseOffset, end: length + baseOffset } });
  return { value, end: length };
}
