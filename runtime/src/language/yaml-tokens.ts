// The `yaml` library's own Lexer output, flattened into typed arrays for the fast tree builder:
// a kind, start and end offsets, and the indentation the library's CST parser would give each
// token. Lexemes the fast path never handles (anchors, tags, aliases, directives, errors) make
// tokenizing stop, so the caller can fall back to the full parser without lexing the rest.

import { Lexer } from 'yaml';

// Token kinds. Plain numbers rather than strings: the builder compares them in hot loops.
export const NEWLINE = 0;
export const SPACE = 1;
export const COMMENT = 2;
export const SEQ_ITEM = 3;
export const MAP_VALUE = 4;
export const FLOW_MAP_START = 5;
export const FLOW_MAP_END = 6;
export const FLOW_SEQ_START = 7;
export const FLOW_SEQ_END = 8;
export const COMMA = 9;
export const PLAIN = 10;
export const SINGLE_QUOTED = 11;
export const DOUBLE_QUOTED = 12;
export const BLOCK_HEADER = 13;
export const BLOCK_BODY = 14;
export const DOC_MODE = 15;
export const DOC_START = 16;
/** Returned past the last token, so lookahead needs no bounds checks. */
export const END_OF_INPUT = 17;

export interface YamlTokens {
  /** Tokens before the final END_OF_INPUT token (which sits at index `count`). */
  readonly count: number;
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  /** Tokens are contiguous, so this is a view of `starts` shifted by one. */
  readonly ends: Int32Array;
  /** The indentation the library's parser assigns: leading spaces plus block indicators on the line. */
  readonly indents: Int32Array;
  /** The text the tokens are slices of. */
  readonly text: string;
}

// Marker lexemes the library emits without source text.
const DOCUMENT_MARKER = '\x02';
const SCALAR_MARKER = '\x1f';

/**
 * Lexes `text` with the library's Lexer. Returns undefined as soon as a lexeme falls outside the
 * subset the fast builder supports, or when a comment is not separated from what precedes it
 * (which the library reports as an error).
 */
export function tokenizeYaml(text: string): YamlTokens | undefined {
  let capacity = Math.max(64, text.length >> 1);
  let kinds = new Uint8Array(capacity);
  let starts = new Int32Array(capacity);
  let indents = new Int32Array(capacity);
  let count = 0;

  let offset = 0;
  // Mirrors the library parser's notion of indentation: reset at each newline, grown by leading
  // spaces and by the `-`, `?` and `:` indicators while still at the start of a line.
  let indent = 0;
  let atNewLine = true;
  let scalarNext = false;
  let blockHeaderOpen = false;
  let previousKind = -1;

  for (const lexeme of new Lexer().lex(text)) {
    let kind: number;
    const length = lexeme.length;
    if (scalarNext) {
      scalarNext = false;
      kind = blockHeaderOpen ? BLOCK_BODY : PLAIN;
    } else {
      if (lexeme === SCALAR_MARKER) {
        scalarNext = true;
        atNewLine = false;
        continue;
      }
      if (lexeme === DOCUMENT_MARKER) {
        kind = DOC_MODE;
      } else {
        const classified = classify(lexeme);
        if (classified === undefined) return undefined;
        kind = classified;
        if (kind === SPACE && lexeme.includes('\t')) return undefined;
        if (kind === COMMENT && previousKind !== -1 && previousKind !== SPACE && previousKind !== NEWLINE) return undefined;
      }
    }
    if (count === capacity) {
      capacity *= 2;
      kinds = grow(kinds, new Uint8Array(capacity));
      starts = grow(starts, new Int32Array(capacity));
      indents = grow(indents, new Int32Array(capacity));
    }
    kinds[count] = kind;
    starts[count] = offset;
    indents[count] = indent;
    count++;
    previousKind = kind;

    switch (kind) {
      case DOC_MODE:
        // The document marker stands for no text and leaves the parser state alone.
        continue;
      case NEWLINE:
        atNewLine = true;
        indent = 0;
        break;
      case SPACE:
        if (atNewLine) indent += length;
        break;
      case SEQ_ITEM:
      case MAP_VALUE:
        if (atNewLine) indent += length;
        break;
      case BLOCK_HEADER:
        blockHeaderOpen = true;
        atNewLine = false;
        break;
      case BLOCK_BODY:
        // A block scalar's body ends at the start of a line.
        blockHeaderOpen = false;
        atNewLine = true;
        indent = 0;
        break;
      default:
        atNewLine = false;
    }
    offset += length;
  }
  if (scalarNext || offset !== text.length) return undefined;
  // A final end-of-input token, indented less than anything, lets the builder look ahead freely.
  if (count + 1 >= capacity) {
    capacity = count + 2;
    kinds = grow(kinds, new Uint8Array(capacity));
    starts = grow(starts, new Int32Array(capacity));
    indents = grow(indents, new Int32Array(capacity));
  }
  kinds[count] = END_OF_INPUT;
  starts[count] = offset;
  starts[count + 1] = offset;
  indents[count] = -1;
  return { count, kinds, starts, ends: starts.subarray(1), indents, text };
}

function grow<T extends Uint8Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** The token kinds of `CST.tokenType` that the fast path supports; undefined for the rest. */
function classify(lexeme: string): number | undefined {
  const length = lexeme.length;
  if (length === 0) return NEWLINE;
  switch (lexeme.charCodeAt(0)) {
    case 10 /* \n */:
      return length === 1 ? NEWLINE : undefined;
    case 13 /* \r */:
      return lexeme === '\r\n' ? NEWLINE : undefined;
    case 32 /* space */:
    case 9 /* tab */:
      return SPACE;
    case 35 /* # */:
      return COMMENT;
    case 45 /* - */:
      return length === 1 ? SEQ_ITEM : lexeme === '---' ? DOC_START : undefined;
    case 58 /* : */:
      return length === 1 ? MAP_VALUE : undefined;
    case 123 /* { */:
      return length === 1 ? FLOW_MAP_START : undefined;
    case 125 /* } */:
      return length === 1 ? FLOW_MAP_END : undefined;
    case 91 /* [ */:
      return length === 1 ? FLOW_SEQ_START : undefined;
    case 93 /* ] */:
      return length === 1 ? FLOW_SEQ_END : undefined;
    case 44 /* , */:
      return length === 1 ? COMMA : undefined;
    case 39 /* ' */:
      return SINGLE_QUOTED;
    case 34 /* " */:
      return DOUBLE_QUOTED;
    case 124 /* | */:
    case 62 /* > */:
      return BLOCK_HEADER;
    default:
      // `?` keys, `...`, anchors, aliases, tags, directives, the byte order mark, the flow error
      // marker and anything the library itself calls an error token.
      return undefined;
  }
}
