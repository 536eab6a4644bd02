// Workspace symbols: the workflows and their steps and inputs across every workflow file the
// server knows (open documents and files on disk), matched by a forgiving subsequence query.

import { SymbolKind, type SymbolInformation } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseWorkflow } from '../../../runtime/src/language/parse-workflow.ts';
import { STEP_SYMBOL_KIND } from './document-symbols.ts';
import { describeStep } from './template-completion.ts';
import { toLspRange } from './text-positions.ts';
import { fileOfUri } from './workflow-uri.ts';
import { spanOf } from '../../../runtime/src/language/source-range.ts';

export interface WorkspaceWorkflow {
  uri: string;
  text: string;
}

interface IndexedFile {
  text: string;
  symbols: SymbolInformation[];
}

function symbolsOf(index: Map<string, IndexedFile>, workflow: WorkspaceWorkflow): SymbolInformation[] {
  const cached = index.get(workflow.uri);
  if (cached && cached.text === workflow.text) return cached.symbols;
  const document = TextDocument.create(workflow.uri, 'yaml', 0, workflow.text);
  const parsed = parseWorkflow(workflow.text, fileOfUri(workflow.uri)).workflow;
  const container = parsed.name ?? fileOfUri(workflow.uri).split(/[\\/]/).pop() ?? workflow.uri;
  const symbols: SymbolInformation[] = [];
  if (parsed.nameNode) symbols.push({ name: container, kind: SymbolKind.File, location: { uri: workflow.uri, range: toLspRange(document, spanOf(parsed.nameNode)) } });
  for (const step of parsed.steps) {
    if (step.slug === undefined) continue;
    symbols.push({
      name: step.slug,
      kind: STEP_SYMBOL_KIND[step.type ?? ''] ?? SymbolKind.Object,
      containerName: `${container} · ${describeStep(step)}`,
      location: { uri: workflow.uri, range: toLspRange(document, spanOf(step.slugNode ?? step.node)) },
    });
  }
  for (const input of parsed.inputs) {
    symbols.push({ name: input.name, kind: SymbolKind.Variable, containerName: `${container} · input`, location: { uri: workflow.uri, range: toLspRange(document, spanOf(input.keyNode)) } });
  }
  index.set(workflow.uri, { text: workflow.text, symbols });
  return symbols;
}

/** Case-insensitive subsequence match: `sndeml` finds `send_email`. */
export function matchesQuery(name: string, query: string): boolean {
  if (query === '') return true;
  const lower = name.toLowerCase();
  let position = 0;
  for (const ch of query.toLowerCase()) {
    position = lower.indexOf(ch, position);
    if (position < 0) return false;
    position++;
  }
  return true;
}

/** Symbols per file, recomputed only when a file's text changes. */
export class WorkspaceSymbolIndex {
  private readonly files = new Map<string, IndexedFile>();

  search(query: string, workflows: Iterable<WorkspaceWorkflow>): SymbolInformation[] {
    const result: SymbolInformation[] = [];
    const seen = new Set<string>();
    for (const workflow of workflows) {
      seen.add(workflow.uri);
      for (const symbol of symbolsOf(this.files, workflow)) if (matchesQuery(symbol.name, query)) result.push(symbol);
    }
    for (const uri of [...this.files.keys()]) if (!seen.has(uri)) this.files.delete(uri);
    return result;
  }
}
