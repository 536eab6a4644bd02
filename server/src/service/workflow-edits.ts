// Text edits that change a workflow's structure while keeping the author's layout: append a step
// to `steps`, add a port to a step's `nextSteps`, declare a secret, insert a comment line. Each
// works on block YAML and on JSON (flow style), indenting like the surrounding text.

import type { TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Step, WorkflowDocument } from '../../../runtime/src/language/workflow-model.ts';
import { getPair, type YNode } from '../../../runtime/src/language/yaml-tree.ts';
import { renderJsonSnippet, renderYamlSnippet, type SnippetValue } from './step-snippets.ts';
import { lineBoundsAt } from './text-positions.ts';
import { parseLine } from './yaml-cursor.ts';
import { plainOrQuoted } from './yaml-completion.ts';

function insertAt(document: TextDocument, offset: number, newText: string): TextEdit {
  const position = document.positionAt(offset);
  return { range: { start: position, end: position }, newText };
}

function lineIndent(text: string, offset: number): number {
  const { start } = lineBoundsAt(text, offset);
  let column = start;
  while (text[column] === ' ') column++;
  return column - start;
}

/** The offset at the end of the last line a node's text occupies. */
function endOfNodeLine(text: string, node: YNode): number {
  let end = node.end;
  // A block node's range may end at the start of the next line; step back onto its last character.
  while (end > node.start && /[\r\n]/.test(text[end - 1]!)) end--;
  return lineBoundsAt(text, end).end;
}

/** A step body as block YAML; edits are plain text, so nothing is escaped as in snippets. */
function yamlBlock(body: Record<string, SnippetValue>, column: number): string {
  return renderYamlSnippet(quoteValues(body), column);
}

function quoteValues(value: Record<string, SnippetValue>): Record<string, SnippetValue> {
  const result: Record<string, SnippetValue> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string') result[key] = item.startsWith('<<') ? item : plainOrQuoted(item);
    else if (Array.isArray(item)) result[key] = item;
    else if (typeof item === 'object') result[key] = quoteValues(item as Record<string, SnippetValue>);
    else result[key] = item;
  }
  return result;
}

/** Appends a step (given as plain data) after the last step. */
export function appendStep(document: TextDocument, parsed: WorkflowDocument, body: Record<string, SnippetValue>): TextEdit | undefined {
  const steps = parsed.workflow.stepsNode;
  const { text } = parsed;
  if (!steps) return undefined;
  const last = steps.items[steps.items.length - 1];
  if (parsed.format === 'json' || steps.flow) {
    if (!last) return undefined;
    const indent = ' '.repeat(lineIndent(text, last.start));
    return insertAt(document, last.end, `,\n${indent}${renderJsonSnippet(body)}`);
  }
  if (!last) return undefined;
  const dash = parseLine(text.slice(lineBoundsAt(text, last.start).start, last.start)).dashes;
  const dashColumn = dash.length > 0 ? dash[dash.length - 1]! : Math.max(0, lineIndent(text, last.start) - 2);
  const content = dashColumn + 2;
  return insertAt(document, endOfNodeLine(text, last), `\n\n${' '.repeat(dashColumn)}- ${yamlBlock(body, content)}`);
}

/** Inserts a step before the first one (a trigger belongs first). */
export function prependStep(document: TextDocument, parsed: WorkflowDocument, body: Record<string, SnippetValue>): TextEdit | undefined {
  const steps = parsed.workflow.stepsNode;
  const first = steps?.items[0];
  const { text } = parsed;
  if (!steps || !first) return undefined;
  if (parsed.format === 'json' || steps.flow) {
    const indent = ' '.repeat(lineIndent(text, first.start));
    return insertAt(document, first.start, `${renderJsonSnippet(body)},\n${indent}`);
  }
  const lineStart = lineBoundsAt(text, first.start).start;
  const dash = parseLine(text.slice(lineStart, first.start)).dashes;
  const dashColumn = dash.length > 0 ? dash[dash.length - 1]! : 0;
  return insertAt(document, lineStart, `${' '.repeat(dashColumn)}- ${yamlBlock(body, dashColumn + 2)}\n\n`);
}

