// Incremental re-parse for the language server: when an edit stays inside one step of a block
// `steps:` list, only that step's lines are parsed again, the nodes before it are reused and the
// nodes after it are either copied with shifted ranges or, when the caller is done with the
// previous version, moved where they are. The result equals parseWorkflow on the new text in
// every respect; whenever that cannot be guaranteed the function declines (returns undefined)
// and the caller parses the whole text. test/runtime/language/reparse-workflow.test.ts holds it
// to parseWorkflow over thousands of random edits, both ways.

import { buildYamlTreeFromTokens, isBuiltFast, markBuiltFast } from './fast-yaml.ts';
import { buildWorkflow, workflowDocument } from './parse-workflow.ts';
import type { WorkflowDocument } from './workflow-model.ts';
import { WORKFLOW_WORDS } from './workflow-words.ts';
import { scanYaml } from './yaml-scanner.ts';
import { mapNode, pairNodeSpanning, scalarNode, seqNode } from './yaml-nodes.ts';
import type { YMap, YNode, YPair, YScalar, YSeq } from './yaml-tree.ts';

// Why parsing one step alone gives the step the whole text would give (the argument the checks
// below rest on). A step's slice runs from the start of its `-` line to the start of the next
// step's `-` line, both at the list's column `c`. The fast path's tokens of the whole text are
// then the tokens before the slice, the slice's tokens and the tokens after it:
// - before the slice, the scanner and the tree builder look ahead at most to the first
//   characters of the slice's `-` line, which the edit leaves alone;
// - inside the slice, the scanner's state after the `-` is the same as at the start of a text
//   holding the slice alone, and every later line of the slice is blank or indented deeper than
//   `c`, so no scalar, block scalar or flow collection can run on past the slice, and what the
//   scanner looks at past its end is only the next line's `c` spaces and a `-` at column `c`
//   (the slice is parsed with those `c` spaces appended, as a trailing comment's run of blank
//   space, which can end a collection's range, takes them in);
// - after the slice, the next step's `-` resets every part of the state that could differ.
// The tree builder's only state carried from one step to the next says whether comment lines
// came before a step's `-`, which matters only for a step with an empty value; steps here are
// collections on both sides of the slice. The builder nests two levels deeper in the whole text
// than in the slice; steps nested anywhere near its limit are declined.

/** Steps nested deeper than this are left to the full parse (the builder's limit is far above). */
const MAX_STEP_HEIGHT = 64;

const SPACE = 32;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const TAB = 9;
const HASH = 35;
const DASH = 45;

/** The edited step parsed alone, and where it goes in the new text. */
interface EditedStep {
  /** Index of the step in the list. */
  index: number;
  /** The step's new tree, with ranges relative to `sliceStart`. */
  node: YMap | YSeq;
  sliceStart: number;
  /** How much longer the new text is than the old one. */
  delta: number;
  /** The previous document's root, its `steps` list, and the root's pair that holds the list. */
  root: YMap;
  steps: YSeq;
  stepsPairIndex: number;
}

/**
 * What becomes of the previous version's nodes after the edited step:
 * - `keep`: they are copied with shifted ranges, and the previous document stays as it was;
 * - `consume`: they are moved in place and shared with the new document, so the previous one
 *   must not be used again (its ranges past the edit now describe the new text). The language
 *   server's document cache drops a version when it parses the next one; at 5000 steps the
 *   copies were 8–9 MB per version, 40% of all a version keeps, each of it garbage a moment
 *   later that only a full collection of the old generation takes back.
 * Nothing is moved when the function declines.
 */
export type PreviousVersion = 'keep' | 'consume';

/**
 * The document for `text`, built from `previous` (the document of an earlier version of the same
 * file) when the edit between them lies inside one step that is not the last; otherwise
 * undefined. Shares the nodes before the edited step with `previous`; see `PreviousVersion` for
 * those after it.
 */
