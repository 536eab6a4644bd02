// A minimal LSP client for protocol tests: a vscode-jsonrpc MessageConnection plus helpers to
// wait for notifications by predicate (never by sleeping) and to speak the usual requests.

import type { MessageConnection } from 'vscode-jsonrpc';
import type { InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver';

export class TestClient {
  readonly connection: MessageConnection;
  private readonly received: PublishDiagnosticsParams[] = [];
  private readonly waiters: { predicate: (params: PublishDiagnosticsParams) => boolean; resolve: (params: PublishDiagnosticsParams) => void }[] = [];
  readonly logs: string[] = [];

  constructor(connection: MessageConnection) {
    this.connection = connection;
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.received.push(params);
      for (const waiter of [...this.waiters]) {
        if (waiter.predicate(params)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    // Answer the server's dynamic registrations so its promise settles.
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
  }

  /** Every publishDiagnostics received so far, in order. */
  get publications(): readonly PublishDiagnosticsParams[] {
    return this.received;
  }

  /** Resolves with the first diagnostics (already received or future) that match. */
  diagnostics(predicate: (params: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    const already = this.received.find(predicate);
    if (already) return Promise.resolve(already);
    return new Promise((resolve) => this.waiters.push({ predicate, resolve }));
  }

  async initialize(rootUri: string | null, initializationOptions: Record<string, unknown> = {}): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: null,
      rootUri,
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
      initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  open(uri: string, text: string, version = 1, languageId = 'yaml'): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: unknown[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }
}
