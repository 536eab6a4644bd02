// Splits the text of one expression into tokens with exact ranges: the parser pulls them one at
// a time from a `Lexer`, the language server's semantic tokens take the list `tokenize` makes.
// In condition mode `<<` and `>>` become grouping brackets, so `<<steps.a.output.total>> > 1000`
// reads like `(steps.a.output.total) > 1000`.

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

const SIMPLE_ESCAPES = new Map([
  ['n', '\n'], ['t', '\t'], ['r', '\r'], ['b', '\b'], ['f', '\f'], ['v', '\v'], ['0', '\0'],
]);

/**
 * The operator starting at `i`, or undefined. A switch on character codes with constant strings,
 * so no two-character slice is made (and hashed) at every position.
 */
function operatorAt(source: string, i: number): string | undefined {
  const next = source.charCodeAt(i + 1);
  switch (source.charCodeAt(i)) {
    case 46 /* . */: return '.';
    case 44 /* , */: return ',';
    case 58 /* : */: return ':';
    case 63 /* ? */: return '?';
    case 40 /* ( */: return '(';
    case 41 /* ) */: return ')';
    case 91 /* [ */: return '[';
    case 93 /* ] */: return ']';
    case 123 /* { */: return '{';
    case 125 /* } */: return '}';
    case 43 /* + */: return '+';
    case 45 /* - */: return '-';
    case 42 /* * */: return '*';
    case 47 /* / */: return '/';
    case 37 /* % */: return '%';
    case 33 /* ! */: return next === 61 ? '!=' : '!';
    case 60 /* < */: return next === 61 ? '<=' : '<';
    case 62 /* > */: return next === 61 ? '>=' : '>';
    case 61 /* = */: return next === 61 ? '==' : undefined;
    case 38 /* & */: return next === 38 ? '&&' : undefined;
    case 124 /* | */: return next === 124 ? '||' : undefined;
    default: return undefined;
  }
}

/** Never throws; faults become `invalid` tokens or errors. The last token is always `eof`. */
export function tokenize(source: string, baseOffset = 0, options: TokenizeOptions = {}): TokenizeResult {
  const lexer = new Lexer(source, baseOffset, options.templateBrackets === true);
  const tokens: Token[] = [];
  for (;;) {
    tokens.push({ kind: lexer.kind, text: lexer.text(), value: lexer.value, range: { start: lexer.start, end: lexer.end } });
    if (lexer.kind === 'eof') break;
    lexer.advance();
  }
  return { tokens, errors: lexer.errors };
}

/**
 * Names repeat across the templates of a document (`steps`, `output`, slugs, fields): a small
 * table hands out one string per short name instead of a new copy per occurrence. A slot keeps
 * the last name filed under its hash. Long names are left out: their slices would keep the whole
 * text they come from alive for as long as the table holds them.
 */
const NAME_SLOTS = 1024;
const MAX_POOLED_NAME = 12;
const namePool = new Array<string | undefined>(NAME_SLOTS).fill(undefined);

function pooledName(source: string, start: number, end: number, hash: number): string {
  const length = end - start;
  if (length > MAX_POOLED_NAME) return source.slice(start, end);
  const slot = (hash ^ (hash >>> 11) ^ length) & (NAME_SLOTS - 1);
  const pooled = namePool[slot];
  if (pooled !== undefined && pooled.length === length && source.startsWith(pooled, start)) return pooled;
  const name = source.slice(start, end);
  namePool[slot] = name;
  return name;
}

/**
 * The tokenizer itself, pulled one token at a time: the current token lives in fields, so the
 * parser reads an expression without a token object (or range) per token. `tokenize` collects
 * the same tokens into objects for tools that want the list.
 */
export class Lexer {
  kind: TokenKind = 'eof';
  /** The current token's range, in document offsets. */
  start = 0;
  end = 0;
  value: string | number = '';
  /** Tokens read so far, the current one included (the final `eof` counts once). */
  count = 0;
  readonly errors: ExpressionError[] = [];
  private readonly source: string;
  private readonly baseOffset: number;
  private readonly templateBrackets: boolean;
  private position = 0;
  private finished = false;