export function reparseWorkflow(previous: WorkflowDocument, text: string, file?: string, previousVersion: PreviousVersion = 'keep'): WorkflowDocument | undefined {
  const edited = parseEditedStep(previous, text);
  if (!edited) return undefined;
  if (edited === UNCHANGED) return workflowDocument(text, file, previous.root, previous.workflow, []);
  const { index: k, node: parsedStep, sliceStart, delta, root, steps, stepsPairIndex } = edited;
  const items = steps.items;
  const consume = previousVersion === 'consume';

  const newItems = new Array<YNode>(items.length);
  for (let i = 0; i < k; i++) newItems[i] = items[i]!;
  // The edited step's nodes are this call's own: they move to their place in the text.
  moveInPlace(parsedStep, sliceStart);
  newItems[k] = parsedStep;
  for (let i = k + 1; i < items.length; i++) newItems[i] = consume ? moveInPlace(items[i]!, delta) : shiftNode(items[i]!, delta);
  const newSteps = seqNode(steps.start, steps.end + delta, newItems, false);
  const stepsPair = root.pairs[stepsPairIndex]!;
  const newPairs = new Array<YPair>(root.pairs.length);
  for (let i = 0; i < stepsPairIndex; i++) newPairs[i] = root.pairs[i]!;
  newPairs[stepsPairIndex] = pairNodeSpanning(stepsPair.key, newSteps, stepsPair.start, stepsPair.end + delta);
  for (let i = stepsPairIndex + 1; i < root.pairs.length; i++) newPairs[i] = consume ? movePairInPlace(root.pairs[i]!, delta) : shiftPair(root.pairs[i]!, delta);
  const newRoot = mapNode(root.start, root.end + delta, newPairs, false);
  markBuiltFast(newRoot);
  return workflowDocument(text, file, newRoot, buildWorkflow(newRoot, previous.workflow.steps), []);
}

/**
 * Whether `text` is known to parse without a syntax error, from `previous` (an earlier version
 * that did) and the edit between them, without building the new document: true exactly when
 * `reparseWorkflow` would succeed. The language server's fast pass asks this on each keystroke
 * of a large file; the document itself is built once, when the full pass needs it. Undefined
 * when only a parse can tell.
 */
export function editKeepsSyntaxClean(previous: WorkflowDocument, text: string): true | undefined {
  return parseEditedStep(previous, text) ? true : undefined;
}

/** What `parseEditedStep` gives for a text equal to the previous one. */
const UNCHANGED = 'unchanged';

/** The step holding the edit from `previous` to `text`, parsed alone; undefined when the edit is not inside one step (see the argument above). */
function parseEditedStep(previous: WorkflowDocument, text: string): EditedStep | typeof UNCHANGED | undefined {
  const root = previous.root;
  if (previous.syntaxDiagnostics.length > 0 || root?.kind !== 'map' || root.flow || !isBuiltFast(root)) return undefined;
  const steps = previous.workflow.stepsNode;
  if (!steps || steps.flow) return undefined;
  const stepsPairIndex = root.pairs.findIndex((pair) => pair.value === steps);
  if (stepsPairIndex === -1) return undefined;
  const oldText = previous.text;
  const items = steps.items;

  // The changed region: what lies between the longest common prefix and suffix.
  const prefix = commonPrefixLength(oldText, text);
  if (prefix === oldText.length && prefix === text.length) return UNCHANGED;
  const suffix = commonSuffixLength(oldText, text, Math.min(oldText.length, text.length) - prefix);
  const oldChangeEnd = oldText.length - suffix;
  const delta = text.length - oldText.length;

  // The step whose slice holds the change: the last one starting at or before it, or the next
  // one when the change falls between that step's `-` and its value.
  const column = steps.start - lineStartOf(oldText, steps.start);
  let k = lastItemStartingAtOrBefore(items, prefix);
  let dash = k + 1 < items.length ? dashOf(oldText, steps, k + 1, column) : -1;
  if (dash !== -1 && prefix >= dash + 2) k++;
  else dash = k >= 0 ? dashOf(oldText, steps, k, column) : -1;
  // The last step's slice would run into whatever follows the list; it is left to the full parse.
  if (dash === -1 || k + 1 >= items.length || prefix < dash + 2) return undefined;
  const nextDash = dashOf(oldText, steps, k + 1, column);
  if (nextDash === -1 || nextDash > items[k + 1]!.start || dash > items[k]!.start) return undefined;
  const sliceStart = dash - column;
  const sliceEnd = nextDash - column;
  // The line break ending the slice must be untouched, so the next step's line stays whole.
  if (oldChangeEnd > sliceEnd - 1) return undefined;
  // The step after the edited one must hold a collection (see the argument above).
  if (items[k + 1]!.kind === 'scalar') return undefined;

  const newSliceEnd = sliceEnd + delta;
  if (!isSelfContainedSlice(text, sliceStart, newSliceEnd, column)) return undefined;
  const sliceText = text.slice(sliceStart, newSliceEnd);
  const tokens = scanYaml(column > 0 ? sliceText + ' '.repeat(column) : sliceText);
  if (!tokens) return undefined;
  const parsed = buildYamlTreeFromTokens(tokens, WORKFLOW_WORDS)?.root;
  if (parsed?.kind !== 'seq' || parsed.flow || parsed.items.length !== 1 || parsed.start !== column) return undefined;
  const parsedStep = parsed.items[0]!;
  if (parsedStep.kind === 'scalar' || height(parsedStep, 0) > MAX_STEP_HEIGHT) return undefined;
  return { index: k, node: parsedStep, sliceStart, delta, root, steps, stepsPairIndex };
}

