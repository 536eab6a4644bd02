// The fake Messages API itself: its wire format, the checks it shares with the real API, and the
// default responder that lets example workflows run without a script.

import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { defaultRespond, startFakeMessagesServer } from '../../support/fake-messages-server.ts';
import type { FakeMessagesServer, FakeMessagesServerOptions, FakeRequest } from '../../support/fake-messages-server.ts';

async function serve(t: TestContext, options: FakeMessagesServerOptions = {}): Promise<FakeMessagesServer> {
  const server = await startFakeMessagesServer(options);
  t.after(() => server.close());
  return server;
}

async function post(server: FakeMessagesServer, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2026-10-21', authorization: 'Bearer k', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const minimal = { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'Hi there' }] };

test('answers with a complete message object and records the request', async (t) => {
  const server = await serve(t);
  const { status, body } = await post(server, minimal, { 'x-custom': 'yes' });
  assert.equal(status, 200);
  assert.equal(body.type, 'message');
  assert.equal(body.role, 'assistant');
  assert.equal(body.model, 'm');
  assert.equal(body.stop_reason, 'end_turn');
  assert.equal(body.stop_sequence, null);
  assert.deepEqual(body.content, [{ type: 'text', text: 'Fake answer to: Hi there', citations: null }]);
  assert.ok(body.usage.input_tokens > 0 && body.usage.output_tokens > 0);
  assert.equal(server.requests[0]!.apiKey, 'k');
  assert.equal(server.requests[0]!.headers['x-custom'], 'yes');
});

test('errors use the API error body and status', async (t) => {
  const server = await serve(t, { apiKeys: ['good'] });
  const { status, body } = await post(server, minimal, { authorization: 'Bearer bad' });
  assert.equal(status, 401);
  assert.deepEqual(body.error, { type: 'authentication_error', message: 'invalid x-api-key' });
  assert.equal(body.type, 'error');
});

test('rejects what the real API rejects: sampling parameters, unpaired tool results, bad tool names', async (t) => {
  const server = await serve(t);
  assert.match((await post(server, { ...minimal, temperature: 1 })).body.error.message, /temperature: Extra inputs/);
  const unpaired = { ...minimal, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_x', content: 'r' }] }] };
  assert.equal((await post(server, unpaired)).status, 400);
  const unanswered = {
    ...minimal,
    messages: [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'a', input: {} }] },
      { role: 'user', content: 'no results' },
    ],
  };
  assert.match((await post(server, unanswered)).body.error.message, /without tool_result: t1/);
  assert.equal((await post(server, { ...minimal, tools: [{ name: 'records.query', input_schema: { type: 'object' } }] })).status, 400);
  assert.equal((await post(server, minimal, { 'anthropic-version': '' })).status, 400);
});

test('waitForRequests resolves when the request arrives, and close() ends hanging requests', async () => {
  const server = await startFakeMessagesServer({ respond: () => ({ kind: 'hang' }) });
  const arrived = server.waitForRequests(1);
  const hanging = post(server, minimal).catch((error: unknown) => error);
  assert.equal((await arrived).body.model, 'm');
  await server.close();
  assert.ok((await hanging) instanceof Error, 'the hanging request fails once the server closes');
});

function requestWithSystem(system: string): FakeRequest {
  return { method: 'POST', path: '/v1/messages', headers: {}, apiKey: 'k', body: { ...minimal, system } };
}

test('default responder: JSON built from a fenced schema in the system prompt', () => {
  const schema = {
    type: 'object',
    required: ['id'],
    $defs: { item: { type: 'object', properties: { qty: { type: 'integer', exclusiveMinimum: 0 } } } },
    properties: {
      id: { type: 'string', const: 'fixed' },
      items: { type: 'array', items: { $ref: '#/$defs/item' } },
      note: { type: ['null', 'string'] },
      choice: { oneOf: [{ type: 'boolean' }, { type: 'string' }] },
      merged: { allOf: [{ properties: { a: { type: 'number' } } }, { properties: { b: { type: 'null' } } }] },
    },
  };
  const reply = defaultRespond(requestWithSystem(`Answer in JSON matching:\n\`\`\`json\n${JSON.stringify(schema)}\n\`\`\``));
  assert.equal(reply.kind, 'message');
  const text = reply.kind === 'message' && reply.content[0]!.type === 'text' ? reply.content[0]!.text : '';
  assert.deepEqual(JSON.parse(text), { id: 'fixed', items: [{ qty: 1 }], note: 'sample', choice: true, merged: { a: 1, b: null } });
});

test('default responder: JSON without a schema, and text otherwise', () => {
  const json = defaultRespond(requestWithSystem('Reply with JSON.'));
  assert.deepEqual(json.kind === 'message' && json.content[0]!.type === 'text' ? JSON.parse(json.content[0]!.text) : undefined, { fake: true });
  const text = defaultRespond(requestWithSystem('Be nice.'));
  assert.deepEqual(text.kind === 'message' ? text.content : undefined, [{ type: 'text', text: 'Fake answer to: Hi there' }]);
});
