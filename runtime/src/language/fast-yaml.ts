// A fast route from text to our YAML tree for the plain subset of YAML that workflow files use:
// block and flow collections, every scalar style and comments, in a single document. It reads
// the `yaml` library's Lexer tokens (from our scanner, yaml-scanner.ts, or else from the Lexer
// itself) and builds YNodes directly, skipping the library's CST and document objects, with the
// ranges, values and styles the full parser would produce. On anything outside that subset, or
// anything the library would report, it declines (returns undefined) so the caller falls back to
// the full parser. The differential tests (test/runtime/language/fast-yaml.test.ts and
// yaml-scanner.test.ts) hold the paths to the same tokens and trees.

import { mapNode, pairNode, scalarNode, seqNode } from './yaml-nodes.ts';
import {
  BLOCK_BODY,
  BLOCK_HEADER,
  COMMA,
  COMMENT,
  DOC_MODE,
  DOC_START,
  DOUBLE_QUOTED,
  END_OF_INPUT,
  FLOW_MAP_END,
  FLOW_MAP_START,
  FLOW_SEQ_END,
  FLOW_SEQ_START,
  MAP_VALUE,
  NEWLINE,
  PLAIN,
  SEQ_ITEM,
  SINGLE_QUOTED,
  SPACE,
  tokenizeYaml,
  type YamlTokens,
} from './yaml-tokens.ts';
import { scanYaml } from './yaml-scanner.ts';
import { blockScalarValue, flowScalarString, isRefusedPlainStart, resolvePlainValue, type BlockScalarParts, type ScalarValue } from './yaml-scalars.ts';
import type { YMap, YNode, YPair, YScalar, YSeq } from './yaml-tree.ts';
import { StringPool, type KnownStrings } from './string-pool.ts';
import { decline, unlessDeclined } from './decline.ts';

/**
 * Builds the tree, or returns undefined when the full parser must decide. Never throws. Scalar
 * strings that equal one of `known` come back as that very string.
 */
export function buildYamlTreeFast(text: string, known?: KnownStrings): { root: YNode | null } | undefined {
  // Our scanner yields the Lexer's very tokens at a fraction of the cost, or declines; only then
  // is the Lexer needed. When the scanner accepts but the builder declines, the Lexer's tokens
  // would be the same, so the full parser decides at once.
  const scanned = scanYaml(text);
  if (scanned) return buildYamlTreeFromTokens(scanned, known);
  const tokens = tokenizeYaml(text);
  return tokens ? buildYamlTreeFromTokens(tokens, known) : undefined;
}

/**
 * Roots of the trees this builder made, and of trees shown to equal what it would make (see
 * markBuiltFast). Incremental re-parsing needs to know that a document's tree came this way: only
 * then does the tree of an edited text follow from the tokens of the edited part alone.
 */
const builtFast = new WeakSet<YNode>();

/** Whether this builder made `root` (or it was marked as equal to what the builder would make). */
export function isBuiltFast(root: YNode): boolean {
  return builtFast.has(root);
}

/** Records that `root` is exactly the tree this builder would make from its document's text. */
export function markBuiltFast(root: YNode): void {
  builtFast.add(root);
}

/** Builds the tree from scanned or lexed tokens, or returns undefined. Never throws. */
export function buildYamlTreeFromTokens(tokens: YamlTokens, known?: KnownStrings): { root: YNode | null } | undefined {
  return unlessDeclined(() => {
    const root = new FastTreeBuilder(tokens, known).build();
    if (root) builtFast.add(root);
    return { root };
  });
}

/** Deeper than this, the full parser (and its nesting diagnostic) takes over. */
const MAX_DEPTH = 300;

/** The library flags implicit keys whose `:` is further than this from their start. */
const MAX_IMPLICIT_KEY_SPAN = 1024;

// Where a node starts, which decides what may begin there.
const ON_OWN_LINE = 0;
const AFTER_MAP_VALUE = 1;
const AFTER_SEQ_ITEM = 2;

