// Which workflow a command means: its argument (a Uri from the explorer, the editor title or a
// code lens, or a path) or else the active editor's document when it is a workflow.

import * as vscode from 'vscode';
import { isWorkflowPath } from './contribution-ids.ts';

export function workflowUriOf(argument: unknown): vscode.Uri | undefined {
  if (argument instanceof vscode.Uri) return argument;
  if (typeof argument === 'string' && argument !== '') return vscode.Uri.file(argument);
  const document = vscode.window.activeTextEditor?.document;
  return document && isWorkflowPath(document.uri.fsPath) ? document.uri : undefined;
}
