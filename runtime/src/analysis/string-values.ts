// Helpers for passes that look inside string values: visiting every string scalar under a node,
// telling templated strings apart, and mapping a part of a scalar's value back to the source text
// (exactly for unescaped quoted and plain scalars, by searching the raw text otherwise).

import { containsTemplate } from '../expr/index.ts';
import type { SourceRange } from '../language/source-range.ts';
import type { YNode, YScalar } from '../language/yaml-tree.ts';

/** A string scalar and the map key it sits under (the nearest one, for list items). */
export interface StringValue {
  node: YScalar & { value: string };
  key?: string;
}

/** Visits every string scalar value (not keys) under `node`, depth first, in source order. */
export function visitStrings(node: YNode | null | undefined, visit: (value: StringValue) => void, key?: string): void {
  if (!node) return;
  if (node.kind === 'scalar') {
    if (typeof node.value === 'string') visit({ node: node as YScalar & { value: string }, ...(key !== undefined ? { key } : {}) });
    return;
  }
  if (node.kind === 'seq') {
    for (const item of node.items) visitStrings(item, visit, key);
    return;
  }
  for (const pair of node.pairs) visitStrings(pair.value, visit, String(pair.key.value));
}

/** Whether a string holds a `<< >>` template; its value (and so its type) is then unknown statically. */
export function isTemplated(value: string): boolean {
  return containsTemplate(value);
}

/** The string with every `<< … >>` template removed, so checks look only at literal text. */
export function withoutTemplates(value: string): string {
  return value.replace(/<<[\s\S]*?>>/g, ' ');
}

/**
 * The source range of `value.slice(start, end)` for a string scalar. Plain, single- and
 * double-quoted scalars whose source is the value itself map one to one; otherwise (escapes,
 * folded lines, block scalars) the same occurrence of the piece is searched in the raw source.
 * Undefined when the piece is not written literally in the source.
 */
export function sourceRangeInScalar(text: string, node: YScalar, start: number, end: number): SourceRange | undefined {
  const value = String(node.value);
  const raw = text.slice(node.range.start, node.range.end);
  const offset = literalOffset(node, raw, value);
  if (offset !== undefined) return { start: node.range.start + offset + start, end: node.range.start + offset + end };
  const piece = value.slice(start, end);
  if (piece === '') return undefined;
  let occurrence = 0;
  for (let at = value.indexOf(piece); at !== -1 && at < start; at = value.indexOf(piece, at + 1)) occurrence++;
  let found = raw.indexOf(piece);
  for (let i = 0; i < occurrence && found !== -1; i++) found = raw.indexOf(piece, found + 1);
  return found === -1 ? undefined : { start: node.range.start + found, end: node.range.start + found + piece.length };
}

/** Where the value starts inside the raw source when the two agree character for character. */
function literalOffset(node: YScalar, raw: string, value: string): number | undefined {
  switch (node.style) {
    case 'plain':
      return raw === value ? 0 : undefined;
    case 'single':
      return raw === `'${value}'` ? 1 : undefined;
    case 'double':
      return raw === `"${value}"` ? 1 : undefined;
    default:
      return undefined;
  }
}