function isFlowScalar(kind: number): boolean {
  return kind === PLAIN || kind === SINGLE_QUOTED || kind === DOUBLE_QUOTED;
}

function isTrivia(kind: number): boolean {
  return kind === SPACE || kind === NEWLINE || kind === COMMENT;
}

/**
 * Recursive descent over the token arrays. Besides each node, it tracks where the library's
 * parser would say the node ends including its trailing comments and blank lines (`nodeEnd`),
 * because a block collection's range ends where its last item's node ends.
 */
class FastTreeBuilder {
  private readonly kinds: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly indents: Int32Array;
  private readonly text: string;
  private readonly strings: StringPool;
  private pos = 0;
  private depth = 0;

  // The first line break and backslash at or after `*From`, found once for many scalars: the
  // scalars come in text order, and a search per scalar could run to the end of a long line.
  private lineBreakFrom = 0;
  private lineBreakAt = -1;
  private backslashFrom = 0;
  private backslashAt = -1;

  /** Where the node just parsed ends, trailing tokens included (the library's `range[2]`). */
  private nodeEnd = 0;
  /** The node just parsed is a leaf whose trailing trivia the enclosing collection must attach. */
  private lastWasLeaf = false;
  /** That leaf keeps a list of tokens after it on its line, which indented comments may join. */
  private leafKeepsEnd = false;
  /** The node just parsed was an empty value (`key:` with nothing after it). */
  private lastWasEmpty = false;

  // Comment and blank lines after a collection's last item that belong to no node yet: the
  // library hands them outwards as collections close, unless they hold a comment indented at
  // least as deep as the closing collection, which then ends after them.
  private pendingActive = false;
  private pendingEnd = 0;
  private pendingCommentIndent = -1;

  // Collections gather their pairs and items on these stacks and take an exact-size copy when
  // they close: arrays grown by `push` carry spare capacity, which adds up over a large file.
  private readonly pairStack: YPair[] = [];
  private pairTop = 0;
  private readonly itemStack: YNode[] = [];
  private itemTop = 0;

  constructor(tokens: YamlTokens, known: KnownStrings | undefined) {
    this.kinds = tokens.kinds;
    this.starts = tokens.starts;
    this.ends = tokens.ends;
    this.indents = tokens.indents;
    this.text = tokens.text;
    this.strings = new StringPool(tokens.text, known);
  }

  build(): YNode | null {
    const { kinds } = this;
    let i = 0;
    while (isTrivia(kinds[i]!)) i++;
    if (kinds[i] === END_OF_INPUT) return null;
    if (kinds[i] !== DOC_MODE) decline();
    i++;
    if (kinds[i] === DOC_START) {
      // Only a bare `---` line before the content.
      i++;
      if (kinds[i] === SPACE) i++;
      if (kinds[i] === COMMENT) i++;
      if (kinds[i] !== NEWLINE) decline();
    }
    while (isTrivia(kinds[i]!)) i++;
    if (kinds[i] === END_OF_INPUT) decline();
    this.pos = i;
    const root = this.parseNode(-1, ON_OWN_LINE);
    i = this.pos;
    while (isTrivia(kinds[i]!)) i++;
    if (kinds[i] !== END_OF_INPUT) decline();
    return root;
  }

