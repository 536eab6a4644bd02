// The extension's one owner of long-lived things: every disposable is pushed here and released
// in `dispose()`, in reverse order. It also holds what several features share: the output
// channel, the open stores, the runs in progress and the "runs changed" event.

import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { OUTPUT_CHANNEL_NAME } from './contribution-ids.ts';
import { StoreCache } from './store-cache.ts';

export interface ActiveRun {
  runId: string;
  file: string;
  cancel: AbortController;
}

export class Ctx implements vscode.Disposable {
  readonly extension: vscode.ExtensionContext;
  readonly stores = new StoreCache();
  /** Runs executing in this extension host, by run id. */
  readonly activeRuns = new Map<string, ActiveRun>();
  readonly #disposables: vscode.Disposable[] = [];
  readonly #runsChanged = new vscode.EventEmitter<{ file?: string; runId?: string }>();
  #output: vscode.OutputChannel | undefined;

  constructor(extension: vscode.ExtensionContext) {
    this.extension = extension;
    this.#disposables.push(this.#runsChanged, { dispose: () => this.stores.dispose() });
  }

  /** Fired when a run started, advanced or finished here, or the store changed on disk. */
  get onRunsChanged(): vscode.Event<{ file?: string; runId?: string }> {
    return this.#runsChanged.event;
  }

  fireRunsChanged(change: { file?: string; runId?: string } = {}): void {
    this.#runsChanged.fire(change);
  }

  /** The "Stepline" output channel, created on first use. */
  get output(): vscode.OutputChannel {
    if (!this.#output) {
      this.#output = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME);
      this.#disposables.push(this.#output);
    }
    return this.#output;
  }

  log(line: string): void {
    this.output.appendLine(line);
  }

  push<T extends vscode.Disposable>(disposable: T): T {
    this.#disposables.push(disposable);
    return disposable;
  }

  /** The state folder for a workflow: `.stepline/` in its workspace folder (spec §1). */
  stateDirFor(uri: vscode.Uri): string {
    const folder = vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
    return folder ? join(folder.uri.fsPath, '.stepline') : join(dirname(uri.fsPath), '.stepline');
  }

  workspaceRootFor(uri: vscode.Uri): string | undefined {
    return (vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0])?.uri.fsPath;
  }

  /** Every state folder the Runs view shows: one per workspace folder, and any other one used in this session. */
  stateDirs(): string[] {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => join(folder.uri.fsPath, '.stepline'));
    return [...new Set([...folders, ...this.stores.openDirs()])];
  }

  dispose(): void {
    for (const run of this.activeRuns.values()) run.cancel.abort();
    while (this.#disposables.length > 0) {
      try {
        this.#disposables.pop()?.dispose();
      } catch {
        // One failing disposable must not keep the others alive.
      }
    }
  }
}
