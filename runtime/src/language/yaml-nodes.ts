// The YAML tree's node objects. Every builder (the fast path, the library's full parser, the
// step re-parse) makes its nodes here, so each kind has one shape and the engine sees the same
// hidden class wherever a node comes from.
//
// Why classes with `start` and `end` fields instead of a `range: { start, end }` object per node:
// a 5000-step workflow has about 140,000 nodes, and a separate range object for each was a
// quarter of the tree's memory (16.6 MB of tree became 12.1 MB). Each version of a document the
// language server keeps holds a tree, and every object of a new tree is copied by the garbage
// collector as it leaves the young generation: fewer, smaller objects mean less of that work.
// `range` is still there for readers, as a getter that makes a fresh `{ start, end }` (which the
// optimizing compiler removes where it does not escape); hot code reads `start` and `end`.

import type { SourceRange } from './source-range.ts';
import type { ScalarStyle, YMap, YNode, YPair, YScalar, YSeq } from './yaml-tree.ts';

/** What every node and pair has: where it starts and ends, and the same as a range. */
abstract class Spanned {
  readonly start: number;
  readonly end: number;

  constructor(start: number, end: number) {
    this.start = start;
    this.end = end;
  }

  get range(): SourceRange {
    return { start: this.start, end: this.end };
  }
}

class ScalarNode extends Spanned implements YScalar {
  readonly kind = 'scalar' as const;
  readonly value: string | number | boolean | null;
  readonly style: ScalarStyle;

  constructor(start: number, end: number, value: string | number | boolean | null, style: ScalarStyle) {
    super(start, end);
    this.value = value;
    this.style = style;
  }
}

class MapNode extends Spanned implements YMap {
  readonly kind = 'map' as const;
  readonly pairs: readonly YPair[];
  readonly flow: boolean;

  constructor(start: number, end: number, pairs: readonly YPair[], flow: boolean) {
    super(start, end);
    this.pairs = pairs;
    this.flow = flow;
  }
}

class SeqNode extends Spanned implements YSeq {
  readonly kind = 'seq' as const;
  readonly items: readonly YNode[];
  readonly flow: boolean;

  constructor(start: number, end: number, items: readonly YNode[], flow: boolean) {
    super(start, end);
    this.items = items;
    this.flow = flow;
  }
}

class PairNode extends Spanned implements YPair {
  readonly key: YScalar;
  readonly value: YNode | null;

  constructor(key: YScalar, value: YNode | null, start: number, end: number) {
    super(start, end);
    this.key = key;
    this.value = value;
  }
}

/** A scalar over `[start, end)`; an `end` before `start` is clamped to it, as `rangeOf` does. */
export function scalarNode(start: number, end: number, value: string | number | boolean | null, style: ScalarStyle): YScalar {
  return new ScalarNode(start, end < start ? start : end, value, style);
}

export function mapNode(start: number, end: number, pairs: readonly YPair[], flow: boolean): YMap {
  return new MapNode(start, end < start ? start : end, pairs, flow);
}

export function seqNode(start: number, end: number, items: readonly YNode[], flow: boolean): YSeq {
  return new SeqNode(start, end < start ? start : end, items, flow);
}

/** A pair spans from its key to the end of its value (or of the key, when it has no value). */
export function pairNode(key: YScalar, value: YNode | null): YPair {
  const end = value ? value.end : key.end;
  return new PairNode(key, value, key.start, end < key.start ? key.start : end);
}

/** A pair with an explicit span (the step re-parse moves pairs whose span it already knows). */
export function pairNodeSpanning(key: YScalar, value: YNode | null, start: number, end: number): YPair {
  return new PairNode(key, value, start, end);
}
