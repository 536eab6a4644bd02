// The Runs view: runs from the store of each workspace folder (newest first) → steps in order,
// with loop iterations and parallel branches nested → attempts, parameters, output, error.
// Everything is read from the store, so runs survive a window reload and runs made by the CLI
// appear too. Selecting a step reveals it and opens its output.

import * as vscode from 'vscode';
import { COMMANDS, RUNS_VIEW_ID } from './contribution-ids.ts';
import type { Ctx } from './ctx.ts';
import {
  attemptItem,
  buildTraceTree,
  detailItem,
  detailParts,
  groupItem,
  retriedAttempts,
  runItem,
  stepItem,
  type DetailPart,
  type GroupEntry,
  type RunRow,
  type StepEntry,
  type StepRow,
  type TraceEntry,
  type TreeItemModel,
} from './runs-tree-model.ts';

export type RunsNode =
  | { kind: 'run'; storeDir: string; runId: string; run: RunRow }
  | { kind: 'step'; storeDir: string; runId: string; workflowPath: string; entry: StepEntry }
  | { kind: 'group'; storeDir: string; runId: string; workflowPath: string; entry: GroupEntry; ownerType?: string }
  | { kind: 'attempt'; storeDir: string; runId: string; record: StepRow }
  | { kind: 'detail'; storeDir: string; runId: string; workflowPath: string; part: DetailPart; record: StepRow; slug: string; path: string };

const RUNS_PER_STORE = 50;

export class RunsView implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  readonly #ctx: Ctx;
  readonly #changed = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.#changed.event;
  readonly #disposables: vscode.Disposable[] = [];
  #refreshTimer: NodeJS.Timeout | undefined;

  constructor(ctx: Ctx) {
    this.#ctx = ctx;
    this.#disposables.push(this.#changed, ctx.onRunsChanged(() => this.refresh()));
    // Runs made by the CLI (or another window) change the database files: tell every listener, debounced.
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '.stepline/stepline.db*'));
      const later = () => this.refreshSoon();
      this.#disposables.push(watcher, watcher.onDidChange(later), watcher.onDidCreate(later), watcher.onDidDelete(later));
    }
  }

  refresh(): void {
    this.#changed.fire(undefined);
  }

  private refreshSoon(): void {
    clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => this.#ctx.fireRunsChanged(), 500);
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    const model = this.modelOf(node);
    const item = new vscode.TreeItem(model.label, model.collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = model.id;
    if (model.description !== undefined) item.description = model.description;
    if (model.tooltip !== undefined) item.tooltip = model.tooltip;
    item.contextValue = model.contextValue;
    item.iconPath = new vscode.ThemeIcon(model.icon, colorOf(model.iconColor));
    if (node.kind === 'step' || node.kind === 'detail') {
      item.command = { command: COMMANDS.showStepOutput, title: 'Show Step Output', arguments: [node] };
    }
    return item;
  }

  private modelOf(node: RunsNode): TreeItemModel {
    switch (node.kind) {
      case 'run':
        return runItem(node.run, { active: this.#ctx.activeRuns.has(node.runId), now: new Date() });
      case 'step':
        return stepItem(node.runId, node.entry);
      case 'group':
        return groupItem(node.runId, node.entry, node.ownerType);
      case 'attempt':
        return attemptItem(node.runId, node.record);
      case 'detail':
        return detailItem(node.runId, node.part, node.record);
    }
  }

  async getChildren(node?: RunsNode): Promise<RunsNode[]> {
    try {
      if (!node) return await this.runs();
      if (node.kind === 'run') {
        const store = await this.#ctx.stores.openExisting(node.storeDir);
        if (!store) return [];
        return this.entryNodes(node, buildTraceTree(store.listSteps(node.runId)));
      }
      if (node.kind === 'group') return this.entryNodes(node, node.entry.children);
      if (node.kind === 'step') {
        const base = { storeDir: node.storeDir, runId: node.runId };
        return [
          ...this.entryNodes({ ...base, workflowPath: node.workflowPath }, node.entry.groups, ownerTypeOf(node.entry)),
          ...retriedAttempts(node.entry).map((record): RunsNode => ({ kind: 'attempt', ...base, record })),
          ...detailParts(node.entry).map(({ part, record }): RunsNode => ({ kind: 'detail', ...base, workflowPath: node.workflowPath, part, record, slug: node.entry.slug, path: node.entry.path })),
        ];
      }
      return [];
    } catch (error) {
      this.#ctx.log(`Runs view: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }

  private async runs(): Promise<RunsNode[]> {
    const nodes: RunsNode[] = [];
    for (const storeDir of this.#ctx.stateDirs()) {
      const store = await this.#ctx.stores.openExisting(storeDir);
      if (!store) continue;
      for (const run of store.listRuns({ limit: RUNS_PER_STORE })) nodes.push({ kind: 'run', storeDir, runId: run.id, run });
    }
    return nodes.sort((a, b) => (a.kind === 'run' && b.kind === 'run' ? b.run.startedAt.localeCompare(a.run.startedAt) : 0));
  }

  private entryNodes(parent: { storeDir: string; runId: string; workflowPath?: string; run?: RunRow }, entries: readonly TraceEntry[], ownerType?: string): RunsNode[] {
    const workflowPath = parent.workflowPath ?? parent.run?.workflowPath ?? '';
    return entries.map((entry): RunsNode =>
      entry.kind === 'step'
        ? { kind: 'step', storeDir: parent.storeDir, runId: parent.runId, workflowPath, entry }
        : { kind: 'group', storeDir: parent.storeDir, runId: parent.runId, workflowPath, entry, ...(ownerType ? { ownerType } : {}) },
    );
  }

  dispose(): void {
    clearTimeout(this.#refreshTimer);
    for (const disposable of this.#disposables) disposable.dispose();
  }
}

/** A loop's record takes `next` then `done`; a parallel step's only `done`. */
function ownerTypeOf(entry: StepEntry): string | undefined {
  if (entry.records.some((record) => record.port === 'next')) return 'loop';
  if (entry.groups.length > 0 && entry.records.every((record) => record.port !== 'next')) return 'parallel';
  return undefined;
}

function colorOf(color: TreeItemModel['iconColor']): vscode.ThemeColor | undefined {
  switch (color) {
    case 'passed':
      return new vscode.ThemeColor('testing.iconPassed');
    case 'failed':
      return new vscode.ThemeColor('testing.iconFailed');
    case 'running':
      return new vscode.ThemeColor('charts.blue');
    case 'warning':
      return new vscode.ThemeColor('list.warningForeground');
    default:
      return undefined;
  }
}

export function registerRunsView(ctx: Ctx): RunsView {
  const view = ctx.push(new RunsView(ctx));
  ctx.push(vscode.window.createTreeView(RUNS_VIEW_ID, { treeDataProvider: view, showCollapseAll: true }));
  return view;
}
