// The `stepline` debug type in VS Code: F5 without a launch.json debugs the active workflow,
// the Run and Debug picker offers "Debug Workflow" for open workflows, and the adapter runs
// inline in the extension host (the same session `stepline dap` serves over stdio).

import * as vscode from 'vscode';
import { DEBUG_TYPE } from './contribution-ids.ts';
import type { Ctx } from './ctx.ts';
import { dynamicConfigurations, resolveLaunchConfiguration, type SteplineLaunchConfiguration } from './debug-configurations.ts';

class ConfigurationProvider implements vscode.DebugConfigurationProvider {
  resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, configuration: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    const active = vscode.window.activeTextEditor?.document.uri;
    const workspaceFolder = folder ?? (active ? vscode.workspace.getWorkspaceFolder(active) : undefined) ?? vscode.workspace.workspaceFolders?.[0];
    const resolved = resolveLaunchConfiguration(configuration as Partial<SteplineLaunchConfiguration>, active?.fsPath, workspaceFolder?.uri.fsPath);
    if (!resolved.ok) {
      void vscode.window.showErrorMessage(resolved.message);
      // Undefined aborts the launch; VS Code then offers to open launch.json.
      return undefined;
    }
    return resolved.configuration;
  }
}

class DynamicConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    const open = vscode.window.visibleTextEditors.map((editor) => editor.document.uri).filter((uri) => uri.scheme === 'file');
    const active = vscode.window.activeTextEditor?.document.uri;
    const files = [...(active && active.scheme === 'file' ? [active.fsPath] : []), ...open.map((uri) => uri.fsPath)];
    return dynamicConfigurations(files);
  }
}

class AdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  async createDebugAdapterDescriptor(): Promise<vscode.DebugAdapterDescriptor> {
    // The adapter (and the engine behind it) loads on the first debug session only.
    const { createInlineDebugAdapter } = await import('./workflow-features.ts');
    // The session speaks DAP through handleMessage/onDidSendMessage, which is all VS Code asks of an inline adapter.
    return new vscode.DebugAdapterInlineImplementation(createInlineDebugAdapter() as unknown as vscode.DebugAdapter);
  }
}

export function registerDebugging(ctx: Ctx): void {
  ctx.push(vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new ConfigurationProvider()));
  ctx.push(vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new DynamicConfigurationProvider(), vscode.DebugConfigurationProviderTriggerKind.Dynamic));
  ctx.push(vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new AdapterFactory()));
  // A debugged run is stored like any other: show it in the Runs view and the editor when it ends.
  ctx.push(
    vscode.debug.onDidTerminateDebugSession((session) => {
      if (session.type !== DEBUG_TYPE) return;
      const program = session.configuration['program'];
      ctx.fireRunsChanged(typeof program === 'string' ? { file: program } : {});
    }),
  );
}