  private parseNode(parentIndent: number, context: number): YNode {
    if (++this.depth > MAX_DEPTH) decline();
    const { kinds } = this;
    const i = this.pos;
    const kind = kinds[i]!;
    let node: YNode;
    if (isFlowScalar(kind)) {
      const colon = kinds[i + 1] === SPACE ? i + 2 : i + 1;
      if (kinds[colon] === MAP_VALUE) {
        // A key: the start of a block map. The library forbids one right after another key.
        if (context === AFTER_MAP_VALUE) decline();
        node = this.parseBlockMap(this.indents[i]!);
      } else {
        node = this.scalar(i);
        this.pos = i + 1;
        this.endLine();
      }
    } else if (kind === SEQ_ITEM) {
      if (context === AFTER_MAP_VALUE) decline();
      node = this.parseBlockSeq(this.indents[i]!);
    } else if (kind === FLOW_MAP_START || kind === FLOW_SEQ_START) {
      node = this.parseFlowCollection();
      // A flow collection used as a key is outside the subset.
      const colon = kinds[this.pos] === SPACE ? this.pos + 1 : this.pos;
      if (kinds[colon] === MAP_VALUE) decline();
      this.endLine();
    } else if (kind === BLOCK_HEADER && context !== ON_OWN_LINE && parentIndent >= 0) {
      node = this.parseBlockScalar(parentIndent);
    } else {
      decline();
    }
    this.depth--;
    return node;
  }

  /** The tokens after a leaf on its line: the library keeps them as the node's `end`. */
  private endLine(): void {
    const { kinds } = this;
    const first = this.pos;
    let i = first;
    if (kinds[i] === SPACE) i++;
    if (kinds[i] === COMMENT) i++;
    if (kinds[i] === NEWLINE) i++;
    else if (kinds[i] !== END_OF_INPUT) decline();
    this.nodeEnd = this.ends[i - 1]!;
    this.pos = i;
    this.lastWasLeaf = true;
    this.leafKeepsEnd = i > first;
    this.lastWasEmpty = false;
  }

  /**
   * Blank and comment lines after a leaf that ends an item of the collection at `indent`. A
   * comment indented deeper than the collection, with only blank lines since the leaf, joins
   * the leaf's trailing tokens (so the leaf ends after it); the rest is left pending.
   */
  private attachTrivia(indent: number): void {
    const { kinds, ends, indents } = this;
    const keepsEnd = this.leafKeepsEnd;
    let active = false;
    let onlyBlank = true;
    let pendingEnd = 0;
    let commentIndent = -1;
    let i = this.pos;
    for (; ; i++) {
      const kind = kinds[i];
      if (kind === NEWLINE || kind === SPACE) {
        if (!active) {
          active = true;
          onlyBlank = true;
          commentIndent = -1;
        }
        pendingEnd = ends[i]!;
      } else if (kind === COMMENT) {
        if (active && onlyBlank && keepsEnd && indents[i]! > indent) {
          // Joined to the leaf; the newline after it follows it there.
          active = false;
          if (kinds[i + 1] === NEWLINE) i++;
          this.nodeEnd = ends[i]!;
        } else {
          if (!active) {
            active = true;
            commentIndent = -1;
          }
          onlyBlank = false;
          if (indents[i]! > commentIndent) commentIndent = indents[i]!;
          pendingEnd = ends[i]!;
        }
      } else {
        break;
      }
    }
    this.pos = i;
    this.pendingActive = active;
    this.pendingEnd = pendingEnd;
    this.pendingCommentIndent = commentIndent;
  }

  /** Closes a block collection at `indent` whose last item ended at `offset`; sets nodeEnd. */
  private closeBlockCollection(indent: number, offset: number): void {
    let end = offset;
    if (this.pendingActive && indent !== 0 && this.pendingCommentIndent >= indent) {
      end = this.pendingEnd;
      this.pendingActive = false;
    }
    this.nodeEnd = end;
    this.lastWasLeaf = false;
    this.lastWasEmpty = false;
  }

