// The outline of a workflow: its inputs, secrets, vars and output, then every step named by its
// slug, with a symbol kind per step type, its type and name as detail, and its wired ports as
// children (`success → send_email`).

import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Step } from '../../../runtime/src/language/workflow-model.ts';
import { getPair, type YPair } from '../../../runtime/src/language/yaml-tree.ts';
import type { ServiceEnvironment } from './service-environment.ts';
import { describeStep } from './template-completion.ts';
import { toLspRange } from './text-positions.ts';
import { spanOf, type SourceRange } from '../../../runtime/src/language/source-range.ts';

/** A symbol kind per step type, so editors show distinct icons. */
export const STEP_SYMBOL_KIND: Record<string, SymbolKind> = {
  trigger: SymbolKind.Event,
  action: SymbolKind.Function,
  llm: SymbolKind.Method,
  condition: SymbolKind.Boolean,
  loop: SymbolKind.Array,
  parallel: SymbolKind.Struct,
  approval: SymbolKind.Interface,
  workflow: SymbolKind.Module,
};

export function getDocumentSymbols(environment: ServiceEnvironment, document: TextDocument): DocumentSymbol[] {
  const state = environment.cache.get(document);
  const { workflow, root } = state.document;
  const symbols: DocumentSymbol[] = [];
  const section = (key: string, kind: SymbolKind, children: DocumentSymbol[], detail?: string) => {
    const pair = getPair(root, key);
    if (!pair) return;
    symbols.push({ name: key, kind, range: toLspRange(document, spanOf(pair)), selectionRange: toLspRange(document, spanOf(pair.key)), children, ...(detail ? { detail } : {}) });
  };
  const leaf = (name: string, kind: SymbolKind, node: SourceRange, selection: SourceRange, detail?: string): DocumentSymbol => ({
    name: name === '' ? '(empty)' : name,
    kind,
    range: toLspRange(document, spanOf(node)),
    selectionRange: toLspRange(document, spanOf(selection)),
    ...(detail ? { detail } : {}),
  });
  const pairLeaf = (pair: YPair, kind: SymbolKind, detail?: string) => leaf(String(pair.key.value), kind, pair, pair.key, detail);

  section('inputs', SymbolKind.Namespace, workflow.inputsNode?.pairs.map((pair) => pairLeaf(pair, SymbolKind.Variable, workflow.inputs.find((input) => input.name === String(pair.key.value))?.type)) ?? []);
  section('secrets', SymbolKind.Namespace, workflow.secrets.map((secret) => leaf(secret.name, SymbolKind.Constant, secret.node, secret.node)));
  section('vars', SymbolKind.Namespace, workflow.varsNode?.pairs.map((pair) => pairLeaf(pair, SymbolKind.Variable)) ?? []);
  section('output', SymbolKind.Object, workflow.outputNode?.kind === 'map' ? workflow.outputNode.pairs.map((pair) => pairLeaf(pair, SymbolKind.Field)) : []);
  section('steps', SymbolKind.Namespace, workflow.steps.map((step) => stepSymbol(document, step)), `${workflow.steps.length} steps`);
  return symbols;
}

function stepSymbol(document: TextDocument, step: Step): DocumentSymbol {
  const selection = step.slugNode ?? (step.node.kind === 'map' ? step.node.pairs[0]?.key : undefined) ?? step.node;
  const children: DocumentSymbol[] = step.nextSteps.map((edge) => ({
    name: `${edge.port} → ${edge.target ?? '?'}`,
    kind: SymbolKind.Event,
    range: toLspRange(document, { start: edge.portNode.start, end: edge.targetNode?.end ?? edge.portNode.end }),
    selectionRange: toLspRange(document, spanOf(edge.portNode)),
  }));
  return {
    name: step.slug ?? `step ${step.index + 1}`,
    detail: describeStep(step),
    kind: STEP_SYMBOL_KIND[step.type ?? ''] ?? SymbolKind.Object,
    range: toLspRange(document, spanOf(step.node)),
    selectionRange: toLspRange(document, spanOf(selection)),
    children,
  };
}
