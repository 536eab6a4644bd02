// "Stepline: Show Step Output": reveals a step of a recorded run in its workflow file and opens
// the step's output (or parameters, or error) as a read-only JSON document (step-output-provider.ts).

import { isAbsolute, resolve } from 'node:path';
import * as vscode from 'vscode';
import { parseWorkflow } from '../../runtime/src/language/parse-workflow.ts';
import type { Ctx } from './ctx.ts';
import { finalRecord, type DetailPart } from './runs-tree-model.ts';
import type { RunsNode } from './runs-view.ts';
import { stepOutputUri } from './step-output-provider.ts';

/** Arguments: a Runs view step or detail node. Returns the opened output document's URI. */
export async function showStepOutputCommand(ctx: Ctx, node?: RunsNode): Promise<vscode.Uri | undefined> {
  if (!node || (node.kind !== 'step' && node.kind !== 'detail')) {
    void vscode.window.showInformationMessage('Select a step in the Stepline Runs view to show its output.');
    return undefined;
  }
  const record = node.kind === 'step' ? finalRecord(node.entry) : node.record;
  const part: DetailPart = node.kind === 'detail' ? node.part : record.output !== undefined ? 'output' : record.error !== undefined ? 'error' : 'params';
  const slug = node.kind === 'step' ? node.entry.slug : node.slug;
  const path = node.kind === 'step' ? node.entry.path : node.path;
  await revealStep(ctx, node.storeDir, node.workflowPath, slug);
  const uri = stepOutputUri({ storeDir: node.storeDir, runId: node.runId, seq: record.seq, part, path });
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  return uri;
}

/** Opens the workflow and selects the step's first line, found by slug in the current text. */
async function revealStep(ctx: Ctx, storeDir: string, workflowPath: string, slug: string): Promise<void> {
  if (!workflowPath) return;
  const file = isAbsolute(workflowPath) ? workflowPath : resolve(storeDir, '..', workflowPath);
  try {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const step = parseWorkflow(document.getText(), file).workflow.stepsBySlug.get(slug);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false, preserveFocus: true });
    if (!step) return;
    const range = new vscode.Range(document.positionAt(step.node.start), document.positionAt(step.node.end));
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  } catch (error) {
    ctx.log(`Cannot open ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
