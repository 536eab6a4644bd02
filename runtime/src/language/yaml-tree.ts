// A small, typed syntax tree over the `yaml` library's document: every map, sequence, key and
// scalar keeps its exact source range (`start` and `end`; the nodes are made in yaml-nodes.ts).
// YAML and JSON files go through the same parser (JSON is YAML 1.2), so positions are exact for
// both. Building the tree never throws. Files in the plain subset that workflows use take a fast
// route (fast-yaml.ts, over our scanner of the library's tokens); the rest, and anything with a
// syntax error, go through the library's full parser.

import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { diagnostic, type Diagnostic } from './diagnostic.ts';
import { buildYamlTreeFast } from './fast-yaml.ts';
import { rangeContains, rangeOf, type SourceRange } from './source-range.ts';
import { WORKFLOW_WORDS } from './workflow-words.ts';
import { mapNode, pairNode, scalarNode, seqNode } from './yaml-nodes.ts';

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';

export interface YScalar {
  readonly kind: 'scalar';
  /** Where the node starts and ends (`spanOf` gives both as one range). */
  readonly start: number;
  readonly end: number;
  readonly value: string | number | boolean | null;
  readonly style: ScalarStyle;
}

export interface YPair {
  readonly key: YScalar;
  /** Null when the key has no value (`key:` with nothing after it). */
  readonly value: YNode | null;
  /** From the key's start to the value's end (the key's end when there is no value). */
  readonly start: number;
  readonly end: number;
}

export interface YMap {
  readonly kind: 'map';
  /** Where the node starts and ends (`spanOf` gives both as one range). */
  readonly start: number;
  readonly end: number;
  readonly pairs: readonly YPair[];
  readonly flow: boolean;
}

export interface YSeq {
  readonly kind: 'seq';
  /** Where the node starts and ends (`spanOf` gives both as one range). */
  readonly start: number;
  readonly end: number;
  readonly items: readonly YNode[];
  readonly flow: boolean;
}

export type YNode = YMap | YSeq | YScalar;

export interface ParsedYaml {
  root: YNode | null;
  diagnostics: Diagnostic[];
}

/** Nesting deeper than this is reported instead of walked, so hostile input cannot exhaust the stack. */
const MAX_DEPTH = 400;

const STYLE: Record<string, ScalarStyle> = {
  PLAIN: 'plain',
  QUOTE_SINGLE: 'single',
  QUOTE_DOUBLE: 'double',
  BLOCK_LITERAL: 'literal',
  BLOCK_FOLDED: 'folded',
};

export function parseYamlTree(text: string): ParsedYaml {
  const fast = buildYamlTreeFast(text, WORKFLOW_WORDS);
  if (fast) return { root: fast.root, diagnostics: [] };
  return parseYamlTreeFully(text);
}

/** The library's full parser: the reference for every tree, and the only path that reports errors. */
export function parseYamlTreeFully(text: string): ParsedYaml {
  const diagnostics: Diagnostic[] = [];
  let document;
  try {
    document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, keepSourceTokens: false, strict: true });
  } catch (error) {
    // The yaml library is robust, but a parser bug must not take the language server down.
    return { root: null, diagnostics: [diagnostic('yaml-syntax', `Cannot parse this file: ${String(error)}`, rangeOf(0, Math.min(text.length, 1)))] };
  }
  for (const error of document.errors) {
    // Errors at the end of the file point one past it; keep ranges inside the text.
    const start = Math.min(error.pos[0], text.length);
    const end = Math.min(Math.max(error.pos[1], start + 1), text.length);
    diagnostics.push(diagnostic('yaml-syntax', cleanYamlMessage(error.message), rangeOf(Math.min(start, Math.max(0, end - 1)), end)));
  }
  const builder = new TreeBuilder(diagnostics);
  const root = document.contents ? builder.convert(document.contents as YamlNode, 0) : null;
  return { root, diagnostics };
}

function cleanYamlMessage(message: string): string {
  // The library appends "at line X, column Y" plus a code excerpt; our ranges already say where.
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
}

class TreeBuilder {
  /** Converted nodes by anchor name; anchors always precede their aliases, so the latest wins. */
  private readonly anchors = new Map<string, YNode>();