  /**
   * The value after `key:` or `-` when nothing but a comment follows on that line: a node on the
   * following lines, a sequence at the key's own indentation, or an empty (null) value.
   */
  private parseValueOnNextLines(indent: number, emptyAt: number, allowSameIndentSeq: boolean): YNode {
    const { kinds, indents } = this;
    let sawComment = false;
    let i = this.pos;
    for (; ; i++) {
      const kind = kinds[i];
      if (kind === COMMENT) sawComment = true;
      else if (kind !== NEWLINE && kind !== SPACE) break;
    }
    this.pos = i;
    // The comment and blank lines so far belong to this item, never to a pending run.
    this.pendingActive = false;
    const kind = kinds[i]!;
    if (kind !== END_OF_INPUT && indents[i]! > indent) {
      const node = this.parseNode(indent, ON_OWN_LINE);
      if (this.lastWasLeaf) this.attachTrivia(indent);
      return node;
    }
    if (allowSameIndentSeq && kind === SEQ_ITEM && indents[i] === indent) return this.parseBlockSeq(indent);
    // The library gives an empty value with a comment a different end; leave that to it.
    if (sawComment) decline();
    this.nodeEnd = emptyAt;
    this.lastWasLeaf = false;
    this.lastWasEmpty = true;
    return scalarNode(emptyAt, emptyAt, null, 'plain');
  }

  private parseBlockMap(indent: number): YMap {
    if (++this.depth > MAX_DEPTH) decline();
    const { kinds, starts, ends, indents } = this;
    const start = starts[this.pos]!;
    const base = this.pairTop;
    let keys: Set<ScalarValue> | undefined;
    let offset = start;
    for (;;) {
      const keyIndex = this.pos;
      if (!isFlowScalar(kinds[keyIndex]!) || indents[keyIndex] !== indent || this.hasLineBreak(starts[keyIndex]!, ends[keyIndex]!)) decline();
      const key = this.scalar(keyIndex);
      let i = keyIndex + 1;
      if (kinds[i] === SPACE) i++;
      if (kinds[i] !== MAP_VALUE || starts[i]! - starts[keyIndex]! > MAX_IMPLICIT_KEY_SPAN) decline();
      keys = checkUniqueKey(this.pairStack, base, this.pairTop, keys, key.value);
      let valueStart = ends[i]!;
      i++;
      if (kinds[i] === SPACE) valueStart = ends[i++]!;
      this.pos = i;
      let value: YNode;
      const kind = kinds[i];
      if (kind === NEWLINE || kind === COMMENT || kind === END_OF_INPUT) {
        value = this.parseValueOnNextLines(indent, valueStart, true);
      } else {
        value = this.parseNode(indent, AFTER_MAP_VALUE);
        if (this.lastWasLeaf) this.attachTrivia(indent);
      }
      offset = this.nodeEnd;
      this.pairStack[this.pairTop++] = pairNode(key, value);
      const next = this.pos;
      if (indents[next] === indent && isFlowScalar(kinds[next]!)) {
        // The next key takes the pending comment lines as its leading comments.
        this.pendingActive = false;
        continue;
      }
      if (indents[next]! < indent) break;
      decline();
    }
    this.closeBlockCollection(indent, offset);
    this.depth--;
    return mapNode(start, offset, this.takePairs(base), false);
  }

  private parseBlockSeq(indent: number): YSeq {
    if (++this.depth > MAX_DEPTH) decline();
    const { kinds, starts, ends, indents } = this;
    const start = starts[this.pos]!;
    const base = this.itemTop;
    let offset = start;
    // Comment lines before an item's `-` make the library end an empty item after them.
    let itemHasLeadingComment = false;
    for (;;) {
      let i = this.pos + 1;
      let valueStart = ends[this.pos]!;
      if (kinds[i] === SPACE) valueStart = ends[i++]!;
      this.pos = i;
      let value: YNode;
      const kind = kinds[i];
      if (kind === NEWLINE || kind === COMMENT || kind === END_OF_INPUT) {
        value = this.parseValueOnNextLines(indent, valueStart, false);
        if (this.lastWasEmpty && itemHasLeadingComment) decline();
      } else {
        value = this.parseNode(indent, AFTER_SEQ_ITEM);
        if (this.lastWasLeaf) this.attachTrivia(indent);
      }
      offset = this.nodeEnd;
      this.itemStack[this.itemTop++] = value;
      const next = this.pos;
      if (kinds[next] === SEQ_ITEM && indents[next] === indent) {
        itemHasLeadingComment = this.pendingActive && this.pendingCommentIndent >= 0;
        this.pendingActive = false;
        continue;
      }
      if (indents[next]! <= indent) break;
      decline();
    }
    this.closeBlockCollection(indent, offset);
    this.depth--;
    return seqNode(start, offset, this.takeItems(base), false);
  }