  constructor(source: string, baseOffset: number, templateBrackets: boolean) {
    this.source = source;
    this.baseOffset = baseOffset;
    this.templateBrackets = templateBrackets;
    this.advance();
  }

  /** The current token's text as written (for strings, including the quotes). */
  text(): string {
    return this.kind === 'string' || this.kind === 'number' ? this.source.slice(this.start - this.baseOffset, this.end - this.baseOffset) : (this.value as string);
  }

  /** Whether a tokenizer error so far starts at `offset` (a document offset). */
  isErrorAt(offset: number): boolean {
    for (const error of this.errors) if (error.range.start === offset) return true;
    return false;
  }

  /** Reads the rest, so every error is found and every token counted; ends on `eof`. */
  drain(): void {
    while (this.kind !== 'eof') this.advance();
  }

  /** Moves to the next token; at the end it stays on `eof`. */
  advance(): void {
    if (this.finished) return;
    const { source } = this;
    const length = source.length;
    let i = this.position;
    while (i < length && isWhitespace(source.charCodeAt(i))) i++;
    if (i >= length) {
      this.finished = true;
      this.set('eof', length, length, '');
      return;
    }
    const start = i;
    const ch = source.charCodeAt(i);

    if (isNameStart(ch)) {
      let hash = ch;
      i++;
      for (let next = source.charCodeAt(i); i < length && isNamePart(next); next = source.charCodeAt(++i)) hash = (Math.imul(hash, 31) + next) | 0;
      this.set('name', start, i, pooledName(source, start, i, hash));
      return;
    }

    if (isDigit(ch)) {
      i = scanNumber(source, i);
      if (i < length && isNamePart(source.charCodeAt(i))) {
        // `12abc` is neither a number nor a name; report the whole run once.
        while (i < length && isNamePart(source.charCodeAt(i))) i++;
        const text = source.slice(start, i);
        this.error(`invalid number '${text}'`, start, i);
        this.set('invalid', start, i, text);
        return;
      }
      this.set('number', start, i, Number(source.slice(start, i)));
      return;
    }

    if (ch === 39 /* ' */ || ch === 34 /* " */) {
      const scanned = scanString(source, i, this.baseOffset, this.errors);
      this.set('string', start, scanned.end, scanned.value);
      return;
    }

    if (this.templateBrackets && ch === 60 /* < */ && source.charCodeAt(i + 1) === 60 && source.charCodeAt(i + 2) !== 60) {
      this.set('open-template', start, i + 2, '<<');
      return;
    }
    if (this.templateBrackets && ch === 62 /* > */ && source.charCodeAt(i + 1) === 62) {
      this.set('close-template', start, i + 2, '>>');
      return;
    }
    const operator = operatorAt(source, i);
    if (operator !== undefined) {
      this.set('operator', start, i + operator.length, operator);
      return;
    }

    // Anything else is a single invalid character (a whole surrogate pair when there is one).
    i += ch >= 0xd800 && ch <= 0xdbff && i + 1 < length ? 2 : 1;
    const text = source.slice(start, i);
    if (text === '=') this.error(`unexpected '=': use '==' to compare`, start, i);
    else if (text === '&' || text === '|') this.error(`unexpected '${text}': use '${text}${text}'`, start, i);
    else this.error(`unexpected character '${text}'`, start, i);
    this.set('invalid', start, i, text);
  }

  private set(kind: TokenKind, start: number, end: number, value: string | number): void {
    this.kind = kind;
    this.start = start + this.baseOffset;
    this.end = end + this.baseOffset;
    this.value = value;
    this.position = end;
    this.count++;
  }

  private error(message: string, start: number, end: number): void {
    this.errors.push({ message, range: { start: start + this.baseOffset, end: end + this.baseOffset } });
  }
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
