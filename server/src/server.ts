// Wiring only: connects a vscode-languageserver Connection to the language service. Documents are
// synced incrementally; diagnostics go through the scheduler (fast pass while typing, full pass
// when typing pauses, stale versions dropped); every request handler translates and delegates,
// and a failing feature is logged and answered empty instead of taking the server down.

import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { join, resolve, sep } from 'node:path';
import { DiagnosticsScheduler } from './diagnostics-scheduler.ts';
import { warmUpAnalyzer } from './warm-up.ts';
import { DocumentStore } from './document-store.ts';
import { LastRunChangedNotification, WorkflowGraphRequest, WorkspaceTrustChangedNotification, type SteplineInitializationOptions, type WorkflowGraph } from './protocol.ts';
import type { ActionDefinition } from '../../runtime/src/catalog/action-definition.ts';
import { dependencyUris } from './service/document-links.ts';
import { createLanguageService, type LanguageService } from './service/language-service.ts';
import { RenameRefusedError } from './service/rename.ts';
import { SEMANTIC_TOKENS_LEGEND } from './service/semantic-tokens.ts';
import { fileOfUri, isWorkflowUri, uriOfFile } from './service/workflow-uri.ts';
import { LastRuns, storeRunReader, type RunReader } from './workspace/last-runs.ts';
import { loadWorkspaceActionDefinitions } from './workspace/workspace-actions.ts';
import { findWorkflowFiles, readTexts } from './workspace/workflow-files.ts';

export interface ServerOptions {
  /** Overrides how runs are read (tests); by default from the store in the workspace. */
  runReader?: RunReader;
  /** Longest pause before the full analysis of a large document. */
  maxDiagnosticsDelayMs?: number;
}

export interface ServerHandle {
  readonly service: LanguageService;
  readonly documents: DocumentStore;
  /** Settles when the workspace actions asked for so far have been loaded (and applied, if they changed). */
  actionsLoaded(): Promise<void>;
}