  /** `{…}` or `[…]`, possibly over several lines; comments and empty entries are left to the library. */
  private parseFlowCollection(): YMap | YSeq {
    if (++this.depth > MAX_DEPTH) decline();
    const { kinds, starts, ends } = this;
    const open = this.pos;
    const isMap = kinds[open] === FLOW_MAP_START;
    const close = isMap ? FLOW_MAP_END : FLOW_SEQ_END;
    const pairBase = this.pairTop;
    const itemBase = this.itemTop;
    let keys: Set<ScalarValue> | undefined;
    let expectItem = true;
    let i = open + 1;
    for (;;) {
      const kind = kinds[i];
      if (kind === SPACE || kind === NEWLINE) {
        i++;
        continue;
      }
      if (kind === close) break;
      if (kind === COMMA) {
        if (expectItem) decline();
        expectItem = true;
        i++;
        continue;
      }
      if (!expectItem) decline();
      expectItem = false;
      if (isMap) {
        if (!isFlowScalar(kind!) || this.hasLineBreak(starts[i]!, ends[i]!)) decline();
        const key = this.scalar(i);
        i++;
        if (kinds[i] === SPACE) i++;
        if (kinds[i] !== MAP_VALUE) decline();
        i++;
        while (kinds[i] === SPACE || kinds[i] === NEWLINE) i++;
        keys = checkUniqueKey(this.pairStack, pairBase, this.pairTop, keys, key.value);
        const value = this.flowItem(i);
        i = this.pos;
        this.pairStack[this.pairTop++] = pairNode(key, value);
      } else {
        const item = this.flowItem(i);
        this.itemStack[this.itemTop++] = item;
        i = this.pos;
      }
    }
    this.pos = i + 1;
    this.depth--;
    return isMap ? mapNode(starts[open]!, ends[i]!, this.takePairs(pairBase), true) : seqNode(starts[open]!, ends[i]!, this.takeItems(itemBase), true);
  }

  /** The pairs a collection gathered from `base` up, popped off the stack. */
  private takePairs(base: number): YPair[] {
    const pairs = this.pairStack.slice(base, this.pairTop);
    this.pairTop = base;
    return pairs;
  }

  private takeItems(base: number): YNode[] {
    const items = this.itemStack.slice(base, this.itemTop);
    this.itemTop = base;
    return items;
  }

  private flowItem(i: number): YNode {
    const kind = this.kinds[i]!;
    if (isFlowScalar(kind)) {
      this.pos = i + 1;
      return this.scalar(i);
    }
    if (kind === FLOW_MAP_START || kind === FLOW_SEQ_START) {
      this.pos = i;
      return this.parseFlowCollection();
    }
    return decline();
  }

  private source(i: number): string {
    return this.text.slice(this.starts[i]!, this.ends[i]!);
  }

  /** Whether the text from `start` to `end` holds a line break. */
  private hasLineBreak(start: number, end: number): boolean {
    if (start < this.lineBreakFrom || this.lineBreakAt < start) {
      const at = this.text.indexOf('\n', start);
      this.lineBreakFrom = start;
      this.lineBreakAt = at === -1 ? this.text.length : at;
    }
    return this.lineBreakAt < end;
  }

  /** Whether the text from `start` to `end` holds a backslash. */
  private hasBackslash(start: number, end: number): boolean {
    if (start < this.backslashFrom || this.backslashAt < start) {
      const at = this.text.indexOf('\\', start);
      this.backslashFrom = start;
      this.backslashAt = at === -1 ? this.text.length : at;
    }
    return this.backslashAt < end;
  }

