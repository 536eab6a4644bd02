// The language service: every editor feature of Stepline as a function of an in-memory document,
// with no transport. The server wires these to LSP requests; tests call them directly on
// `TextDocument.create(...)`. One parse and one analysis per document version are shared by all.

import type {
  CodeAction,
  CodeActionContext,
  CompletionContext,
  CompletionList,
  Definition,
  Diagnostic,
  DocumentLink,
  DocumentSymbol,
  Hover,
  Location,
  Position,
  Range,
  SemanticTokens,
  SymbolInformation,
  WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ObservedOutputs } from '../../../runtime/src/analysis/analysis-context.ts';
import { ActionCatalog } from '../../../runtime/src/catalog/action-catalog.ts';
import type { ActionDefinition } from '../../../runtime/src/catalog/action-definition.ts';
import { getCodeActions } from './code-actions.ts';
import { getCompletions } from './completion.ts';
import { getDefinition } from './definition.ts';
import { getDiagnostics } from './diagnostics.ts';
import { DocumentCache } from './document-cache.ts';
import { getDocumentLinks } from './document-links.ts';
import { getDocumentSymbols } from './document-symbols.ts';
import { getHover } from './hover.ts';
import { getReferences } from './references.ts';
import { prepareRename, rename, type PrepareRenameResult } from './rename.ts';
import { getSemanticTokens } from './semantic-tokens.ts';
import type { ServiceEnvironment } from './service-environment.ts';
import { WorkspaceSymbolIndex, type WorkspaceWorkflow } from './workspace-symbols.ts';

export interface LanguageServiceOptions {
  /** The built-in catalog when omitted; a function is read at every analysis. */
  catalog?: ActionCatalog | (() => ActionCatalog);
  /** Outputs of the last recorded run of a workflow file, by step slug. */
  lastRun?: (file: string) => ObservedOutputs | undefined;
  /** Workspace actions (metadata only), added to the catalog. */
  workspaceActions?: () => readonly ActionDefinition[];
}

export interface LanguageService {
  diagnostics(document: TextDocument): Diagnostic[];
  completion(document: TextDocument, position: Position, context?: CompletionContext): CompletionList;
  hover(document: TextDocument, position: Position): Hover | null;
  definition(document: TextDocument, position: Position): Definition | null;
  references(document: TextDocument, position: Position, includeDeclaration: boolean): Location[];
  prepareRename(document: TextDocument, position: Position): PrepareRenameResult;
  rename(document: TextDocument, position: Position, newName: string): WorkspaceEdit;
  documentSymbols(document: TextDocument): DocumentSymbol[];
  workspaceSymbols(query: string, workflows: Iterable<WorkspaceWorkflow>): SymbolInformation[];
  documentLinks(document: TextDocument): DocumentLink[];
  codeActions(document: TextDocument, range: Range, context: CodeActionContext): CodeAction[];
  semanticTokens(document: TextDocument): SemanticTokens;
  /** Marks every cached analysis stale after the catalog or last-run facts change (parses are kept). */
  invalidate(): void;
  /** Forgets a closed document. */
  forget(uri: string): void;
  /** The shared cache and inputs, for the server (parsing on edits) and for tests. */
  readonly environment: ServiceEnvironment;
}

export function createLanguageService(options: LanguageServiceOptions = {}): LanguageService {
  let generation = 0;
  let cachedCatalog: { generation: number; catalog: ActionCatalog } | undefined;
  const baseCatalog = (): ActionCatalog => {
    const option = options.catalog;
    return typeof option === 'function' ? option() : option ?? ActionCatalog.builtin();
  };
  const catalog = (): ActionCatalog => {
    if (!cachedCatalog || cachedCatalog.generation !== generation) {
      const extra = options.workspaceActions?.() ?? [];
      cachedCatalog = { generation, catalog: extra.length > 0 ? baseCatalog().withActions(extra) : baseCatalog() };
    }
    return cachedCatalog.catalog;
  };
  const observedOutputs = (file: string) => options.lastRun?.(file);
  const cache = new DocumentCache({ catalog, observedOutputs });
  const environment: ServiceEnvironment = { cache, catalog, observedOutputs, generation: () => generation };
  const symbolIndex = new WorkspaceSymbolIndex();

  return {
    environment,
    diagnostics: (document) => getDiagnostics(environment, document),
    completion: (document, position, context) => getCompletions(environment, document, position, context),
    hover: (document, position) => getHover(environment, document, position),
    definition: (document, position) => getDefinition(environment, document, position),
    references: (document, position, includeDeclaration) => getReferences(environment, document, position, includeDeclaration),
    prepareRename: (document, position) => prepareRename(environment, document, position),
    rename: (document, position, newName) => rename(environment, document, position, newName),
    documentSymbols: (document) => getDocumentSymbols(environment, document),
    workspaceSymbols: (query, workflows) => symbolIndex.search(query, workflows),
    documentLinks: (document) => getDocumentLinks(environment, document),
    codeActions: (document, range, context) => getCodeActions(environment, document, range, context),
    semanticTokens: (document) => getSemanticTokens(environment, document),
    invalidate: () => {
      generation++;
    },
    forget: (uri) => cache.forget(uri),
  };
}