/** Characters compared at once while the texts agree; the engine compares such slices natively. */
const CHUNK = 2048;

function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let at = 0;
  while (at + CHUNK <= limit && a.slice(at, at + CHUNK) === b.slice(at, at + CHUNK)) at += CHUNK;
  while (at < limit && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at;
}

/** The length of the longest common suffix, at most `limit` (so it never overlaps the prefix). */
function commonSuffixLength(a: string, b: string, limit: number): number {
  let length = 0;
  while (length + CHUNK <= limit && a.slice(a.length - length - CHUNK, a.length - length) === b.slice(b.length - length - CHUNK, b.length - length)) length += CHUNK;
  while (length < limit && a.charCodeAt(a.length - 1 - length) === b.charCodeAt(b.length - 1 - length)) length++;
  return length;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Index of the last item whose range starts at or before `offset`, or -1. Items are in text order. */
function lastItemStartingAtOrBefore(items: readonly YNode[], offset: number): number {
  let low = 0;
  let high = items.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (items[mid]!.start <= offset) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

/**
 * The offset of item `index`'s `-` in the old text, or -1 when it is not where a plain block
 * list puts it: alone after `column` spaces on its line and followed by a space or line break.
 * Only blank space and comments lie between an item's range and the next item's `-`.
 */
function dashOf(text: string, steps: YSeq, index: number, column: number): number {
  let at = steps.start;
  if (index > 0) {
    at = steps.items[index - 1]!.end;
    for (;;) {
      const code = text.charCodeAt(at);
      if (code === SPACE || code === LINE_FEED) at++;
      else if (code === HASH) {
        at = text.indexOf('\n', at);
        if (at === -1) return -1;
      } else break;
    }
  }
  if (text.charCodeAt(at) !== DASH) return -1;
  const after = text.charCodeAt(at + 1);
  if (after !== SPACE && after !== LINE_FEED) return -1;
  const lineStart = at - column;
  if (lineStart < 0 || (lineStart > 0 && text.charCodeAt(lineStart - 1) !== LINE_FEED)) return -1;
  for (let i = lineStart; i < at; i++) if (text.charCodeAt(i) !== SPACE) return -1;
  return at;
}

/**
 * Whether the new slice keeps to itself: its first line is `c` spaces and a `-` followed by a
 * space or line break, every later line is blank or indented deeper than `c`, it ends with a line
 * break, and it holds no tab or carriage return (which the scanner treats by rules of their own).
 */
function isSelfContainedSlice(text: string, start: number, end: number, column: number): boolean {
  if (end <= start || text.charCodeAt(end - 1) !== LINE_FEED) return false;
  for (let i = start; i < start + column; i++) if (text.charCodeAt(i) !== SPACE) return false;
  if (text.charCodeAt(start + column) !== DASH) return false;
  const afterDash = text.charCodeAt(start + column + 1);
  if (afterDash !== SPACE && afterDash !== LINE_FEED) return false;
  let atLineStart = false;
  let indent = 0;
  for (let i = start + column + 1; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === TAB || code === CARRIAGE_RETURN) return false;
    if (code === LINE_FEED) {
      atLineStart = true;
      indent = 0;
    } else if (atLineStart) {
      if (code === SPACE) indent++;
      else {
        if (indent <= column) return false;
        atLineStart = false;
      }
    }
  }
  return true;
}

function height(node: YNode, depth: number): number {
  if (depth > MAX_STEP_HEIGHT) return depth;
  let deepest = depth;
  if (node.kind === 'map') {
    for (const pair of node.pairs) if (pair.value) deepest = Math.max(deepest, height(pair.value, depth + 1));
  } else if (node.kind === 'seq') {
    for (const item of node.items) deepest = Math.max(deepest, height(item, depth + 1));
  }
  return deepest;
}

/** A copy of `node` with every range moved by `by`; the node itself when `by` is zero. */
function shiftNode(node: YNode, by: number): YNode {
  if (by === 0) return node;
  return node.kind === 'scalar' ? shiftScalar(node, by) : shiftCollection(node, by);
}

function shiftPair(pair: YPair, by: number): YPair {
  if (by === 0) return pair;
  return shiftedPair(pair, by);
}

// The copies below handle scalar children in place rather than through a call per node: the
// copy runs over thousands of steps while the engine has not yet optimized it.

function shiftCollection(node: YMap | YSeq, by: number): YMap | YSeq {
  if (node.kind === 'map') {
    const { pairs } = node;
    const shifted = new Array<YPair>(pairs.length);
    for (let i = 0; i < pairs.length; i++) shifted[i] = shiftedPair(pairs[i]!, by);
    return mapNode(node.start + by, node.end + by, shifted, node.flow);
  }
  const { items } = node;
  const shifted = new Array<YNode>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    shifted[i] =
      item.kind === 'scalar'
        ? scalarNode(item.start + by, item.end + by, item.value, item.style)
        : shiftCollection(item, by);
  }
  return seqNode(node.start + by, node.end + by, shifted, node.flow);
}

