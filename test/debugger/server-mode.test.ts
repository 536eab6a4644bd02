// `--server=PORT` mode of the adapter (used to debug the adapter itself): a DAP client connects
// over TCP and gets a working session.

import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { serveDebugAdapter } from '../../debugger/src/main.ts';

describe('the adapter as a TCP server', () => {
  const server = serveDebugAdapter(0);
  const client = new DebugClient('node', '', 'stepline');

  after(async () => {
    await client.stop();
    server.close();
  });

  test('answers initialize over a TCP connection', async () => {
    await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
    await client.start((server.address() as AddressInfo).port);
    const response = await client.initializeRequest({ adapterID: 'stepline', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
    assert.equal(response.success, true);
    assert.equal(response.body?.supportsConfigurationDoneRequest, true);
  });
});
