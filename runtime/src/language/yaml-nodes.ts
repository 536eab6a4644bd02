// The YAML tree's node objects. Every builder (the fast path, the library's full parser, the
// step re-parse) makes its nodes here, so each kind has one shape and the engine sees the same
// hidden class wherever a node comes from.
//
// Why plain object literals with `start` and `end` fields, made by one function per kind:
// - A 5000-step workflow has about 140,000 nodes. A separate `{ start, end }` object per node was
//   a quarter of the tree's memory (16.6 MB of tree became 12.1 MB without it); `spanOf` makes
//   one where a reader wants a range.
// - Every node outlives the young generation (a tree lives as long as its document version). V8
//   learns that of an object literal's allocation site and then allocates the site's objects in
//   the old generation directly ("pretenuring"), instead of copying each one out of the young
//   generation; it does not do that for `new` of a class. Measured: building a retained tree of
//   class instances takes about twice as long as of literals, and a getter in the literal (for
//   `range`) made it six times slower.

import type { ScalarStyle, YMap, YNode, YPair, YScalar, YSeq } from './yaml-tree.ts';

/** A scalar over `[start, end)`; an `end` before `start` is clamped to it, as `rangeOf` does. */
export function scalarNode(start: number, end: number, value: string | number | boolean | null, style: ScalarStyle): YScalar {
  return { kind: 'scalar', start, end: end < start ? start : end, value, style };
}

export function mapNode(start: number, end: number, pairs: readonly YPair[], flow: boolean): YMap {
  return { kind: 'map', start, end: end < start ? start : end, pairs, flow };
}

export function seqNode(start: number, end: number, items: readonly YNode[], flow: boolean): YSeq {
  return { kind: 'seq', start, end: end < start ? start : end, items, flow };
}

/** A pair spans from its key to the end of its value (or of the key, when it has no value). */
export function pairNode(key: YScalar, value: YNode | null): YPair {
  const end = value ? value.end : key.end;
  return { start: key.start, end: end < key.start ? key.start : end, key, value };
}

/** A pair with an explicit span (the step re-parse moves pairs whose span it already knows). */
export function pairNodeSpanning(key: YScalar, value: YNode | null, start: number, end: number): YPair {
  return { start, end, key, value };
}
