// Where the cursor is in the YAML structure, read from the text around it rather than from the
// parse tree, so it works while the line being typed is broken (`stepTy`, `nextSteps: { success: `,
// a half-typed JSON key). Block YAML is read by indentation, walking up from the cursor line;
// flow collections (`{ }`, `[ ]`, and whole JSON files) by a small forward scanner.

import type { SourceRange } from '../../../runtime/src/language/source-range.ts';

export type PathSegment = string | number;

export interface YamlCursor {
  /**
   * The collection the cursor is in: for `key` and `value`, the map; for `item`, the sequence.
   * Keys and indexes from the document root, e.g. `['steps', 2, 'config']`.
   */
  path: PathSegment[];
  /** Typing a key of the map, the value of `key` in the map, or item `index` of the sequence. */
  kind: 'key' | 'value' | 'item';
  key?: string;
  index?: number;
  /** The part of the word before the cursor (without an opening quote). */
  prefix: string;
  /** The text a completion replaces: the whole word or quoted token under the cursor. */
  replace: SourceRange;
  /** The opening quote when the token is quoted. */
  quote?: '"' | "'";
  /** True inside `{ }` or `[ ]` (and everywhere in JSON): insertions stay on one line. */
  flow: boolean;
  /** Column of the keys of the map the cursor is in (block style), for multi-line snippets. */
  column: number;
  /** True when the cursor is in the text of a block scalar (`key: |`). */
  blockScalar: boolean;
  /**
   * The keys written directly in the map at `path.slice(0, depth)` (read from the text), with
   * their scalar values ('' for nested collections and block scalars).
   */
  scalarsAt(depth: number): Record<string, string>;
}

interface LineShape {
  indent: number;
  /** Columns of the sequence dashes that open the line (`- - a` has two). */
  dashes: number[];
  /** Column where the content after the dashes starts. */
  contentColumn: number;
  key?: string;
  /** Column where the value text starts (after `key:` and spaces). */
  valueColumn?: number;
  /** The value text, trimmed, without a trailing comment. */
  value?: string;
  blank: boolean;
}

