// The server over a real JSON-RPC connection, in process: both ends are real (the server's
// vscode-languageserver/node connection and a vscode-jsonrpc client) joined by two PassThrough
// streams. Covers initialize, diagnostics on open and after incremental edits, completion,
// hover, rename (and its refusal), custom messages, shutdown and exit.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it, mock } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { CompletionList, Hover, InitializeResult, WorkspaceEdit } from 'vscode-languageserver';
import { createConnection } from 'vscode-languageserver/node';
import { LastRunChangedNotification, WorkflowGraphRequest, type WorkflowGraph } from '../../../server/src/protocol.ts';
import { startServer, type ServerHandle } from '../../../server/src/server.ts';
import { TestClient } from '../support/lsp-client.ts';
import { ORDERS_WORKFLOW } from '../support/workflows.ts';

describe('language server over JSON-RPC', { timeout: 60_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'stepline-lsp-'));
  const uri = pathToFileURL(join(root, 'orders.flow.yaml')).href;
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  let client: TestClient;
  let initialized: InitializeResult;
  let server: ServerHandle;

  /** A workspace action whose module would leave a marker file if it were ever run. */
  const actionModule = (name: string) =>
    `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(join(root, 'ran.txt'))}, 'ran');\nexport default { name: '${name}', description: 'Talks to the CRM.', sideEffects: false, parameters: {}, output: {}, run: () => ({}) };\n`;

  before(async () => {
    mkdirSync(join(root, 'actions'));
    writeFileSync(join(root, 'actions', 'crm-lookup.ts'), actionModule('crm.lookup'));
    const connection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    server = startServer(connection, { runReader: async () => undefined });
    connection.listen();
    client = new TestClient(createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer)));
    initialized = await client.initialize(pathToFileURL(root).href);
  });

  after(() => {
    client.connection.dispose();
    toServer.destroy();
    toClient.destroy();
    rmSync(root, { recursive: true, force: true });
  });

  it('announces every feature', () => {
    const capabilities = initialized.capabilities;
    assert.ok(capabilities.completionProvider);
    assert.equal(capabilities.hoverProvider, true);
    assert.deepEqual(capabilities.renameProvider, { prepareProvider: true });
    assert.ok(capabilities.semanticTokensProvider?.legend.tokenTypes.includes('function'));
    assert.equal(capabilities.textDocumentSync && typeof capabilities.textDocumentSync === 'object' ? capabilities.textDocumentSync.change : undefined, 2);
  });

  it('publishes diagnostics on open, only for workflow files', async () => {
    await client.open(pathToFileURL(join(root, 'notes.yaml')).href, 'steps: [ { stepSlug: x } ]');
    await client.open(uri, ORDERS_WORKFLOW.replace('      success: fail', '      success: fial'), 1, 'plaintext');
    const published = await client.diagnostics((params) => params.uri === uri && params.version === 1);
    assert.deepEqual(published.diagnostics.map((item) => item.code), ['unknown-step']);
    assert.ok(client.publications.every((params) => params.uri === uri), 'nothing is published for files that are not workflows');
  });

  it('re-publishes after an incremental edit, for the new version', async () => {
    const line = ORDERS_WORKFLOW.split('\n').indexOf('      success: fail');
    await client.change(uri, 2, [{ range: { start: { line, character: 15 }, end: { line, character: 19 } }, text: 'fail' }]);
    // A fast pass may first carry the old diagnostics past the edit; the full pass follows.
    const published = await client.diagnostics((params) => params.uri === uri && params.version === 2 && params.diagnostics.length === 0);
    assert.deepEqual(published.diagnostics, []);
  });

  it('publishes versions in order and ends with the latest one after a burst of edits', async () => {
    const line = ORDERS_WORKFLOW.split('\n').indexOf('      success: summarize');
    await client.change(uri, 3, [{ range: { start: { line, character: 15 }, end: { line, character: 24 } }, text: 'x' }]);
    await client.change(uri, 4, [{ range: { start: { line, character: 15 }, end: { line, character: 16 } }, text: 'summarize' }]);
    await client.diagnostics((params) => params.uri === uri && params.version === 4);
    const versions = client.publications.filter((params) => params.uri === uri).map((params) => params.version ?? 0);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
  });

  it('answers completion inside a template', async () => {
    const lines = ORDERS_WORKFLOW.split('\n');
    const line = lines.findIndex((text) => text.includes('message: <<steps.fetch_orders.error.message>>'));
    const character = lines[line]!.indexOf('fetch_orders');
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
    assert.deepEqual(list.items.map((item) => item.label).sort(), ['fetch_orders', 'start']);
  });

  it('answers hover', async () => {
    const line = ORDERS_WORKFLOW.split('\n').indexOf('    stepType: loop');
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line, character: 16 } });
    assert.match((hover.contents as { value: string }).value, /\*\*loop\*\* step/);
  });

  it('renames a step, and refuses a taken name with a message', async () => {
    const line = ORDERS_WORKFLOW.split('\n').indexOf('  - stepSlug: notify');
    const position = { line, character: 16 };
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position, newName: 'tell' });
    assert.equal(edit.changes?.[uri]?.length, 2);
    await assert.rejects(client.request('textDocument/rename', { textDocument: { uri }, position, newName: 'summarize' }), /already exists/);
  });

  it('takes last-run outputs from the client and completes with them', async () => {
    await client.connection.sendNotification(LastRunChangedNotification, { uri, outputs: { fetch_orders: { records: [{ id: 'o1', region: 'eu' }], count: 1 } } });
    const lines = ORDERS_WORKFLOW.split('\n');
    const line = lines.findIndex((text) => text.includes('message: <<steps.fetch_orders.error.message>>'));
    await client.change(uri, 5, [{ range: { start: { line, character: 0 }, end: { line, character: lines[line]!.length } }, text: '        message: <<steps.fetch_orders.output.records[0].>>' }]);
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line, character: '        message: <<steps.fetch_orders.output.records[0].'.length } });
    assert.ok(list.items.some((item) => item.label === 'region'), list.items.map((item) => item.label).join(', '));
  });

  it('knows workspace actions without running them, and re-validates when one is added', async () => {
    const flowUri = pathToFileURL(join(root, 'crm.flow.yaml')).href;
    const flow = 'name: CRM\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    nextSteps: { success: look }\n  - stepSlug: look\n    stepType: action\n    config: { type: crm.lookup }\n    nextSteps: { success: save }\n  - stepSlug: save\n    stepType: action\n    config: { type: crm.update }\n';
    await client.open(flowUri, flow);
    const before = await client.diagnostics((params) => params.uri === flowUri && params.diagnostics.length === 1);
    assert.equal(before.diagnostics[0]!.code, 'unknown-action');
    assert.match(String(before.diagnostics[0]!.message), /crm\.update/);
    writeFileSync(join(root, 'actions', 'crm-update.ts'), actionModule('crm.update'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(root, 'actions', 'crm-update.ts')).href, type: 1 }] });
    await client.diagnostics((params) => params.uri === flowUri && params.diagnostics.length === 0);
    assert.equal(existsSync(join(root, 'ran.txt')), false, 'no workspace code ran in an untrusted workspace');

    // An event that changes nothing (a file saved as it was) does not analyze the open documents
    // again; the next real change (the action removed) does, once.
    const seen = client.publications.length;
    const actionFile = pathToFileURL(join(root, 'actions', 'crm-update.ts')).href;
    const roundTrip = () => client.request(WorkflowGraphRequest.method, { uri: flowUri });
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: actionFile, type: 2 }] });
    await roundTrip(); // the server has taken the event and started the reload
    await server.actionsLoaded();
    await roundTrip(); // anything the reload published has arrived before this answer
    assert.equal(client.publications.length, seen, 'nothing analyzed again');
    rmSync(join(root, 'actions', 'crm-update.ts'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: actionFile, type: 3 }] });
    await roundTrip();
    await server.actionsLoaded();
    await roundTrip();
    assert.deepEqual(client.publications.slice(seen).filter((params) => params.uri === flowUri).map((params) => params.diagnostics.length), [1]);
  });

  it('serves the step graph to the client', async () => {
    const graph = await client.request<WorkflowGraph>(WorkflowGraphRequest.method, { uri });
    assert.equal(graph.version, 5);
    assert.ok(graph.edges.some((edge) => edge.from === 'is_big' && edge.port === 'true' && edge.to === 'each_order'));
    assert.deepEqual(graph.blocks, [{ owner: 'each_order', kind: 'loop', body: ['notify'] }]);
  });

  it('shuts down and exits cleanly', async () => {
    const exit = mock.method(process, 'exit', () => undefined as never);
    try {
      assert.equal(await client.request('shutdown', null), null);
      const exited = new Promise<void>((resolve) => {
        const check = () => (exit.mock.callCount() > 0 ? resolve() : setImmediate(check));
        check();
      });
      await client.connection.sendNotification('exit');
      await exited;
      assert.equal(exit.mock.calls[0]?.arguments[0], 0);
    } finally {
      exit.mock.restore();
    }
  });
});