/** Adds `port: target` to a step's `nextSteps`, creating the map when the step has none. */
export function addPort(document: TextDocument, parsed: WorkflowDocument, step: Step, port: string, target: string): TextEdit | undefined {
  const { text } = parsed;
  const json = parsed.format === 'json';
  const map = step.nextStepsNode;
  if (map && map.pairs.length > 0) {
    const last = map.pairs[map.pairs.length - 1]!;
    if (json || map.flow) return insertAt(document, last.end, json ? `, "${port}": "${target}"` : `, ${port}: ${target}`);
    const column = lineIndent(text, last.key.start);
    return insertAt(document, endOfNodeLine(text, last.value ?? last.key), `\n${' '.repeat(column)}${port}: ${target}`);
  }
  if (step.node.kind !== 'map' || step.node.pairs.length === 0) return undefined;
  const pair = getPair(step.node, 'nextSteps');
  if (pair && map && map.flow) {
    // `nextSteps: {}`
    return insertAt(document, map.start + 1, json ? ` "${port}": "${target}" ` : ` ${port}: ${target} `);
  }
  const lastPair = step.node.pairs[step.node.pairs.length - 1]!;
  if (json || step.node.flow) return insertAt(document, lastPair.end, json ? `, "nextSteps": { "${port}": "${target}" }` : `, nextSteps: { ${port}: ${target} }`);
  // The column of the step's keys: its first key sits right after the `- `.
  const firstKey = step.node.pairs[0]!.key;
  const column = firstKey.start - lineBoundsAt(text, firstKey.start).start;
  if (pair) return insertAt(document, endOfNodeLine(text, pair.key), `\n${' '.repeat(column + 2)}${port}: ${target}`);
  return insertAt(document, endOfNodeLine(text, lastPair.value ?? lastPair.key), `\n${' '.repeat(column)}nextSteps:\n${' '.repeat(column + 2)}${port}: ${target}`);
}

const ROOT_ORDER_AFTER_SECRETS = ['vars', 'settings', 'output', 'steps'];

/** Declares a secret name under `secrets:`, creating the list where the spec's key order puts it. */
export function declareSecret(document: TextDocument, parsed: WorkflowDocument, name: string): TextEdit | undefined {
  const { text, workflow, root } = parsed;
  const json = parsed.format === 'json';
  const quoted = json ? JSON.stringify(name) : name;
  const list = workflow.secretsNode;
  if (list) {
    const last = list.items[list.items.length - 1];
    if (json || list.flow) {
      if (!last) return insertAt(document, list.start + 1, quoted);
      return insertAt(document, last.end, `, ${quoted}`);
    }
    if (!last) return undefined;
    const dash = parseLine(text.slice(lineBoundsAt(text, last.start).start, last.start)).dashes;
    const column = dash.length > 0 ? dash[dash.length - 1]! : 2;
    return insertAt(document, endOfNodeLine(text, last), `\n${' '.repeat(column)}- ${name}`);
  }
  if (root?.kind !== 'map' || root.pairs.length === 0) return undefined;
  const before = ROOT_ORDER_AFTER_SECRETS.map((key) => getPair(root, key)).find((pair) => pair !== undefined) ?? root.pairs[root.pairs.length - 1]!;
  const keyStart = before.key.start;
  if (json || root.flow) {
    // The key's range starts after its opening quote in some parsers; insert before the quote.
    const at = text[keyStart] === '"' ? keyStart : keyStart - (text[keyStart - 1] === '"' ? 1 : 0);
    return insertAt(document, at, `"secrets": [${quoted}],\n${' '.repeat(lineIndent(text, at))}`);
  }
  const lineStart = lineBoundsAt(text, keyStart).start;
  return insertAt(document, lineStart, `secrets: [${name}]\n\n`);
}

/** Inserts a comment line above the line holding `offset`, indented like it. */
export function commentAbove(document: TextDocument, text: string, offset: number, comment: string): TextEdit {
  const { start } = lineBoundsAt(text, offset);
  return insertAt(document, start, `${' '.repeat(lineIndent(text, offset))}# ${comment}\n`);
}
