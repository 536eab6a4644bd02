// The extension's entry point. `activate` only registers cheap things (commands, the Runs view,
// the output document provider, code lenses, debug providers); the language client, the runtime
// and the inline results load when the first workflow opens or a command needs them. The time
// `activate` takes is logged to the "Stepline" output channel.

import * as vscode from 'vscode';
import { CODE_LENS_SETTING, WorkflowCodeLensProvider } from './code-lens.ts';
import { COMMANDS, LANGUAGE_ID, OUTPUT_SCHEME, WORKFLOW_GLOB, isWorkflowPath } from './contribution-ids.ts';
import { Ctx } from './ctx.ts';
import { registerDebugging } from './debug-setup.ts';
import type { InlineResultsView } from './inline-results-view.ts';
import type { SteplineLanguageClient } from './language-client.ts';
import { registerRunsView, type RunsNode } from './runs-view.ts';
import { StepOutputProvider } from './step-output-provider.ts';

/** What the extension hands to other extensions and to its own real-VS-Code tests. */
export interface SteplineApi {
  /** Milliseconds `activate` took. */
  activationMs: number;
  /** Resolves once the language client has started (starting it when needed). */
  ensureWorkflowFeatures(): Promise<void>;
  /** The inline result texts drawn for a document (undefined before its last run is loaded). */
  inlineResultsFor(document: vscode.TextDocument): { stale: boolean; results: { slug: string; line: number; text: string }[] } | undefined;
}

interface WorkflowFeatures {
  client: SteplineLanguageClient | undefined;
  inline: InlineResultsView;
}

let current: { ctx: Ctx; features?: Promise<WorkflowFeatures> } | undefined;

export function activate(context: vscode.ExtensionContext): SteplineApi {
  const started = performance.now();
  const ctx = new Ctx(context);
  context.subscriptions.push(ctx);
  const state: { ctx: Ctx; features?: Promise<WorkflowFeatures> } = { ctx };
  current = state;

  const ensureFeatures = (): Promise<WorkflowFeatures> => (state.features ??= loadWorkflowFeatures(ctx));
  const command = (id: string, handler: (...args: unknown[]) => unknown) => ctx.push(vscode.commands.registerCommand(id, handler));

  command(COMMANDS.runWorkflow, async (argument, options) => {
    void ensureFeatures();
    return (await import('./workflow-features.ts')).runWorkflowCommand(ctx, argument, options);
  });
  command(COMMANDS.resumeRun, async (argument) => (await import('./workflow-features.ts')).resumeRunCommand(ctx, argument));
  command(COMMANDS.debugWorkflow, async (argument, options) =>
    (await import('./workflow-features.ts')).debugWorkflowCommand(ctx, argument, options as { input?: Record<string, unknown>; stopOnEntry?: boolean } | undefined),
  );
  command(COMMANDS.refreshRuns, () => ctx.fireRunsChanged());
  command(COMMANDS.showStepOutput, async (node) => (await import('./workflow-features.ts')).showStepOutputCommand(ctx, node as RunsNode | undefined));

  registerRunsView(ctx);
  ctx.push(vscode.workspace.registerTextDocumentContentProvider(OUTPUT_SCHEME, new StepOutputProvider(ctx)));
  const lenses = ctx.push(new WorkflowCodeLensProvider());
  ctx.push(vscode.languages.registerCodeLensProvider([{ language: LANGUAGE_ID }, { scheme: 'file', pattern: WORKFLOW_GLOB }], lenses));
  ctx.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(CODE_LENS_SETTING)) lenses.refresh();
    }),
  );
  registerDebugging(ctx);

  // Heavy parts wait for a workflow: one open now, or the first one opened later.
  const isWorkflowDocument = (document: vscode.TextDocument) => document.uri.scheme === 'file' && isWorkflowPath(document.uri.fsPath);
  if (vscode.workspace.textDocuments.some(isWorkflowDocument)) void ensureFeatures();
  else {
    const listener = ctx.push(
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (!isWorkflowDocument(document)) return;
        listener.dispose();
        void ensureFeatures();
      }),
    );
  }

  const activationMs = performance.now() - started;
  ctx.log(`Stepline activated in ${activationMs.toFixed(1)} ms.`);
  return {
    activationMs,
    ensureWorkflowFeatures: async () => {
      await ensureFeatures();
    },
    inlineResultsFor: (document) => {
      if (!state.features) return undefined;
      return lastInline?.resultsFor(document);
    },
  };
}

let lastInline: InlineResultsView | undefined;

async function loadWorkflowFeatures(ctx: Ctx): Promise<WorkflowFeatures> {
  const started = performance.now();
  const { InlineResultsView, registerDebugHover, startLanguageClient } = await import('./workflow-features.ts');
  registerDebugHover(ctx);
  // Last-run outputs found before the server is up are sent once it is.
  const pending = new Map<string, { uri: vscode.Uri; runId: string; outputs: Record<string, unknown> }>();
  let client: SteplineLanguageClient | undefined;
  const inline = ctx.push(
    new InlineResultsView(ctx, (uri, runId, outputs) => {
      if (client) client.notifyLastRun(uri, runId, outputs);
      else pending.set(uri.toString(), { uri, runId, outputs });
    }),
  );
  lastInline = inline;
  ctx.push({ dispose: () => (lastInline = undefined) });
  void inline.drawVisible();
  try {
    client = await startLanguageClient(ctx);
    const started = client;
    ctx.push({ dispose: () => void started.dispose() });
    for (const { uri, runId, outputs } of pending.values()) client.notifyLastRun(uri, runId, outputs);
    pending.clear();
  } catch (error) {
    ctx.log(`The Stepline language server did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  ctx.log(`Workflow features ready in ${Math.round(performance.now() - started)} ms.`);
  return { client, inline };
}

export async function deactivate(): Promise<void> {
  const state = current;
  current = undefined;
  if (!state) return;
  // The client must stop (and the server exit) before the host goes; everything else is synchronous.
  const features = await state.features?.catch(() => undefined);
  await features?.client?.dispose();
  state.ctx.dispose();
}
