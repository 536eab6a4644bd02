// "Stepline: Run Workflow" and "Stepline: Resume Run": find the workflow, collect its input,
// run it on the embedded runtime in this extension host with the store in
// `<workspace>/.stepline/`, and report the result. Both return `{ runId, status }` so tests and
// other commands can wait on them.

import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { EngineObserver } from '../../runtime/src/engine/index.ts';
import { parseWorkflow } from '../../runtime/src/language/parse-workflow.ts';
import type { Store } from '../../runtime/src/store/index.ts';
import { isWorkflowPath } from './contribution-ids.ts';
import type { Ctx } from './ctx.ts';
import { collectRunInput } from './run-inputs.ts';
import { executeWorkflow, resumeWorkflowRun, type ExecutionEnvironment } from './run-executor.ts';
import { announceResult, runWithProgress } from './run-session.ts';
import { workflowUriOf } from './workflow-uri.ts';

export interface RunCommandOptions {
  /** Skips the input questions and the input file (used by tests and other commands). */
  input?: Record<string, unknown>;
}

export interface RunCommandResult {
  runId: string;
  status: string;
}

function isRunOptions(value: unknown): value is RunCommandOptions {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof vscode.Uri);
}

export async function runWorkflowCommand(ctx: Ctx, argument?: unknown, options?: unknown): Promise<RunCommandResult | undefined> {
  const uri = workflowUriOf(argument);
  if (!uri || !isWorkflowPath(uri.fsPath)) {
    void vscode.window.showWarningMessage('Open or select a workflow file (*.flow.yaml, *.flow.yml or *.flow.json) to run it.');
    return undefined;
  }
  const file = uri.fsPath;
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  // The run must match what the person sees, and its trace must hash the saved text.
  if (open?.isDirty) await open.save();
  const text = open ? open.getText() : await readFile(file, 'utf8');
  const document = parseWorkflow(text, file);
  const title = `Stepline: ${document.workflow.name ?? file.split(/[\\/]/).pop()}`;

  let input: Record<string, unknown>;
  if (isRunOptions(options) && options.input !== undefined) input = options.input;
  else {
    const collected = await collectRunInput(ctx.extension.workspaceState, file, document.workflow.inputs);
    if (collected.kind === 'cancelled') return undefined;
    if (collected.kind === 'invalid') {
      void vscode.window.showErrorMessage(`Cannot run: ${collected.message}`);
      return undefined;
    }
    if (collected.kind === 'file') ctx.log(`Input from ${collected.file}`);
    input = collected.value;
  }

  const stateDir = ctx.stateDirFor(uri);
  const store = await ctx.stores.open(stateDir);
  const result = await runWithProgress(ctx, {
    title,
    file,
    execute: async (signal, observer) => {
      const outcome = await executeWorkflow({ ...environment(ctx, uri, stateDir, signal, observer, store), file, text, input });
      if (outcome.kind === 'invalid') {
        ctx.log(`${file} has ${outcome.problems.length} error(s); fix them before running:`);
        for (const problem of outcome.problems) ctx.log(`  ${problem.line + 1}:${problem.character + 1} ${problem.code} ${problem.message}`);
        void vscode.window.showErrorMessage(`${title}: the workflow has ${outcome.problems.length} error(s); fix them before running.`, 'Show Problems').then((choice) => {
          if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
        });
        return undefined;
      }
      return outcome.result;
    },
  });
  if (!result) return undefined;
  announceResult(ctx, title, result);
  return { runId: result.runId, status: result.status };
}

/** A Runs view item (`{ runId, storeDir }`), a run id, or nothing (then pick among unfinished runs). */
export async function resumeRunCommand(ctx: Ctx, argument?: unknown): Promise<RunCommandResult | undefined> {
  const target = await resumeTarget(ctx, argument);
  if (!target) return undefined;
  if (ctx.activeRuns.has(target.runId)) {
    void vscode.window.showInformationMessage(`Run ${target.runId} is already running in this window.`);
    return undefined;
  }
  const store = await ctx.stores.open(target.storeDir);
  const run = store.getRun(target.runId);
  if (!run) {
    void vscode.window.showErrorMessage(`No run ${target.runId} in ${target.storeDir}.`);
    return undefined;
  }
  const workflowRoot = resolve(target.storeDir, '..');
  const file = isAbsolute(run.workflowPath) ? run.workflowPath : resolve(workflowRoot, run.workflowPath);
  const uri = vscode.Uri.file(file);
  const title = `Stepline: resume ${run.workflowName}`;
  try {
    const result = await runWithProgress(ctx, {
      title,
      file,
      execute: (signal, observer) => resumeWorkflowRun(run.id, environment(ctx, uri, target.storeDir, signal, observer, store)),
    });
    if (!result) return undefined;
    announceResult(ctx, title, result);
    return { runId: result.runId, status: result.status };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.log(`Cannot resume run ${run.id}: ${message}`);
    void vscode.window.showErrorMessage(`Cannot resume run ${run.id}: ${message}`);
    return undefined;
  }
}

function environment(ctx: Ctx, uri: vscode.Uri, stateDir: string, signal: AbortSignal, observer: EngineObserver, store: Store): ExecutionEnvironment {
  const workspaceRoot = ctx.workspaceRootFor(uri);
  return {
    store,
    stateDir,
    ...(workspaceRoot ? { workspaceRoot } : {}),
    trusted: vscode.workspace.isTrusted,
    signal,
    observers: [observer],
    onActionLoadError: (file, message) => ctx.log(`Skipped the workspace action ${file}: ${message}`),
  };
}

async function resumeTarget(ctx: Ctx, argument: unknown): Promise<{ runId: string; storeDir: string } | undefined> {
  if (typeof argument === 'object' && argument !== null && 'runId' in argument && 'storeDir' in argument) {
    const { runId, storeDir } = argument as { runId: unknown; storeDir: unknown };
    if (typeof runId === 'string' && typeof storeDir === 'string') return { runId, storeDir };
  }
  const candidates: { label: string; description: string; detail: string; runId: string; storeDir: string }[] = [];
  for (const storeDir of ctx.stateDirs()) {
    const store = await ctx.stores.openExisting(storeDir);
    if (!store) continue;
    for (const status of ['running', 'waiting'] as const) {
      for (const run of store.listRuns({ status, limit: 100 })) {
        if (ctx.activeRuns.has(run.id)) continue;
        if (typeof argument === 'string' && run.id !== argument) continue;
        candidates.push({ label: run.workflowName, description: `${status} · started ${new Date(run.startedAt).toLocaleString()}`, detail: run.id, runId: run.id, storeDir });
      }
    }
  }
  if (typeof argument === 'string') return candidates[0];
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage('No unfinished Stepline runs to resume.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(candidates, { title: 'Stepline: Resume Run', placeHolder: 'Pick an unfinished run' });
  return picked ? { runId: picked.runId, storeDir: picked.storeDir } : undefined;
}
