// Helpers for passes that look inside string values: visiting every string scalar under a node,
// the string scalars of a whole workflow gathered in one walk and shared by the passes, telling
// templated strings apart, and mapping a part of a scalar's value back to the source text
// (exactly for unescaped quoted and plain scalars, by searching the raw text otherwise).

import { containsTemplate } from '../expr/index.ts';
import type { SourceRange } from '../language/source-range.ts';
import type { Workflow, WorkflowDocument } from '../language/workflow-model.ts';
import type { YNode, YScalar } from '../language/yaml-tree.ts';

export type StringScalar = YScalar & { value: string };

/** A string scalar and the map key it sits under (the nearest one, for list items). */
export interface StringValue {
  node: StringScalar;
  key?: string;
}

/** Visits every string scalar value (not keys) under `node`, depth first, in source order. */
export function visitStrings(node: YNode | null | undefined, visit: (value: StringValue) => void, key?: string): void {
  if (!node) return;
  if (node.kind === 'scalar') {
    if (typeof node.value === 'string') visit(key !== undefined ? { node: node as StringScalar, key } : { node: node as StringScalar });
    return;
  }
  if (node.kind === 'seq') {
    for (const item of node.items) visitStrings(item, visit, key);
    return;
  }
  for (const pair of node.pairs) visitStrings(pair.value, visit, keyText(pair.key));
}

/** `marks` bits: the string holds `<<` (a template, maybe unterminated) … */
export const HAS_TEMPLATE = 1;
/** … or `{{` (a mustache tag, maybe). */
export const HAS_MUSTACHE = 2;

/**
 * String scalars in document order, each with its nearest map key and what it holds (parallel
 * lists, no object per string). The marks are taken while the walk has the string at hand, so a
 * pass looking for templates or mustache tags skips the other strings without touching them.
 */
export interface StringList {
  readonly nodes: readonly StringScalar[];
  /** Each node's value, so a pass reading the text need not visit the node. */
  readonly values: readonly string[];
  readonly keys: readonly (string | undefined)[];
  /** `HAS_TEMPLATE` and `HAS_MUSTACHE` bits per string. */
  readonly marks: readonly number[];
}

/**
 * The string values of a workflow, found in one walk: the secrets, mustache and template-site
 * passes each look at every one of them (and the variable list at some), so walking the tree once
 * serves them all.
 */
export interface WorkflowStrings {
  /** Strings under the steps' `config` nodes, step after step. */
  readonly config: StringList;
  /**
   * For each config string, the key of the `config` entry holding it (undefined when the key is
   * not a string or `config` is not a map), so passes need not walk the map again to learn it.
   */
  readonly configEntries: readonly (string | undefined)[];
  /** Where each step's strings start in `config`; the entry after the last step is the total. */
  readonly stepStarts: Int32Array;
  readonly vars: StringList;
  readonly output: StringList;
}

/** Workflows are not changed once built, so their strings are gathered once per workflow. */
const gathered = new WeakMap<Workflow, WorkflowStrings>();

export function workflowStrings(document: WorkflowDocument): WorkflowStrings {
  return stringsOfWorkflow(document.workflow);
}

export function stringsOfWorkflow(workflow: Workflow): WorkflowStrings {
  let strings = gathered.get(workflow);
  if (strings === undefined) {
    strings = gatherStrings(workflow);
    gathered.set(workflow, strings);
  }
  return strings;
}

interface MutableStringList {
  nodes: StringScalar[];
  values: string[];
  keys: (string | undefined)[];
  marks: number[];
}

function gatherStrings(workflow: Workflow): WorkflowStrings {
  const { steps, varsNode, outputNode } = workflow;
  const config: MutableStringList = { nodes: [], values: [], keys: [], marks: [] };
  const configEntries: (string | undefined)[] = [];
  const stepStarts = new Int32Array(steps.length + 1);
  for (let index = 0; index < steps.length; index++) {
    stepStarts[index] = config.nodes.length;
    const configNode = steps[index]!.configNode;
    if (!configNode) continue;
    if (configNode.kind === 'map') {
      for (const pair of configNode.pairs) {
        gather(pair.value, keyText(pair.key), config);
        const entry = typeof pair.key.value === 'string' ? pair.key.value : undefined;
        while (configEntries.length < config.nodes.length) configEntries.push(entry);
      }
    } else {
      gather(configNode, undefined, config);
      while (configEntries.length < config.nodes.length) configEntries.push(undefined);
    }
  }
  stepStarts[steps.length] = config.nodes.length;
  const vars: MutableStringList = { nodes: [], values: [], keys: [], marks: [] };
  gather(varsNode, undefined, vars);
  const output: MutableStringList = { nodes: [], values: [], keys: [], marks: [] };
  gather(outputNode, undefined, output);
  return { config, configEntries, stepStarts, vars, output };
}

/** `visitStrings` into a list: the same order and keys, without a callback or object per string. */
function gather(node: YNode | null | undefined, key: string | undefined, into: MutableStringList): void {
  if (!node) return;
  if (node.kind === 'scalar') {
    const { value } = node;
    if (typeof value === 'string') {
      into.nodes.push(node as StringScalar);
      into.values.push(value);
      into.keys.push(key);
      into.marks.push((value.includes('<<') ? HAS_TEMPLATE : 0) | (value.includes('{{') ? HAS_MUSTACHE : 0));
    }
    return;
  }
  if (node.kind === 'seq') {
    for (const item of node.items) gather(item, key, into);
    return;
  }
  for (const pair of node.pairs) gather(pair.value, keyText(pair.key), into);
}

/** A map key as text, the way passes name it (`String` of a non-string key). */
function keyText(key: YScalar): string {
  return typeof key.value === 'string' ? key.value : String(key.value);
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
  const raw = text.slice(node.start, node.end);
  const offset = literalOffset(node, raw, value);
  if (offset !== undefined) return { start: node.start + offset + start, end: node.start + offset + end };
  const piece = value.slice(start, end);
  if (piece === '') return undefined;
  let occurrence = 0;
  for (let at = value.indexOf(piece); at !== -1 && at < start; at = value.indexOf(piece, at + 1)) occurrence++;
  let found = raw.indexOf(piece);
  for (let i = 0; i < occurrence && found !== -1; i++) found = raw.indexOf(piece, found + 1);
  return found === -1 ? undefined : { start: node.start + found, end: node.start + found + piece.length };
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
