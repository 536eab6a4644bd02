// http.request against a real HTTP server on 127.0.0.1: parsing, status classification,
// timeouts, cancellation and parameter checks.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ActionError, BUILTIN_ACTION_IMPLEMENTATIONS } from '../../../runtime/src/actions/index.ts';
import { createTestContext } from './test-context.ts';

const httpRequest = BUILTIN_ACTION_IMPLEMENTATIONS.get('http.request')!;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Resolves when the hanging route has received a request, so abort tests need no sleeps. */
let hangingRequestArrived: () => void = () => {};

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const json = (status: number, value: unknown, headers: Record<string, string> = {}): void => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    response.end(JSON.stringify(value));
  };
  switch (url.pathname) {
    case '/json':
      return json(200, { products: [{ id: 1 }, { id: 2 }] });
    case '/echo':
      return json(200, {
        method: request.method,
        query: Object.fromEntries(url.searchParams),
        contentType: request.headers['content-type'] ?? null,
        custom: request.headers['x-custom'] ?? null,
        body: await readBody(request),
      });
    case '/missing':
      return json(404, { error: 'no such thing' });
    case '/broken':
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('boom');
      return;
    case '/busy':
      return json(429, { error: 'slow down' }, { 'retry-after': '2' });
    case '/text':
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('plain words');
      return;
    case '/hang':
      hangingRequestArrived();
      return; // Never answers.
    default:
      return json(500, { error: 'unexpected route' });
  }
}

void describe('http.request', () => {
  const server = createServer((request, response) => {
    void handle(request, response);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  let base = '';

  before(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    for (const socket of sockets) socket.destroy();
    server.close();
    await once(server, 'close');
  });

  async function failure(params: Record<string, unknown>, ctx = createTestContext()): Promise<ActionError> {
    const error: unknown = await httpRequest.run(params, ctx).then(
      () => assert.fail('expected the request to fail'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof ActionError, `expected an ActionError, got ${String(error)}`);
    return error;
  }

  void it('parses a JSON response body', async () => {
    const output = (await httpRequest.run({ url: `${base}/json` }, createTestContext())) as Record<string, unknown>;
    assert.equal(output.status, 200);
    assert.deepEqual(output.body, { products: [{ id: 1 }, { id: 2 }] });
    assert.match((output.headers as Record<string, string>)['content-type'], /application\/json/);
  });

  void it('sends object bodies as JSON, with query and headers', async () => {
    const output = (await httpRequest.run(
      {
        method: 'post',
        url: `${base}/echo?fixed=1`,
        query: { q: 'shoes & socks', page: 2, tags: ['a', 'b'], skipped: null },
        headers: { 'X-Custom': 'yes' },
        body: { name: 'Ann' },
      },
      createTestContext(),
    )) as { body: Record<string, unknown> };
    assert.deepEqual(output.body, {
      method: 'POST',
      query: { fixed: '1', q: 'shoes & socks', page: '2', tags: 'b' },
      contentType: 'application/json',
      custom: 'yes',
      body: '{"name":"Ann"}',
    });
  });

  void it('returns a text body as a string', async () => {
    const output = (await httpRequest.run({ url: `${base}/text` }, createTestContext())) as Record<string, unknown>;
    assert.equal(output.body, 'plain words');
  });

  void it('fails a 404 with http-status, not retryable, keeping the response in details', async () => {
    const error = await failure({ url: `${base}/missing?token=s3cret` });
    assert.equal(error.code, 'http-status');
    assert.equal(error.retryable, false);
    assert.equal((error.details as { status: number }).status, 404);
    assert.deepEqual((error.details as { body: unknown }).body, { error: 'no such thing' });
    assert.doesNotMatch(error.message, /s3cret/, 'the query string may hold secrets');
  });

  void it('returns a 404 as output with failOnStatus: false', async () => {
    const output = (await httpRequest.run({ url: `${base}/missing`, failOnStatus: false }, createTestContext())) as Record<
      string,
      unknown
    >;
    assert.equal(output.status, 404);
  });

  void it('marks 500 and 429 retryable, with Retry-After in milliseconds', async () => {
    const server500 = await failure({ url: `${base}/broken` });
    assert.equal(server500.code, 'http-status');
    assert.equal(server500.retryable, true);
    const busy = await failure({ url: `${base}/busy` });
    assert.equal(busy.retryable, true);
    assert.equal((busy.details as { retryAfterMs: number }).retryAfterMs, 2000);
  });

  void it('fails with timeout when the server does not answer within timeoutMs', async () => {
    const error = await failure({ url: `${base}/hang`, timeoutMs: 50 });
    assert.equal(error.code, 'timeout');
    assert.equal(error.retryable, true);
  });

  void it("rejects with the signal's reason when the run is cancelled", async () => {
    const controller = new AbortController();
    const arrived = new Promise<void>((resolve) => (hangingRequestArrived = resolve));
    const pending = httpRequest.run({ url: `${base}/hang` }, createTestContext({ signal: controller.signal }));
    await arrived;
    const reason = new Error('run cancelled');
    controller.abort(reason);
    await assert.rejects(pending, (error: unknown) => error === reason);
  });

  void it('fails with a retryable network-error when nothing listens', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    const error = await failure({ url: `http://127.0.0.1:${port}/` });
    assert.equal(error.code, 'network-error');
    assert.equal(error.retryable, true);
  });

  void it('rejects bad parameters with invalid-parameters', async () => {
    for (const params of [
      {},
      { url: 42 },
      { url: `${base}/json`, method: 'GET', body: { a: 1 } },
      { url: `${base}/json`, headers: { 'X-Bad': 'a\r\nInjected: yes' } },
      { url: `${base}/json`, timeoutMs: 'soon' },
      { url: `${base}/json`, query: { q: { nested: true } } },
    ]) {
      const error = await failure(params);
      assert.equal(error.code, 'invalid-parameters', JSON.stringify(params));
    }
  });
});
