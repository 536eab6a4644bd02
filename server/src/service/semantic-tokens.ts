// Semantic tokens for the parts of templates — roots, step slugs, properties, functions,
// operators, strings, numbers — and for step slugs in the YAML (declarations, `nextSteps`
// targets, `branches`), so any editor can colour them with its standard token types.

import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { scopeFor } from '../../../runtime/src/analysis/reference-scope.ts';
import { EXPRESSION_ROOTS, FUNCTIONS, tokenize, type Token } from '../../../runtime/src/expr/index.ts';
import { RESERVED_TARGETS } from '../../../runtime/src/language/step-types.ts';
import type { YNode } from '../../../runtime/src/language/yaml-tree.ts';
import { getPair } from '../../../runtime/src/language/yaml-tree.ts';
import type { ServiceEnvironment } from './service-environment.ts';
import { scalarContentRange } from './tree-path.ts';

export const TOKEN_TYPES = ['variable', 'class', 'property', 'function', 'operator', 'string', 'number', 'keyword', 'parameter', 'macro'] as const;
export const TOKEN_MODIFIERS = ['readonly', 'defaultLibrary', 'declaration'] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

/** One classified piece of text, by offsets; tests read these before encoding. */
export interface ClassifiedToken {
  start: number;
  end: number;
  type: TokenType;
  modifiers: TokenModifier[];
}

const OPERATORS = new Set(['!', '+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', '&&', '||', '?', ':']);
const WORD_OPERATORS = new Set(['contains', 'includes', 'in']);
const KEYWORDS = new Set(['true', 'false', 'null']);

export function classifyTokens(environment: ServiceEnvironment, document: TextDocument): ClassifiedToken[] {
  const state = environment.cache.get(document);
  const { text, workflow } = state.document;
  const structure = state.structure();
  const result: ClassifiedToken[] = [];
  const push = (range: { start: number; end: number }, type: TokenType, modifiers: TokenModifier[] = []) => {
    if (range.end > range.start) result.push({ start: range.start, end: range.end, type, modifiers });
  };

  for (const site of structure.sites) {
    if (!site.exact) continue;
    const aliases = scopeFor(site.context, structure.graph, structure.order).aliases;
    for (const template of site.templates) {
      if (!site.isCondition) {
        push({ start: template.range.start, end: template.range.start + 2 }, 'macro');
        if (text.slice(template.range.end - 2, template.range.end) === '>>' && template.range.end - 2 >= template.innerRange.end) push({ start: template.range.end - 2, end: template.range.end }, 'macro');
      }
      const source = text.slice(template.innerRange.start, template.innerRange.end);
      const { tokens } = tokenize(source, template.innerRange.start, { templateBrackets: site.isCondition });
      classifyExpression(tokens, aliases, push);
    }
  }

  const slugNode = (node: YNode | null | undefined, declaration: boolean) => {
    if (node?.kind === 'scalar' && typeof node.value === 'string' && !(RESERVED_TARGETS as readonly string[]).includes(node.value) && !node.value.includes('<<')) {
      push(scalarContentRange(node), 'class', declaration ? ['declaration'] : []);
    }
  };
  for (const step of workflow.steps) {
    slugNode(step.slugNode, true);
    for (const edge of step.nextSteps) slugNode(edge.targetNode, false);
    if (step.type === 'parallel') {
      const branches = getPair(step.config, 'branches')?.value;
      if (branches?.kind === 'seq') for (const item of branches.items) slugNode(item, false);
    }
  }
  return result.sort((a, b) => a.start - b.start);
}

function classifyExpression(tokens: readonly Token[], aliases: ReadonlyMap<string, unknown>, push: (range: { start: number; end: number }, type: TokenType, modifiers?: TokenModifier[]) => void): void {
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    const previous = tokens[index - 1];
    const next = tokens[index + 1];
    switch (token.kind) {
      case 'number':
        push(token.range, 'number');
        break;
      case 'string':
        push(token.range, 'string');
        break;
      case 'open-template':
      case 'close-template':
        push(token.range, 'macro');
        break;
      case 'operator':
        if (OPERATORS.has(token.text)) push(token.range, 'operator');
        break;
      case 'name': {
        const afterDot = previous?.kind === 'operator' && previous.text === '.';
        if (afterDot) {
          // `steps.<slug>`: the name right after a `steps` root is a step slug.
          const owner = tokens[index - 2];
          const ownerIsRoot = owner?.kind === 'name' && owner.text === 'steps' && !(tokens[index - 3]?.kind === 'operator' && tokens[index - 3]?.text === '.');
          push(token.range, ownerIsRoot ? 'class' : 'property');
        } else if (next?.kind === 'operator' && next.text === '(') {
          push(token.range, 'function', Object.hasOwn(FUNCTIONS, token.text) ? ['defaultLibrary'] : []);
        } else if (KEYWORDS.has(token.text)) {
          push(token.range, 'keyword');
        } else if (WORD_OPERATORS.has(token.text) && previous !== undefined) {
          push(token.range, 'operator');
        } else if (Object.hasOwn(EXPRESSION_ROOTS, token.text)) {
          push(token.range, 'variable', ['readonly', 'defaultLibrary']);
        } else if (aliases.has(token.text)) {
          push(token.range, 'parameter', ['readonly']);
        } else {
          push(token.range, 'variable');
        }
        break;
      }
      default:
        break;
    }
  }
}

/** Encodes classified tokens as LSP relative quintuples, splitting tokens that span lines. */
export function encodeTokens(document: TextDocument, tokens: readonly ClassifiedToken[]): number[] {
  const data: number[] = [];
  let lastLine = 0;
  let lastCharacter = 0;
  let lastEnd = -1;
  for (const token of tokens) {
    if (token.start < lastEnd) continue;
    lastEnd = token.end;
    const type = TOKEN_TYPES.indexOf(token.type);
    let modifiers = 0;
    for (const modifier of token.modifiers) modifiers |= 1 << TOKEN_MODIFIERS.indexOf(modifier);
    const start = document.positionAt(token.start);
    const end = document.positionAt(token.end);
    for (let line = start.line; line <= end.line; line++) {
      const from = line === start.line ? start.character : 0;
      const to = line === end.line ? end.character : lineLength(document, line);
      const length = to - from;
      if (length <= 0) continue;
      data.push(line - lastLine, line === lastLine ? from - lastCharacter : from, length, type, modifiers);
      lastLine = line;
      lastCharacter = from;
    }
  }
  return data;
}

function lineLength(document: TextDocument, line: number): number {
  return document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$|\r$/, '').length;
}

export function getSemanticTokens(environment: ServiceEnvironment, document: TextDocument): SemanticTokens {
  return { data: encodeTokens(document, classifyTokens(environment, document)) };
}