function shiftedPair(pair: YPair, by: number): YPair {
  const { key, value } = pair;
  const shiftedKey = scalarNode(key.start + by, key.end + by, key.value, key.style);
  let shiftedValue: YNode | null = null;
  if (value !== null) {
    shiftedValue =
      value.kind === 'scalar'
        ? scalarNode(value.start + by, value.end + by, value.value, value.style)
        : shiftCollection(value, by);
  }
  return pairNodeSpanning(shiftedKey, shiftedValue, pair.start + by, pair.end + by);
}

function shiftScalar(node: YScalar, by: number): YScalar {
  return scalarNode(node.start + by, node.end + by, node.value, node.style);
}

/** A node's or pair's span, which only a move in place writes to. */
interface MovableSpan {
  start: number;
  end: number;
}

/** `node` itself, every range in it moved by `by`. Fast-path trees share no node between two places, so each moves once. */
function moveInPlace(node: YNode, by: number): YNode {
  if (by === 0) return node;
  const span = node as MovableSpan;
  span.start += by;
  span.end += by;
  if (node.kind === 'map') {
    for (const pair of node.pairs) movePairInPlace(pair, by);
  } else if (node.kind === 'seq') {
    for (const item of node.items) moveInPlace(item, by);
  }
  return node;
}

function movePairInPlace(pair: YPair, by: number): YPair {
  if (by === 0) return pair;
  const span = pair as MovableSpan;
  span.start += by;
  span.end += by;
  moveInPlace(pair.key, by);
  if (pair.value !== null) moveInPlace(pair.value, by);
  return pair;
}
