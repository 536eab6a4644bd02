// Starts the Stepline language server (dist/server/main.cjs) over Node IPC and keeps the
// client for the session. Loaded only when the first workflow document opens, so activating
// the extension in a folder without open workflows costs nothing here.

import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { LANGUAGE_SERVER_NODE_FLAGS, serverEnvironment } from '../../server/src/node-flags.ts';
import { LastRunChangedNotification, WorkspaceTrustChangedNotification, type SteplineInitializationOptions } from '../../server/src/protocol.ts';
import { LANGUAGE_ID } from './contribution-ids.ts';
import type { Ctx } from './ctx.ts';

export interface SteplineLanguageClient {
  /** Tells the server a workflow's last run changed, so hovers and completion show its values. */
  notifyLastRun(uri: vscode.Uri, runId: string, outputs: Record<string, unknown> | null): void;
  dispose(): Promise<void>;
}

export async function startLanguageClient(ctx: Ctx): Promise<SteplineLanguageClient> {
  const module = vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'server', 'main.cjs').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...LANGUAGE_SERVER_NODE_FLAGS], env: serverEnvironment(process.env) } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...LANGUAGE_SERVER_NODE_FLAGS, '--nolazy', '--inspect=6009'], env: serverEnvironment(process.env) } },
  };
  const firstFolder = vscode.workspace.workspaceFolders?.[0];
  const initializationOptions: SteplineInitializationOptions = {
    workspaceTrusted: vscode.workspace.isTrusted,
    ...(firstFolder ? { storeDir: vscode.Uri.joinPath(firstFolder.uri, '.stepline').fsPath } : {}),
  };
  const clientOptions: LanguageClientOptions = {
    // By file name as well as by language, so a user's files.associations cannot hide a workflow.
    documentSelector: [
      { language: LANGUAGE_ID },
      { scheme: 'file', pattern: '**/*.flow.yaml' },
      { scheme: 'file', pattern: '**/*.flow.yml' },
      { scheme: 'file', pattern: '**/*.flow.json' },
    ],
    initializationOptions,
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/actions/**/*.{ts,js,mjs,mts}') },
  };
  const client = new LanguageClient('stepline', 'Stepline Language Server', serverOptions, clientOptions);
  const trustListener = vscode.workspace.onDidGrantWorkspaceTrust(() => {
    void client.sendNotification(WorkspaceTrustChangedNotification, { trusted: true });
  });
  const started = performance.now();
  await client.start();
  ctx.log(`Language server started in ${Math.round(performance.now() - started)} ms.`);
  // Both deactivate() and the Ctx dispose the client; stopping happens once.
  let stopping: Promise<void> | undefined;
  return {
    notifyLastRun(uri, runId, outputs) {
      void client.sendNotification(LastRunChangedNotification, { uri: uri.toString(), runId, outputs });
    },
    dispose() {
      stopping ??= (async () => {
        trustListener.dispose();
        await client.stop();
      })();
      return stopping;
    },
  };
}