const KEY_PATTERN = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{}[\],:&*!|>%@`-][^#]*?|-[^\s#][^#]*?)[ \t]*:(?=[ \t]|$)/;

export function parseLine(text: string): LineShape {
  let position = 0;
  while (position < text.length && text[position] === ' ') position++;
  const indent = position;
  const dashes: number[] = [];
  while (text[position] === '-' && (position + 1 === text.length || text[position + 1] === ' ' || text[position + 1] === '\t')) {
    dashes.push(position);
    position++;
    while (text[position] === ' ' || text[position] === '\t') position++;
  }
  const content = text.slice(position);
  const blank = dashes.length === 0 && (content.trim() === '' || content.trimStart().startsWith('#'));
  const shape: LineShape = { indent, dashes, contentColumn: position, blank };
  const match = KEY_PATTERN.exec(content);
  if (match) {
    shape.key = unquote(match[1]!);
    let valueColumn = position + match[0].length + 1;
    while (text[valueColumn] === ' ' || text[valueColumn] === '\t') valueColumn++;
    shape.valueColumn = Math.min(valueColumn, text.length);
    shape.value = stripComment(text.slice(shape.valueColumn)).trim();
  }
  return shape;
}

function unquote(key: string): string {
  if (key.startsWith('"') && key.endsWith('"') && key.length >= 2) {
    try {
      return JSON.parse(key) as string;
    } catch {
      return key.slice(1, -1);
    }
  }
  if (key.startsWith("'") && key.endsWith("'") && key.length >= 2) return key.slice(1, -1).replaceAll("''", "'");
  return key;
}

function stripComment(value: string): string {
  if (value.startsWith('"') || value.startsWith("'")) return value;
  const hash = value.search(/(^|\s)#/);
  return hash < 0 ? value : value.slice(0, hash);
}

/** A value that opens a nested block on the next lines: nothing, an anchor or a tag. */
function opensBlock(shape: LineShape): boolean {
  return shape.value === '' || shape.value === undefined || /^([&!][^\s]*\s*)+$/.test(shape.value);
}

function isBlockScalarHeader(value: string | undefined): boolean {
  return value !== undefined && /^(?:[&!][^\s]*\s+)*[|>][-+0-9]*\s*(#.*)?$/.test(value);
}

interface MapAnchor {
  line: number;
  column: number;
  /** How many path segments lie below this map when it was found (depth = total − below). */
  below: number;
}

interface Lines {
  count: number;
  start(line: number): number;
  text(line: number): string;
  /** Leading spaces of a line, without slicing it (most lines are skipped on this alone). */
  indent(line: number): number;
}

/** The last text split into lines: completion asks many times about the same document version. */
let lastSplit: { text: string; lines: Lines } | undefined;

function splitLines(text: string): Lines {
  if (lastSplit?.text === text) return lastSplit.lines;
  const lines = computeLines(text);
  lastSplit = { text, lines };
  return lines;
}

function computeLines(text: string): Lines {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) starts.push(i + 1);
    else if (ch === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return {
    count: starts.length,
    start: (line) => starts[line]!,
    text: (line) => {
      const end = line + 1 < starts.length ? starts[line + 1]! : text.length;
      return text.slice(starts[line], end).replace(/\r?\n$|\r$/, '');
    },
    indent: (line) => {
      const start = starts[line]!;
      let position = start;
      while (text.charCodeAt(position) === 32) position++;
      return position - start;
    },
  };
}

function lineOf(lines: Lines, offset: number): number {
  let low = 0;
  let high = lines.count - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lines.start(mid) <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

type WalkState = { mode: 'map'; column: number } | { mode: 'seq'; column: number; index: number };

/**
 * Walks up from `fromLine` to the document root, collecting the keys and indexes that lead to
 * the collection described by `start`. Undefined when the text above does not nest sensibly.
 */
function walkUp(lines: Lines, fromLine: number, start: WalkState, anchors: MapAnchor[]): PathSegment[] | undefined {
  const below: PathSegment[] = [];
  let state: WalkState = start;
  const enterOwnerKey = (shape: LineShape, line: number): boolean => {
    if (shape.key === undefined || !opensBlock(shape)) return false;
    below.unshift(shape.key);
    if (shape.dashes.length > 1) return false;
    anchors.push({ line, column: shape.contentColumn, below: below.length });
    state = shape.dashes.length === 1 ? { mode: 'seq', column: shape.dashes[0]!, index: 0 } : { mode: 'map', column: shape.contentColumn };
    return true;
  };
  for (let line = fromLine - 1; line >= 0; line--) {
    // Lines nested deeper than the collection being resolved never matter: skip them unparsed.
    if (lines.indent(line) > state.column) continue;
    const shape = parseLine(lines.text(line));
    if (shape.blank) continue;
    if (state.mode === 'map') {
      const column = state.column;
      if (shape.indent > column) continue;
      if (shape.dashes.length === 0) {
        if (shape.indent === column) continue;
        if (!enterOwnerKey(shape, line)) return undefined;
        continue;
      }
      const lastDash = shape.dashes[shape.dashes.length - 1]!;
      if (shape.contentColumn === column && lastDash < column) {
        // The line that starts our map as an item of a sequence.
        if (shape.dashes.length > 1) return undefined;
        state = { mode: 'seq', column: lastDash, index: 0 };
        continue;
      }
      if (shape.indent < column) {
        if (!enterOwnerKey(shape, line)) return undefined;
        continue;
      }
      continue;
    }
    // Sequence mode: count the items above ours, then find the key that owns the sequence.
    const seqColumn = state.column;
    if (shape.indent > seqColumn) continue;
    if (shape.indent === seqColumn && shape.dashes.length > 0) {
      state = { ...state, index: state.index + 1 };
      continue;
    }
    const index = state.index;
    if (shape.key === undefined || !opensBlock(shape)) return undefined;
    below.unshift(index);
    if (!enterOwnerKey(shape, line)) return undefined;
  }
  if (state.mode === 'seq') return undefined;
  return below;
}

/** Scalar `key: value` lines of the block map whose keys sit at `column` around `line`. */
function blockMapScalars(lines: Lines, line: number, column: number): Record<string, string> {
  const scalars: Record<string, string> = {};
  const take = (shape: LineShape) => {
    // Keys whose value is a nested block (or a block scalar) are listed with ''.
    if (shape.key !== undefined && shape.contentColumn === column && !(shape.key in scalars)) {
      scalars[shape.key] = shape.value === undefined || isBlockScalarHeader(shape.value) ? '' : unquoteValue(shape.value);
    }
  };
  const startsItem = (shape: LineShape) => shape.dashes.length > 0 && shape.contentColumn === column;
  const first = parseLine(lines.text(line));
  take(first);
  if (!startsItem(first)) {
    for (let n = line - 1; n >= 0; n--) {
      if (lines.indent(n) > column) continue;
      const shape = parseLine(lines.text(n));
      if (shape.blank || shape.indent > column) continue;
      if (shape.indent === column && shape.dashes.length === 0) {
        take(shape);
        continue;
      }
      if (startsItem(shape)) take(shape);
      break;
    }
  }
  for (let n = line + 1; n < lines.count; n++) {
    if (lines.indent(n) > column) continue;
    const shape = parseLine(lines.text(n));
    if (shape.blank || shape.indent > column) continue;
    if (shape.indent === column && shape.dashes.length === 0) {
      take(shape);
      continue;
    }
    break;
  }
  return scalars;
}

function unquoteValue(value: string): string {
  if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) return unquote(value);
  return value;
}

/** The end of the plain word (or quoted token) that starts at or before `offset`. */
function wordEnd(text: string, offset: number, quote: string | undefined): number {
  let end = offset;
  if (quote) {
    while (end < text.length && text[end] !== quote && text[end] !== '\n' && text[end] !== '\r') end++;
    return end;
  }
  while (end < text.length && !/[\s,{}[\]#:]/.test(text[end]!)) end++;
  return end;
}

export interface CursorOptions {
  /** Read the whole text as one flow collection (JSON files). */
  json?: boolean;
  /** A container known from a clean parse: the flow scan may start there instead of at 0. */
  flowAnchor?: { offset: number; path: PathSegment[] };
}

export function yamlCursorAt(text: string, offset: number, options: CursorOptions = {}): YamlCursor | undefined {
  const lines = splitLines(text);
  if (options.json || /^\s*[{[]/.test(text)) {
    const anchor = options.flowAnchor ?? { offset: text.search(/\S/), path: [] };
    if (anchor.offset < 0 || anchor.offset > offset) return undefined;
    return scanFlow(text, anchor.offset, offset, anchor.path);
  }
  const lineNumber = lineOf(lines, offset);
  const lineStart = lines.start(lineNumber);
  const lineText = lines.text(lineNumber);
  const column = offset - lineStart;
  const before = lineText.slice(0, column);
  const shape = parseLine(before);
  const anchors: MapAnchor[] = [];

  const cursorIndent = shape.blank && before.trim() === '' ? column : shape.indent;
  if (insideBlockScalar(lines, lineNumber, cursorIndent)) {
    return blockScalarCursor(lines, lineNumber, cursorIndent, offset);
  }

  const mapStart = (): WalkState => (shape.dashes.length > 0 ? { mode: 'seq', column: shape.dashes[shape.dashes.length - 1]!, index: 0 } : { mode: 'map', column: shape.contentColumn });
  const finish = (path: PathSegment[] | undefined, partial: Omit<YamlCursor, 'path' | 'scalarsAt'>, extraDepth: number): YamlCursor | undefined => {
    if (!path) return undefined;
    const total = path.length + extraDepth;
    const byDepth = new Map<number, MapAnchor>();
    for (const anchor of anchors) byDepth.set(total - anchor.below, anchor);
    const scanned = new Map<number, Record<string, string>>();
    return {
      ...partial,
      path,
      scalarsAt: (depth) => {
        let scalars = scanned.get(depth);
        if (!scalars) {
          const anchor = byDepth.get(depth);
          scalars = anchor ? blockMapScalars(lines, anchor.line, anchor.column) : {};
          scanned.set(depth, scalars);
        }
        return scalars;
      },
    };
  };

  if (shape.key !== undefined && shape.valueColumn !== undefined && column >= shape.valueColumn) {
    // Typing the value of `key`.
    if (shape.dashes.length > 1) return undefined;
    anchors.push({ line: lineNumber, column: shape.contentColumn, below: 0 });
    const mapPath = walkUp(lines, lineNumber, mapStart(), anchors);
    if (!mapPath) return undefined;
    const valueText = before.slice(shape.valueColumn);
    if (valueText.startsWith('{') || valueText.startsWith('[')) {
      const outer = finish(mapPath, { kind: 'value', key: shape.key, prefix: '', replace: { start: offset, end: offset }, flow: false, column: shape.contentColumn, blockScalar: false }, 0);
      return scanFlow(text, lineStart + shape.valueColumn, offset, [...mapPath, shape.key], outer?.scalarsAt);
    }
    const quote = valueText.startsWith('"') || valueText.startsWith("'") ? (valueText[0] as '"' | "'") : undefined;
    const valueStart = lineStart + shape.valueColumn + (quote ? 1 : 0);
    return finish(
      mapPath,
      { kind: 'value', key: shape.key, prefix: text.slice(valueStart, offset), replace: { start: valueStart, end: wordEnd(text, offset, quote) }, ...(quote ? { quote } : {}), flow: false, column: shape.contentColumn, blockScalar: false },
      0,
    );
  }

  const content = before.slice(shape.contentColumn);
  if (content.startsWith('{') || content.startsWith('[')) {
    // `- { a: 1, b` — a flow collection as a sequence item.
    if (shape.dashes.length !== 1) return undefined;
    const itemPath = walkUp(lines, lineNumber, mapStart(), anchors);
    if (!itemPath) return undefined;
    const outer = finish(itemPath, { kind: 'key', prefix: '', replace: { start: offset, end: offset }, flow: false, column: shape.contentColumn, blockScalar: false }, 0);
    return scanFlow(text, lineStart + shape.contentColumn, offset, itemPath, outer?.scalarsAt);
  }
  if (/[\s:]/.test(content.replace(/^["']/, '').trimEnd()) && !content.startsWith('"') && !content.startsWith("'")) {
    // Several words and no colon: plain text, not something to complete.
    if (content.trim() !== '') return undefined;
  }
  const quote = content.startsWith('"') || content.startsWith("'") ? (content[0] as '"' | "'") : undefined;
  const wordStart = lineStart + shape.contentColumn + (quote ? 1 : 0);
  const replace = { start: wordStart, end: wordEnd(text, offset, quote) };
  const prefix = text.slice(wordStart, offset);
  if (shape.dashes.length > 0) {
    // `- word`: an item of the sequence, or the first key of a new item map.
    if (shape.dashes.length > 1) return undefined;
    anchors.push({ line: lineNumber, column: shape.contentColumn, below: 0 });
    const itemPath = walkUp(lines, lineNumber, mapStart(), anchors);
    if (!itemPath || itemPath.length === 0) return undefined;
    const index = itemPath[itemPath.length - 1] as number;
    return finish(itemPath.slice(0, -1), { kind: 'item', index, prefix, replace, ...(quote ? { quote } : {}), flow: false, column: shape.contentColumn, blockScalar: false }, 1);
  }
  const keyColumn = cursorIndent;
  anchors.push({ line: lineNumber, column: keyColumn, below: 0 });
  const mapPath = walkUp(lines, lineNumber, { mode: 'map', column: keyColumn }, anchors);
  return finish(mapPath, { kind: 'key', prefix, replace, ...(quote ? { quote } : {}), flow: false, column: keyColumn, blockScalar: false }, 0);
}

/** Whether the cursor line (indented `indent`) is content of a block scalar started above it. */
function insideBlockScalar(lines: Lines, lineNumber: number, indent: number): boolean {
  for (let n = lineNumber - 1; n >= 0; n--) {
    const shape = parseLine(lines.text(n));
    if (shape.blank) continue;
    if (shape.indent >= indent && !(shape.dashes.length > 0 && shape.contentColumn < indent)) continue;
    const header = shape.key !== undefined ? shape.value : lines.text(n).slice(shape.contentColumn).trim();
    return isBlockScalarHeader(header) && (shape.key !== undefined ? shape.contentColumn : shape.dashes[shape.dashes.length - 1] ?? 0) < indent;
  }
  return false;
}

function blockScalarCursor(lines: Lines, lineNumber: number, indent: number, offset: number): YamlCursor | undefined {
  for (let n = lineNumber - 1; n >= 0; n--) {
    const shape = parseLine(lines.text(n));
    if (shape.blank || shape.indent >= indent) continue;
    if (shape.key === undefined) return undefined;
    const anchors: MapAnchor[] = [{ line: n, column: shape.contentColumn, below: 0 }];
    const start: WalkState = shape.dashes.length === 1 ? { mode: 'seq', column: shape.dashes[0]!, index: 0 } : { mode: 'map', column: shape.contentColumn };
    const path = walkUp(lines, n, start, anchors);
    if (!path) return undefined;
    const total = path.length;
    return {
      path,
      kind: 'value',
      key: shape.key,
      prefix: '',
      replace: { start: offset, end: offset },
      flow: false,
      column: shape.contentColumn,
      blockScalar: true,
      scalarsAt: (depth) => {
        const anchor = anchors.find((candidate) => total - candidate.below === depth);
        return anchor ? blockMapScalars(lines, anchor.line, anchor.column) : {};
      },
    };
  }
  return undefined;
}

interface FlowFrame {
  kind: 'map' | 'seq';
  key?: string;
  afterColon: boolean;
  valueDone: boolean;
  index: number;
  scalars: Record<string, string>;
}

/** Scans a flow collection from `from` (at `{` or `[`) to the cursor at `to`. */
function scanFlow(text: string, from: number, to: number, basePath: PathSegment[], outer?: (depth: number) => Record<string, string>): YamlCursor | undefined {
  const stack: FlowFrame[] = [];
  let position = from;
  let partial: { start: number; quote?: '"' | "'" } | undefined;
  const scalarDone = (value: string) => {
    const frame = stack[stack.length - 1];
    if (!frame) return;
    if (frame.kind === 'seq') frame.valueDone = true;
    else if (!frame.afterColon) frame.key = value;
    else {
      if (frame.key !== undefined) frame.scalars[frame.key] = value;
      frame.valueDone = true;
    }
  };
  while (position < to) {
    const ch = text[position]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      position++;
      continue;
    }
    if (ch === '#' && (position === 0 || /\s/.test(text[position - 1]!))) {
      while (position < to && text[position] !== '\n') position++;
      continue;
    }
    if (ch === '{' || ch === '[') {
      const outer = stack[stack.length - 1];
      if (outer?.kind === 'map' && outer.afterColon && outer.key !== undefined) outer.scalars[outer.key] = '';
      stack.push({ kind: ch === '{' ? 'map' : 'seq', afterColon: false, valueDone: false, index: 0, scalars: {} });
      position++;
      continue;
    }
    if (ch === '}' || ch === ']') {
      stack.pop();
      if (stack.length === 0) return undefined;
      stack[stack.length - 1]!.valueDone = true;
      position++;
      continue;
    }
    if (stack.length === 0) return undefined;
    const frame = stack[stack.length - 1]!;
    if (ch === ',') {
      if (frame.kind === 'seq') frame.index++;
      frame.key = undefined;
      frame.afterColon = false;
      frame.valueDone = false;
      position++;
      continue;
    }
    if (ch === ':' && frame.kind === 'map') {
      frame.afterColon = true;
      position++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let end = position + 1;
      while (end < text.length && text[end] !== ch && text[end] !== '\n') {
        if (ch === '"' && text[end] === '\\') end++;
        end++;
      }
      if (end >= to) {
        partial = { start: position + 1, quote: ch };
        position = to;
        break;
      }
      scalarDone(unquote(text.slice(position, end + 1)));
      position = end + 1;
      continue;
    }
    // A plain scalar runs to a flow indicator, `: ` or a comment.
    let end = position;
    while (end < text.length && !/[,{}[\]\n\r]/.test(text[end]!) && !(text[end] === ':' && /[\s,{}[\]]/.test(text[end + 1] ?? ' ')) && !(text[end] === '#' && /\s/.test(text[end - 1] ?? ''))) end++;
    // A stray indicator (`:` in a sequence) is skipped as one character, so the scan always advances.
    if (end === position) end++;
    if (end >= to) {
      partial = { start: position };
      position = to;
      break;
    }
    scalarDone(text.slice(position, end).trim());
    position = end;
  }
  if (stack.length === 0) return undefined;
  const frame = stack[stack.length - 1]!;
  if (!partial && frame.valueDone) return undefined;
  const path: PathSegment[] = [...basePath];
  for (const outer of stack.slice(0, -1)) path.push(outer.kind === 'seq' ? outer.index : outer.key ?? '');
  const start = partial ? partial.start : to;
  const quote = partial?.quote;
  const replaceStart = quote ? start - 1 : start;
  let replaceEnd = wordEnd(text, to, quote);
  if (quote && text[replaceEnd] === quote) replaceEnd++;
  const scalarsByDepth = new Map<number, Record<string, string>>();
  stack.forEach((item, depth) => scalarsByDepth.set(basePath.length + depth, item.scalars));
  const common = {
    path,
    prefix: text.slice(start, to),
    // In flow style a completion replaces the whole token, quotes included, and writes its own.
    replace: { start: replaceStart, end: replaceEnd },
    ...(quote ? { quote } : {}),
    flow: true,
    column: 0,
    blockScalar: false,
    scalarsAt: (depth: number) => scalarsByDepth.get(depth) ?? outer?.(depth) ?? {},
  };
  if (frame.kind === 'seq') return { ...common, kind: 'item', index: frame.index };
  if (frame.afterColon && frame.key !== undefined) return { ...common, kind: 'value', key: frame.key };
  return { ...common, kind: 'key' };
}
