// What every run started from the editor shares, whether new or resumed: a cancellable progress
// notification, a status bar item, the step-by-step log in the "Stepline" output channel, and
// the "runs changed" signal for the Runs view and the inline results.

import * as vscode from 'vscode';
import type { EngineEvent, RunResult } from '../../runtime/src/engine/index.ts';
import { RUNS_VIEW_ID } from './contribution-ids.ts';
import type { Ctx } from './ctx.ts';
import { formatRunEvent } from './run-log.ts';
import { formatDuration } from './format.ts';

/** How often, at most, a long run refreshes the Runs view while it executes. */
const VIEW_REFRESH_INTERVAL_MS = 300;
/**
 * Log lines, the status bar and the notification are updated in batches this far apart, so a
 * run of thousands of fast steps costs the engine a string per event, not a message to the
 * window per event.
 */
const UI_FLUSH_INTERVAL_MS = 100;

let statusItem: vscode.StatusBarItem | undefined;

function statusBar(ctx: Ctx): vscode.StatusBarItem {
  if (!statusItem) {
    statusItem = ctx.push(vscode.window.createStatusBarItem('stepline.run', vscode.StatusBarAlignment.Left, 50));
    statusItem.name = 'Stepline Run';
    statusItem.command = `${RUNS_VIEW_ID}.focus`;
    ctx.push({ dispose: () => (statusItem = undefined) });
  }
  return statusItem;
}

export interface RunSessionRequest {
  title: string;
  file: string;
  /** Starts the run with the session's signal and observer. */
  execute(signal: AbortSignal, observer: (event: EngineEvent) => void): Promise<RunResult | undefined>;
}

/** Runs `execute` with progress, cancel, status bar and log; resolves with the result (undefined when it did not run). */
export async function runWithProgress(ctx: Ctx, request: RunSessionRequest): Promise<RunResult | undefined> {
  const cancel = new AbortController();
  const item = statusBar(ctx);
  let runId: string | undefined;
  let steps = 0;
  let refreshTimer: NodeJS.Timeout | undefined;
  const scheduleRefresh = () => {
    refreshTimer ??= setTimeout(() => {
      refreshTimer = undefined;
      ctx.fireRunsChanged({ file: request.file, ...(runId ? { runId } : {}) });
    }, VIEW_REFRESH_INTERVAL_MS);
  };
  item.text = `$(sync~spin) ${request.title}`;
  item.tooltip = `${request.title}: starting`;
  item.show();
  ctx.output.show(true);

  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: request.title, cancellable: true },
    async (progress, token) => {
      const onCancel = token.onCancellationRequested(() => cancel.abort());
      const pendingLines: string[] = [];
      let currentPath: string | undefined;
      let flushTimer: NodeJS.Timeout | undefined;
      const flush = () => {
        clearTimeout(flushTimer);
        flushTimer = undefined;
        if (pendingLines.length > 0) ctx.output.append(`${pendingLines.splice(0).join('\n')}\n`);
        if (currentPath !== undefined) {
          progress.report({ message: `${currentPath} (${steps} done)` });
          item.text = `$(sync~spin) ${request.title} · ${currentPath}`;
          item.tooltip = `${request.title}: ${steps} step${steps === 1 ? '' : 's'} done`;
        }
      };
      const flushSoon = () => {
        flushTimer ??= setTimeout(flush, UI_FLUSH_INTERVAL_MS);
      };
      const observer = (event: EngineEvent) => {
        const line = formatRunEvent(event);
        if (line !== undefined) pendingLines.push(line);
        if (event.type === 'run.started') {
          runId = event.runId;
          ctx.activeRuns.set(event.runId, { runId: event.runId, file: request.file, cancel });
          ctx.fireRunsChanged({ file: request.file, runId });
          flush();
          return;
        }
        if (event.type === 'step.started') currentPath = event.path;
        else if (event.type === 'step.finished') {
          steps++;
          scheduleRefresh();
        }
        flushSoon();
      };
      try {
        const result = await request.execute(cancel.signal, observer);
        if (result) {
          const icon = result.status === 'completed' ? '$(pass)' : result.status === 'waiting' ? '$(watch)' : '$(error)';
          item.text = `${icon} ${result.status} · ${formatDuration(result.durationMs)}`;
          item.tooltip = `${request.title}: ${result.status} after ${result.stepsExecuted} steps (run ${result.runId}). Click to show the Runs view.`;
        } else {
          item.hide();
        }
        return result;
      } catch (error) {
        item.text = '$(error) Stepline run failed';
        item.tooltip = error instanceof Error ? error.message : String(error);
        throw error;
      } finally {
        currentPath = undefined;
        flush();
        onCancel.dispose();
        clearTimeout(refreshTimer);
        if (runId) ctx.activeRuns.delete(runId);
        ctx.fireRunsChanged({ file: request.file, ...(runId ? { runId } : {}) });
      }
    },
  );
}

/** Tells the person how the run ended, with a way to the log. */
export function announceResult(ctx: Ctx, title: string, result: RunResult): void {
  const summary = `${title}: ${result.status} in ${formatDuration(result.durationMs)} (${result.stepsExecuted} steps).`;
  if (result.status === 'completed' || result.status === 'waiting') {
    void vscode.window.showInformationMessage(summary);
    return;
  }
  const message = result.error ? `${summary} ${result.error.message}` : summary;
  void vscode.window.showErrorMessage(message, 'Show Log').then((choice) => {
    if (choice === 'Show Log') ctx.output.show();
  });
}
