// Draws each step's result from the workflow's last run after the step's first line
// (`✓ 12 ms · success`, `✗ message`), in every visible editor of that workflow. Results are read
// from the store, so they come back after a reload; trace-results.ts places them by slug and
// marks them stale once the text no longer hashes like the run's.

import * as vscode from 'vscode';
import { LANGUAGE_ID, WORKFLOW_GLOB, isWorkflowPath } from './contribution-ids.ts';
import type { Ctx } from './ctx.ts';
import type { StepRow } from './runs-tree-model.ts';
import { previewValue } from './format.ts';
import { referenceValueAt } from './reference-values.ts';
import { inlineResults, isTraceStale, outputsBySlug } from './trace-results.ts';

interface LoadedTrace {
  runId: string;
  workflowHash: string;
  input: unknown;
  records: StepRow[];
}

export type LastRunListener = (uri: vscode.Uri, runId: string, outputs: Record<string, unknown>) => void;

const CONFIG_KEY = 'stepline.inlineResults.enabled';

export class InlineResultsView implements vscode.Disposable {
  readonly #ctx: Ctx;
  readonly #traces = new Map<string, LoadedTrace | null>();
  readonly #disposables: vscode.Disposable[] = [];
  readonly #ok: vscode.TextEditorDecorationType;
  readonly #failed: vscode.TextEditorDecorationType;
  readonly #stale: vscode.TextEditorDecorationType;
  readonly #onLastRun: LastRunListener;
  #redrawTimer: NodeJS.Timeout | undefined;

  constructor(ctx: Ctx, onLastRun: LastRunListener) {
    this.#ctx = ctx;
    this.#onLastRun = onLastRun;
    const after = (color: string, fontStyle?: string): vscode.DecorationRenderOptions => ({
      after: { color: new vscode.ThemeColor(color), margin: '0 0 0 2em', ...(fontStyle ? { fontStyle } : {}) },
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
    this.#ok = vscode.window.createTextEditorDecorationType(after('testing.iconPassed'));
    this.#failed = vscode.window.createTextEditorDecorationType(after('testing.iconFailed'));
    this.#stale = vscode.window.createTextEditorDecorationType(after('descriptionForeground', 'italic'));
    this.#disposables.push(
      this.#ok,
      this.#failed,
      this.#stale,
      ctx.onRunsChanged((change) => {
        if (change.file) void this.reload(change.file);
        else void this.reloadVisible();
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => void this.drawVisible()),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (isWorkflowPath(event.document.uri.fsPath) && this.#traces.get(event.document.uri.fsPath)) this.redrawSoon();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(CONFIG_KEY)) void this.drawVisible();
      }),
      vscode.languages.registerHoverProvider([{ language: LANGUAGE_ID }, { scheme: 'file', pattern: WORKFLOW_GLOB }], { provideHover: (document, position) => this.hover(document, position) }),
    );
  }

  /** The value a `<< >>` reference had in the last run (what the language server's hover cannot know). */
  private hover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const trace = this.#traces.get(document.uri.fsPath);
    if (!trace) return undefined;
    const text = document.getText();
    const found = referenceValueAt(text, document.offsetAt(position), { runId: trace.runId, input: trace.input, records: trace.records });
    if (!found) return undefined;
    const stale = isTraceStale(text, trace.workflowHash) ? ' (the file changed since)' : '';
    const markdown = new vscode.MarkdownString();
    markdown.appendMarkdown(`\`${found.expression}\` in the last run${found.note ? `, ${found.note}` : ''}${stale}:`);
    markdown.appendCodeblock(previewValue(found.value, 1200).length < 80 ? JSON.stringify(found.value) ?? 'null' : (JSON.stringify(found.value, null, 2) ?? 'null').slice(0, 1200), 'json');
    return new vscode.Hover(markdown, new vscode.Range(document.positionAt(found.range.start), document.positionAt(found.range.end)));
  }

  /** Draws every visible workflow editor, loading last runs from the store as needed. */
  async drawVisible(): Promise<void> {
    for (const editor of vscode.window.visibleTextEditors) {
      const file = editor.document.uri.fsPath;
      if (editor.document.uri.scheme !== 'file' || !isWorkflowPath(file)) continue;
      if (!this.#traces.has(file)) await this.load(editor.document.uri);
      this.draw(editor);
    }
  }

  /** Re-reads a workflow's last run (after a run here or a change in the store) and redraws it. */
  async reload(file: string): Promise<void> {
    await this.load(vscode.Uri.file(file));
    for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.fsPath === file) this.draw(editor);
  }

  /** Re-reads the last run of every visible workflow (the store changed on disk). */
  async reloadVisible(): Promise<void> {
    const files = new Set(vscode.window.visibleTextEditors.filter((editor) => editor.document.uri.scheme === 'file' && isWorkflowPath(editor.document.uri.fsPath)).map((editor) => editor.document.uri.fsPath));
    for (const file of files) await this.reload(file);
  }

  /** The inline results currently drawn for a file, for tests and the hover. */
  resultsFor(document: vscode.TextDocument): ReturnType<typeof inlineResults> | undefined {
    const trace = this.#traces.get(document.uri.fsPath);
    return trace ? inlineResults(document.getText(), trace.workflowHash, trace.records, document.uri.fsPath) : undefined;
  }

  private async load(uri: vscode.Uri): Promise<void> {
    const file = uri.fsPath;
    try {
      const store = await this.#ctx.stores.openExisting(this.#ctx.stateDirFor(uri));
      const run = store?.listRuns({ workflowPath: file, limit: 1 })[0];
      if (!store || !run) {
        this.#traces.set(file, null);
        return;
      }
      const records = store.listSteps(run.id);
      const previous = this.#traces.get(file);
      this.#traces.set(file, { runId: run.id, workflowHash: run.workflowHash, input: run.input, records });
      if (previous?.runId !== run.id || previous.records.length !== records.length) this.#onLastRun(uri, run.id, outputsBySlug(records));
    } catch (error) {
      this.#traces.set(file, null);
      this.#ctx.log(`Inline results: cannot read the last run of ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private redrawSoon(): void {
    clearTimeout(this.#redrawTimer);
    this.#redrawTimer = setTimeout(() => {
      for (const editor of vscode.window.visibleTextEditors) if (this.#traces.get(editor.document.uri.fsPath)) this.draw(editor);
    }, 150);
  }

  private draw(editor: vscode.TextEditor): void {
    const enabled = vscode.workspace.getConfiguration().get<boolean>(CONFIG_KEY, true);
    const results = enabled ? this.resultsFor(editor.document) : undefined;
    const ok: vscode.DecorationOptions[] = [];
    const failed: vscode.DecorationOptions[] = [];
    const stale: vscode.DecorationOptions[] = [];
    for (const result of results?.results ?? []) {
      if (result.line >= editor.document.lineCount) continue;
      const end = editor.document.lineAt(result.line).range.end;
      const option: vscode.DecorationOptions = {
        range: new vscode.Range(end, end),
        renderOptions: { after: { contentText: result.text } },
        hoverMessage: new vscode.MarkdownString(`**${result.slug}** in the last run: ${result.text}${result.stale ? '\n\nThe file changed since this run; run it again to refresh.' : ''}`),
      };
      (result.stale ? stale : result.ok ? ok : failed).push(option);
    }
    editor.setDecorations(this.#ok, ok);
    editor.setDecorations(this.#failed, failed);
    editor.setDecorations(this.#stale, stale);
  }

  dispose(): void {
    clearTimeout(this.#redrawTimer);
    for (const disposable of this.#disposables) disposable.dispose();
  }
}
