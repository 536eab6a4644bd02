// Completion: decides whether the cursor is inside a template (or a condition expression) or in
// the YAML structure, and asks the matching completer. Reads the cursor's place from the text so
// it works on half-typed input, and the steps from the current parse or, when the current text is
// too broken to hold them, from the last version that parsed cleanly.

import type { CompletionContext, CompletionItem, CompletionList, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentState } from './document-cache.ts';
import type { ServiceEnvironment } from './service-environment.ts';
import { locateSite } from './site-locator.ts';
import { enclosingTemplateStart, templateCursorAt } from './template-cursor.ts';
import { completeTemplate } from './template-completion.ts';
import { treeLocationAt } from './tree-path.ts';
import { completeYaml, dataAtDepth } from './yaml-completion.ts';
import { yamlCursorAt, type PathSegment, type YamlCursor } from './yaml-cursor.ts';
import { isJsonUri } from './workflow-uri.ts';

export function getCompletions(environment: ServiceEnvironment, document: TextDocument, position: Position, context?: CompletionContext): CompletionList {
  const items = completionItems(environment, document, position, context?.triggerCharacter);
  return { isIncomplete: false, items };
}

function completionItems(environment: ServiceEnvironment, document: TextDocument, position: Position, trigger: string | undefined): CompletionItem[] {
  const text = document.getText();
  const offset = document.offsetAt(position);
  const json = isJsonUri(document.uri);
  const cursor = yamlCursorAt(text, offset, { json });
  const templateStart = enclosingTemplateStart(text, offset);
  // Typing inside a template changes nothing the completion reads from the parse (the steps and
  // their scopes), so the newest parse serves until the next analysis, without a parse per keystroke.
  const unchanged = templateStart !== undefined && cursor ? environment.cache.parsedExceptExpression(document.uri, text, templateStart, offset) : undefined;
  const state = unchanged ?? environment.cache.get(document);
  const lastGood = environment.cache.lastGood(document.uri);
  const states: DocumentState[] = lastGood && lastGood !== state ? [state, lastGood] : [state];

  const site = cursor ? siteFromCursor(cursor, states) : siteFromTree(state, offset);
  // A space typed in prose must not pop up suggestions: only after `key: `, `- ` or in an expression.
  const inExpression = templateStart !== undefined || site?.isCondition === true;
  if (trigger === ' ' && !inExpression && !/(?:^|\s)-\s$|:\s$/.test(text.slice(Math.max(0, offset - 3), offset))) return [];
  if (site) {
    if (site.isCondition && cursor && cursor.kind === 'value') {
      const start = cursor.blockScalar ? lineContentStart(text, offset) : offset - cursor.prefix.length;
      return completeTemplate({ document, cursor: templateCursorAt(text, start, offset, true), location: site, environment });
    }
    if (templateStart !== undefined) return completeTemplate({ document, cursor: templateCursorAt(text, templateStart, offset), location: site, environment });
  }
  if (templateStart !== undefined || !cursor || cursor.blockScalar) return [];
  return completeYaml({ document, cursor, json, states, environment });
}

function fullPathOf(cursor: YamlCursor): PathSegment[] {
  if (cursor.kind === 'value') return [...cursor.path, cursor.key ?? ''];
  if (cursor.kind === 'item') return [...cursor.path, cursor.index ?? 0];
  return cursor.path;
}

function siteFromCursor(cursor: YamlCursor, states: DocumentState[]) {
  if (cursor.kind === 'key') return undefined;
  const fullPath = fullPathOf(cursor);
  const stepKeys = fullPath[0] === 'steps' ? dataAtDepth(cursor, states, 2) : {};
  return locateSite(fullPath, stepKeys, states);
}

function siteFromTree(state: DocumentState, offset: number) {
  const location = treeLocationAt(state.document.root, offset);
  if (!location || location.onKey) return undefined;
  const stepMap = location.containers[2];
  const keys: Record<string, string> = {};
  if (stepMap?.kind === 'map') for (const pair of stepMap.pairs) if (pair.value?.kind === 'scalar' && pair.value.value !== null) keys[String(pair.key.value)] = String(pair.value.value);
  return locateSite(location.path, keys, [state]);
}

function lineContentStart(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  while (start < offset && (text[start] === ' ' || text[start] === '\t')) start++;
  return start;
}