  /**
   * A plain or quoted scalar. Single-line scalars without escapes, nearly all of them, are read
   * here straight from the text (as flowScalarString would read them) through the string pool;
   * the rest go through flowScalarString.
   */
  private scalar(i: number): YScalar {
    const kind = this.kinds[i];
    const { text } = this;
    const start = this.starts[i]!;
    const end = this.ends[i]!;
    if (kind === PLAIN) {
      if (!this.hasLineBreak(start, end)) {
        if (end > start && isRefusedPlainStart(text.charCodeAt(start))) decline();
        return scalarNode(start, end, resolvePlainValue(this.strings.slice(start, end)), 'plain');
      }
      const value = flowScalarString('scalar', this.source(i), start, this.indents[i]!);
      if (value === undefined) decline();
      return scalarNode(start, end, resolvePlainValue(value), 'plain');
    }
    const single = kind === SINGLE_QUOTED;
    const quote = single ? 39 /* ' */ : 34; /* " */
    if (end - start >= 2 && text.charCodeAt(end - 1) === quote && !this.hasLineBreak(start, end)) {
      // Inside single quotes only a doubled quote is special; inside double quotes, a backslash.
      const plain = single ? text.indexOf("'", start + 1) === end - 1 : !this.hasBackslash(start, end);
      if (plain) return scalarNode(start, end, this.strings.slice(start + 1, end - 1), single ? 'single' : 'double');
    }
    const value = flowScalarString(single ? 'single-quoted-scalar' : 'double-quoted-scalar', this.source(i), start, this.indents[i]!);
    if (value === undefined) decline();
    return scalarNode(start, end, value, single ? 'single' : 'double');
  }

  /** `|` or `>` with its header line, then the body the lexer hands over as one token. */
  private parseBlockScalar(parentIndent: number): YScalar {
    const { kinds, starts } = this;
    const header = this.pos;
    const headerSource = this.source(header);
    const props: BlockScalarParts['props'] = [{ type: 'block-scalar-header', offset: starts[header]!, source: headerSource }];
    let i = header + 1;
    for (; ; i++) {
      const kind = kinds[i];
      if (kind === SPACE) props.push({ type: 'space', offset: starts[i]!, source: this.source(i) });
      else if (kind === COMMENT) props.push({ type: 'comment', offset: starts[i]!, source: this.source(i) });
      else if (kind === NEWLINE) props.push({ type: 'newline', offset: starts[i]!, source: this.source(i) });
      else break;
    }
    if (kinds[i] !== BLOCK_BODY) decline();
    const resolved = blockScalarValue({ offset: starts[header]!, parentIndent, props, body: this.source(i) });
    if (!resolved) decline();
    this.pos = i + 1;
    this.nodeEnd = resolved.end;
    this.lastWasLeaf = true;
    this.leafKeepsEnd = false;
    this.lastWasEmpty = false;
    return scalarNode(starts[header]!, resolved.end, resolved.value, headerSource.charCodeAt(0) === 62 /* > */ ? 'folded' : 'literal');
  }
}

/**
 * Declines on a duplicate key, as the library reports those (`uniqueKeys`): keys are equal when
 * their resolved values are `===`. Small maps are scanned; large ones switch to a set.
 */
function checkUniqueKey(pairs: readonly YPair[], base: number, top: number, keys: Set<ScalarValue> | undefined, value: ScalarValue): Set<ScalarValue> | undefined {
  // NaN is never `===` itself, so a NaN key is never a duplicate.
  const comparable = !(typeof value === 'number' && Number.isNaN(value));
  if (keys) {
    if (comparable) {
      if (keys.has(value)) decline();
      keys.add(value);
    }
    return keys;
  }
  for (let j = base; j < top; j++) if (pairs[j]!.key.value === value) decline();
  if (top - base < 16) return undefined;
  const set = new Set<ScalarValue>();
  for (let j = base; j < top; j++) {
    const key = pairs[j]!.key.value;
    if (!(typeof key === 'number' && Number.isNaN(key))) set.add(key);
  }
  if (comparable) set.add(value);
  return set;
}
