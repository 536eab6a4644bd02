// "▶ Run" and "Debug" above a workflow's first line: the quickest way to run what is open.

import * as vscode from 'vscode';
import { COMMANDS } from './contribution-ids.ts';

const CONFIG_KEY = 'stepline.codeLens.enabled';

export class WorkflowCodeLensProvider implements vscode.CodeLensProvider {
  readonly #changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.#changed.event;

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.getConfiguration().get<boolean>(CONFIG_KEY, true)) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, { title: '▶ Run', tooltip: 'Run this workflow (Stepline)', command: COMMANDS.runWorkflow, arguments: [document.uri] }),
      new vscode.CodeLens(top, { title: 'Debug', tooltip: 'Debug this workflow (Stepline)', command: COMMANDS.debugWorkflow, arguments: [document.uri] }),
    ];
  }

  /** Re-asks VS Code for lenses (the setting changed). */
  refresh(): void {
    this.#changed.fire();
  }

  dispose(): void {
    this.#changed.dispose();
  }
}

export const CODE_LENS_SETTING = CONFIG_KEY;