  private readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[]) {
    this.diagnostics = diagnostics;
  }

  convert(node: YamlNode, depth: number): YNode | null {
    const range = node.range ? rangeOf(node.range[0], node.range[1]) : rangeOf(0, 0);
    if (depth > MAX_DEPTH) {
      this.diagnostics.push(diagnostic('yaml-syntax', `Nesting deeper than ${MAX_DEPTH} levels is not supported.`, range));
      return null;
    }
    if (isAlias(node)) return this.convertAlias(node, range);
    let result: YNode;
    if (isScalar(node)) {
      const value = node.value;
      const plainValue = value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
      result = scalarNode(range.start, range.end, plainValue, STYLE[node.type ?? 'PLAIN'] ?? 'plain');
    } else if (isMap(node)) {
      const pairs: YPair[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        if (!keyNode || !isScalar(keyNode)) {
          const keyRange = keyNode?.range ? rangeOf(keyNode.range[0], keyNode.range[1]) : range;
          this.diagnostics.push(diagnostic('yaml-syntax', 'Keys must be plain strings.', keyRange));
          continue;
        }
        const key = this.convert(keyNode, depth + 1) as YScalar;
        const value = pair.value ? this.convert(pair.value as YamlNode, depth + 1) : null;
        pairs.push(pairNode(key, value));
      }
      result = mapNode(range.start, range.end, pairs, Boolean(node.flow));
    } else if (isSeq(node)) {
      const items: YNode[] = [];
      for (const item of node.items) {
        const converted = item ? this.convert(item as YamlNode, depth + 1) : null;
        items.push(converted ?? scalarNode(range.start, range.end, null, 'plain'));
      }
      result = seqNode(range.start, range.end, items, Boolean(node.flow));
    } else {
      result = scalarNode(range.start, range.end, null, 'plain');
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) this.anchors.set(anchor, result);
    return result;
  }

  private convertAlias(node: YamlNode, range: SourceRange): YNode | null {
    // An alias to an enclosing node (a cycle) finds no finished anchor and is reported.
    const target = isAlias(node) ? this.anchors.get(node.source) : undefined;
    if (!target) {
      this.diagnostics.push(diagnostic('yaml-syntax', 'This alias refers to an anchor that is not defined before it (or refers to itself).', range));
      return null;
    }
    return target;
  }
}

// ---- Navigation helpers used by the model builder, the analyzer and the language server. ----

export function getPair(map: YNode | null | undefined, key: string): YPair | undefined {
  if (!map || map.kind !== 'map') return undefined;
  // An index loop: before the engine optimizes it, `for…of` would make an iterator per call.
  const { pairs } = map;
  for (let i = 0; i < pairs.length; i++) if (pairs[i]!.key.value === key) return pairs[i];
  return undefined;
}

export function getValue(map: YNode | null | undefined, key: string): YNode | null | undefined {
  return getPair(map, key)?.value;
}

export function scalarString(node: YNode | null | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

export function scalarNumber(node: YNode | null | undefined): number | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'number' ? node.value : undefined;
}

/** Plain JavaScript value of a node, as the engine and the JSON-schema check see it. */
export function toPlain(node: YNode | null | undefined): unknown {
  if (!node) return null;
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      const object: Record<string, unknown> = {};
      for (const pair of node.pairs) object[String(pair.key.value)] = toPlain(pair.value);
      return object;
    }
  }
}

/** The node at a JSON path (keys and indexes), plus the key of the last map step if there was one. */
export function nodeAtPath(root: YNode | null, path: readonly (string | number)[]): { node: YNode | null; key?: YScalar } | undefined {
  let current: YNode | null = root;
  let key: YScalar | undefined;
  for (const segment of path) {
    if (!current) return undefined;
    if (current.kind === 'map') {
      const pair = getPair(current, String(segment));
      if (!pair) return undefined;
      key = pair.key;
      current = pair.value;
    } else if (current.kind === 'seq' && typeof segment === 'number') {
      current = current.items[segment] ?? null;
      key = undefined;
      if (!current) return undefined;
    } else {
      return undefined;
    }
  }
  return key ? { node: current, key } : { node: current };
}

/** The innermost node whose range contains the offset, with the chain of ancestors. */
export function nodePathAt(root: YNode | null, offset: number): YNode[] {
  const chain: YNode[] = [];
  let current: YNode | null = root;
  while (current && rangeContains(current, offset)) {
    chain.push(current);
    let next: YNode | null = null;
    if (current.kind === 'map') {
      for (const pair of current.pairs) {
        if (rangeContains(pair.key, offset)) {
          next = pair.key;
          break;
        }
        if (pair.value && rangeContains(pair.value, offset)) {
          next = pair.value;
          break;
        }
      }
    } else if (current.kind === 'seq') {
      next = current.items.find((item) => rangeContains(item, offset)) ?? null;
    }
    if (next === current) break;
    current = next;
  }
  return chain;
}
