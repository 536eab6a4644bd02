// Locates an offset in a cleanly parsed YAML tree as a JSON path (keys and indexes), telling a
// key from a value. Hover, definition and code actions use it when the document parses; the
// text-based yaml-cursor serves completion, which must also work on broken text.

import type { YMap, YNode, YScalar } from '../../../runtime/src/language/yaml-tree.ts';
import type { PathSegment } from './yaml-cursor.ts';
import { rangeContains, spanOf } from '../../../runtime/src/language/source-range.ts';

export interface TreeLocation {
  /** Path of the node at the offset; for a key, the path ends with that key. */
  path: PathSegment[];
  /** The innermost node at the offset (a key scalar when `onKey`). */
  node: YNode | null;
  onKey: boolean;
  /** `containers[d]` is the collection at `path.slice(0, d)`. */
  containers: YNode[];
}

export function treeLocationAt(root: YNode | null, offset: number): TreeLocation | undefined {
  if (!root || !rangeContains(root, offset)) return undefined;
  const path: PathSegment[] = [];
  const containers: YNode[] = [];
  let current: YNode = root;
  for (;;) {
    if (current.kind === 'scalar') return { path, node: current, onKey: false, containers };
    containers.push(current);
    if (current.kind === 'map') {
      let next: YNode | null = null;
      for (const pair of current.pairs) {
        if (rangeContains(pair.key, offset)) {
          path.push(String(pair.key.value));
          return { path, node: pair.key, onKey: true, containers };
        }
        if (pair.value && rangeContains(pair.value, offset)) {
          path.push(String(pair.key.value));
          next = pair.value;
          break;
        }
      }
      if (!next) return { path, node: current, onKey: false, containers };
      current = next;
    } else {
      const index = current.items.findIndex((item) => rangeContains(item, offset));
      if (index < 0) return { path, node: current, onKey: false, containers };
      path.push(index);
      current = current.items[index]!;
    }
  }
}

/** The scalar keys and values of a map (nested collections as ''), for schema `if` conditions. */
export function shallowScalars(node: YNode | null | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (node?.kind !== 'map') return result;
  for (const pair of (node as YMap).pairs) {
    const value = pair.value;
    result[String(pair.key.value)] = value?.kind === 'scalar' && value.value !== null ? String(value.value) : '';
  }
  return result;
}

/** The range of a scalar's text without its quotes (what a rename or a replacement edits). */
export function scalarContentRange(node: YScalar): { start: number; end: number } {
  if ((node.style === 'single' || node.style === 'double') && node.end - node.start >= 2) {
    return { start: node.start + 1, end: node.end - 1 };
  }
  return spanOf(node);
}