export function startServer(connection: Connection, options: ServerOptions = {}): ServerHandle {
  const documents = new DocumentStore();
  const lastRuns = new LastRuns();
  let workspaceActions: readonly ActionDefinition[] = [];
  let settings: SteplineInitializationOptions = {};
  let workspaceRoot: string | undefined;
  let runReader: RunReader | undefined = options.runReader;
  let watchDynamically = false;
  let diskWorkflows: Map<string, string> | undefined;

  const service = createLanguageService({ lastRun: (file) => lastRuns.get(file), workspaceActions: () => workspaceActions });
  const logError = (message: string) => connection.console.error(message);
  const scheduler = new DiagnosticsScheduler(
    service,
    {
      publish: (uri, version, diagnostics) => void connection.sendDiagnostics({ uri, version, diagnostics }),
      current: (uri) => documents.get(uri),
      logError,
    },
    { ...(options.maxDiagnosticsDelayMs !== undefined ? { maxDelayMs: options.maxDiagnosticsDelayMs } : {}) },
  );

  const actionsDir = () => (workspaceRoot ? resolve(workspaceRoot, settings.actionsFolder ?? 'actions') : undefined);
  const loadActions = async () => {
    const dir = actionsDir();
    if (!dir) return;
    const result = await loadWorkspaceActionDefinitions(dir, settings.workspaceTrusted === true);
    for (const error of result.errors) logError(`Workspace action ${error.file}: ${error.message}`);
    // The usual case, at start-up and after a file event that changed nothing the server reads:
    // the same definitions as before, and nothing to analyze again.
    if (JSON.stringify(result.actions) === JSON.stringify(workspaceActions)) return;
    workspaceActions = result.actions;
    service.invalidate();
    scheduler.revalidate(documents.all().map((document) => document.uri));
  };
  // Reloads run one after another, so an earlier, slower one never overwrites a later one's result.
  let actionsLoaded: Promise<void> = Promise.resolve();
  const reloadActions = (): Promise<void> =>
    (actionsLoaded = actionsLoaded.then(loadActions).catch((error: unknown) => logError(`Workspace actions could not be loaded: ${String(error)}`)));
  const refreshLastRun = async (document: TextDocument) => {
    if (!runReader) return;
    const outputs = await runReader(fileOfUri(document.uri));
    if (outputs && lastRuns.set(fileOfUri(document.uri), outputs)) {
      service.invalidate();
      scheduler.validateNow(document.uri);
    }
  };

  documents.listen(connection, {
    opened: (document) => {
      scheduler.validateNow(document.uri);
      void refreshLastRun(document);
    },
    changed: (uri, changes) => {
      // No work per change: a burst of edits must not parse every intermediate version. The
      // scheduler's passes (and any completion request) parse the version they need, once.
      scheduler.changed(uri, changes);
    },
    closed: (uri) => {
      scheduler.closed(uri);
      service.forget(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    },
  });

  const guard = <T>(work: () => T, fallback: T): T => {
    try {
      return work();
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      logError(`Stepline language service error: ${error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error)}`);
      return fallback;
    }
  };
  const withDocument = <T>(uri: string, fallback: T, work: (document: TextDocument) => T): T => {
    const document = documents.get(uri);
    return document ? guard(() => work(document), fallback) : fallback;
  };
  const answered = <T>(uri: string, answer: T): T => {
    scheduler.answered(uri);
    return answer;
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    settings = (params.initializationOptions as SteplineInitializationOptions | undefined) ?? {};
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    workspaceRoot = folder ? fileOfUri(folder) : params.rootPath ?? undefined;
    if (!runReader && workspaceRoot && settings.readRunsFromStore !== false) {
      runReader = storeRunReader(settings.storeDir ? resolve(workspaceRoot, settings.storeDir) : join(workspaceRoot, '.stepline'), workspaceRoot, logError);
    }
    watchDynamically = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    // Before answering, while the editor has nothing to send yet: see warm-up.ts.
    guard(() => warmUpAnalyzer({ catalog: () => service.environment.catalog(), observedOutputs: () => undefined }), undefined);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: ['.', ':', ' ', '<', '"', '[', '('], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        documentLinkProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true, range: false },
      },
      serverInfo: { name: 'stepline', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (watchDynamically) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.flow.{yaml,yml,json}' }, { globPattern: `**/${settings.actionsFolder ?? 'actions'}/**` }],
      });
    }
    void reloadActions();
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    const dir = actionsDir();
    let actionsChanged = false;
    const changedUris = new Set<string>();
    for (const change of changes) {
      const file = fileOfUri(change.uri);
      if (dir && (file === dir || file.startsWith(dir + sep))) actionsChanged = true;
      if (isWorkflowUri(change.uri)) changedUris.add(change.uri);
    }
    // The workspace-symbol index of files on disk is rebuilt on its next use.
    if (changedUris.size > 0) diskWorkflows = undefined;
    if (actionsChanged) {
      void reloadActions();
      return;
    }
    // Documents that link to a changed file (a sub-workflow) are analyzed again.
    const dependants = documents.all().filter((document) => guard(() => dependencyUris(service.environment, service.environment.cache.get(document)), []).some((uri) => changedUris.has(uri)));
    scheduler.revalidate(dependants.map((document) => document.uri));
  });

  connection.onNotification(LastRunChangedNotification, (params) => {
    const document = documents.get(params.uri);
    if (params.outputs === undefined) {
      if (document) void refreshLastRun(document);
      return;
    }
    if (lastRuns.set(fileOfUri(params.uri), params.outputs)) {
      service.invalidate();
      if (document) scheduler.validateNow(document.uri);
    }
  });

  connection.onNotification(WorkspaceTrustChangedNotification, (params) => {
    settings = { ...settings, workspaceTrusted: params.trusted };
    void reloadActions();
  });

  // Both are asked for while typing: the pause before the next full pass counts from the answer.
  connection.onCompletion((params) => answered(params.textDocument.uri, withDocument(params.textDocument.uri, null, (document) => service.completion(document, params.position, params.context))));
  connection.onHover((params) => answered(params.textDocument.uri, withDocument(params.textDocument.uri, null, (document) => service.hover(document, params.position))));
  connection.onDefinition((params) => withDocument(params.textDocument.uri, null, (document) => service.definition(document, params.position)));
  connection.onReferences((params) => withDocument(params.textDocument.uri, [], (document) => service.references(document, params.position, params.context.includeDeclaration)));
  connection.onPrepareRename((params) => withDocument(params.textDocument.uri, null, (document) => refusalAsError(() => service.prepareRename(document, params.position))));
  connection.onRenameRequest((params) => withDocument(params.textDocument.uri, null, (document) => refusalAsError(() => service.rename(document, params.position, params.newName))));
  connection.onDocumentSymbol((params) => withDocument(params.textDocument.uri, [], (document) => service.documentSymbols(document)));
  connection.onDocumentLinks((params) => withDocument(params.textDocument.uri, [], (document) => service.documentLinks(document)));
  connection.onCodeAction((params) => withDocument(params.textDocument.uri, [], (document) => service.codeActions(document, params.range, params.context)));
  connection.languages.semanticTokens.on((params) => withDocument(params.textDocument.uri, { data: [] }, (document) => service.semanticTokens(document)));
  connection.onWorkspaceSymbol(async (params) => {
    const open = new Map(documents.all().map((document) => [document.uri, document.getText()]));
    if (!diskWorkflows && workspaceRoot) diskWorkflows = await readTexts(await findWorkflowFiles(workspaceRoot));
    for (const [file, text] of diskWorkflows ?? []) {
      const uri = uriOfFile(file);
      if (!open.has(uri)) open.set(uri, text);
    }
    return guard(() => service.workspaceSymbols(params.query, [...open].map(([uri, text]) => ({ uri, text }))), []);
  });
  connection.onRequest(WorkflowGraphRequest, (params) => withDocument(params.uri, null, (document) => workflowGraph(service, document)));

  connection.onShutdown(() => {
    for (const document of documents.all()) scheduler.closed(document.uri);
  });

  return { service, documents, actionsLoaded: () => actionsLoaded };
}

function refusalAsError<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    // A refused rename is the user's answer, shown by the editor as the request's error message.
    if (error instanceof RenameRefusedError) throw new ResponseError(ErrorCodes.InvalidRequest, error.message);
    throw error;
  }
}

function workflowGraph(service: LanguageService, document: TextDocument): WorkflowGraph {
  const state = service.environment.cache.get(document);
  const { graph } = state.structure();
  const slugOf = (index: number) => state.document.workflow.steps[index]?.slug ?? `#${index + 1}`;
  return {
    version: document.version,
    steps: state.document.workflow.steps.map((step) => ({
      slug: step.slug ?? `#${step.index + 1}`,
      ...(step.type !== undefined ? { type: step.type } : {}),
      ...(step.name !== undefined ? { name: step.name } : {}),
      line: document.positionAt((step.slugNode ?? step.node).start).line,
      reachable: graph.reachable.has(step),
    })),
    edges: state.document.workflow.steps.flatMap((step) => step.nextSteps.filter((edge) => edge.target !== undefined).map((edge) => ({ from: slugOf(step.index), port: edge.port, to: edge.target! }))),
    blocks: [...graph.blocks.values()].map((block) => ({ owner: slugOf(block.owner.index), kind: block.kind, body: [...block.body].map((step) => slugOf(step.index)) })),
  };
}
