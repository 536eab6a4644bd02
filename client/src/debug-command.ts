// "Stepline: Debug Workflow" (editor title, code lens, palette): saves the workflow, collects its
// input like "Run Workflow" does, and starts a `stepline` debug session on it.

import * as vscode from 'vscode';
import { parseWorkflow } from '../../runtime/src/language/parse-workflow.ts';
import { isWorkflowPath } from './contribution-ids.ts';
import type { Ctx } from './ctx.ts';
import { launchConfigurationFor } from './debug-configurations.ts';
import { collectRunInput } from './run-inputs.ts';
import { workflowUriOf } from './workflow-uri.ts';

/** "Stepline: Debug Workflow": starts a debug session on the workflow with its input. Resolves true when the session started. */
export async function debugWorkflowCommand(ctx: Ctx, argument?: unknown, options?: { input?: Record<string, unknown>; stopOnEntry?: boolean }): Promise<boolean> {
  const uri = workflowUriOf(argument);
  if (!uri || !isWorkflowPath(uri.fsPath)) {
    void vscode.window.showWarningMessage('Open or select a workflow file (*.flow.yaml, *.flow.yml or *.flow.json) to debug it.');
    return false;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  if (document.isDirty) await document.save();
  let extra: { inputFile?: string; input?: unknown; stopOnEntry?: boolean } = {};
  if (options?.input !== undefined) extra = { input: options.input };
  else {
    const collected = await collectRunInput(ctx.extension.workspaceState, uri.fsPath, parseWorkflow(document.getText(), uri.fsPath).workflow.inputs);
    if (collected.kind === 'cancelled') return false;
    if (collected.kind === 'invalid') {
      void vscode.window.showErrorMessage(`Cannot debug: ${collected.message}`);
      return false;
    }
    extra = collected.kind === 'file' ? { inputFile: collected.file } : { input: collected.value };
  }
  if (options?.stopOnEntry !== undefined) extra.stopOnEntry = options.stopOnEntry;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return vscode.debug.startDebugging(folder, launchConfigurationFor(uri.fsPath, extra));
}
