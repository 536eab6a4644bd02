// runLlmStep through the real Anthropic SDK against the local fake Messages API: what goes over
// the wire, what comes back, and how every failure is typed. Nothing here reaches the internet.

import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { runLlmStep, IMPLICIT_USER_PROMPT } from '../../../runtime/src/llm/run-llm-step.ts';
import type { LlmStepRequest, LlmTool, MessageParam } from '../../../runtime/src/llm/run-llm-step.ts';
import { DEFAULT_LLM_MODEL, DEFAULT_MAX_TOKENS } from '../../../runtime/src/llm/llm-defaults.ts';
import { LlmError } from '../../../runtime/src/llm/llm-error.ts';
import type { LlmErrorCode } from '../../../runtime/src/llm/llm-error.ts';
import { fakeReply, startFakeMessagesServer, systemText, toolNamesOf } from '../../support/fake-messages-server.ts';
import type { FakeMessagesServer, FakeMessagesServerOptions } from '../../support/fake-messages-server.ts';

const API_KEY = 'sk-ant-test-key-0123456789';

async function serve(t: TestContext, options: FakeMessagesServerOptions = {}): Promise<FakeMessagesServer> {
  const server = await startFakeMessagesServer(options);
  t.after(() => server.close());
  return server;
}

function run(server: FakeMessagesServer, req: LlmStepRequest, extra: { signal?: AbortSignal; apiKey?: string } = {}) {
  return runLlmStep(req, { apiKey: extra.apiKey ?? API_KEY, baseURL: server.url, ...(extra.signal ? { signal: extra.signal } : {}) });
}

function rejectsWith(code: LlmErrorCode, check?: (error: LlmError) => void): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof LlmError, `expected an LlmError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    check?.(error);
    return true;
  };
}

function echoTool(actionName: string, invoke: LlmTool['invoke']): LlmTool {
  return {
    actionName,
    description: `The ${actionName} action`,
    inputSchema: { type: 'object', properties: { collection: { type: 'string' } } },
    invoke,
  };
}

test('text output: the answer is the text, and the request carries key, model, prompts and token budget', async (t) => {
  const server = await serve(t, { respond: () => fakeReply.text('Hello there') });
  const result = await run(server, { systemPrompt: 'Be brief.', userPrompt: 'Greet me' });

  assert.equal(result.output, 'Hello there');
  assert.equal(result.model, DEFAULT_LLM_MODEL);
  assert.equal(result.stopReason, 'end_turn');
  assert.deepEqual(result.toolCalls, []);
  assert.deepEqual(result.warnings, []);

  const [request] = server.requests;
  assert.equal(request!.apiKey, API_KEY);
  assert.equal(request!.body.model, DEFAULT_LLM_MODEL);
  assert.equal(request!.body.max_tokens, DEFAULT_MAX_TOKENS);
  assert.equal(request!.body.system, 'Be brief.');
  assert.deepEqual(request!.body.messages, [{ role: 'user', content: 'Greet me' }]);
  assert.equal('tools' in request!.body, false);
});

test('model and maxTokens are forwarded; temperature is not sent (API 2026-10-21 rejects it) and is reported', async (t) => {
  const server = await serve(t, { respond: () => fakeReply.text('ok') });
  const result = await run(server, { systemPrompt: 'S', userPrompt: 'U', model: 'claude-haiku-5-5', maxTokens: 321, temperature: 0.2 });

  const body = server.requests[0]!.body;
  assert.equal(body.model, 'claude-haiku-5-5');
  assert.equal(body.max_tokens, 321);
  assert.equal('temperature' in body, false);
  assert.equal(result.model, 'claude-haiku-5-5');
  assert.equal(result.warnings.length, 1);
  assert.match(result.warnings[0]!, /temperature/);
});

test('a step without userPrompt still sends a user turn', async (t) => {
  const server = await serve(t, { respond: () => fakeReply.text('done') });
  await run(server, { systemPrompt: 'Write a haiku about rain.' });
  assert.deepEqual(server.requests[0]!.body.messages, [{ role: 'user', content: IMPLICIT_USER_PROMPT }]);
});

test('json output: the schema goes into the system prompt and the parsed answer validates', async (t) => {
  // The fake's default responder builds its answer from the schema the runtime embeds.
  const server = await serve(t);
  const outputSchema = {
    type: 'object',
    required: ['products', 'reason'],
    properties: {
      products: { type: 'array', minItems: 3, items: { type: 'object', required: ['sku'], properties: { sku: { type: 'string' }, score: { type: 'number', minimum: 0 } } } },
      reason: { type: 'string', minLength: 10 },
      tier: { enum: ['gold', 'silver'] },
    },
  };
  const result = await run(server, { systemPrompt: 'Recommend products.', userPrompt: 'Customer 42', outputFormat: 'json', outputSchema });

  assert.deepEqual(result.output, {
    products: [{ sku: 'sample', score: 0 }, { sku: 'sample', score: 0 }, { sku: 'sample', score: 0 }],
    reason: 'samplexxxx',
    tier: 'gold',
  });
  const system = systemText(server.requests[0]!.body);
  assert.match(system, /^Recommend products\.\n\n/);
  assert.match(system, /only a JSON value/);
  assert.ok(system.includes(JSON.stringify(outputSchema, null, 2)), 'the schema is embedded verbatim');
});

test('json output tolerates leading prose and ```json fences', async (t) => {
  const server = await serve(t, {
    respond: () => fakeReply.text('Sure! Here is the result:\n```json\n{ "total": 12, "items": ["a", "b"] }\n```\nLet me know.'),
  });
  const result = await run(server, {
    systemPrompt: 'Count.',
    outputFormat: 'json',
    outputSchema: { type: 'object', properties: { total: { type: 'integer' } }, required: ['total'] },
  });
  assert.deepEqual(result.output, { total: 12, items: ['a', 'b'] });
});

test('json output that is not JSON fails with llm-invalid-json and an excerpt', async (t) => {
  const server = await serve(t, { respond: () => fakeReply.text('I am sorry, I cannot produce that list today.') });
  await assert.rejects(
    run(server, { systemPrompt: 'List.', outputFormat: 'json' }),
    rejectsWith('llm-invalid-json', (error) => {
      assert.match(error.message, /I am sorry, I cannot produce/);
      assert.equal(error.retryable, false);
      assert.ok(error.usage && error.usage.inputTokens > 0, 'tokens spent are reported');
    }),
  );
});

test('json that violates outputSchema fails with llm-schema-violation naming each failing path', async (t) => {
  const server = await serve(t, { respond: () => fakeReply.json({ products: [{ sku: 7 }], extra: true }) });
  const outputSchema = {
    type: 'object',
    required: ['products', 'reason'],
    additionalProperties: false,
    properties: { products: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } } } }, reason: { type: 'string' } },
  };
  await assert.rejects(
    run(server, { systemPrompt: 'Recommend.', outputFormat: 'json', outputSchema }),
    rejectsWith('llm-schema-violation', (error) => {
      assert.match(error.message, /\/reason is required/);
      assert.match(error.message, /\/products\/0\/sku must be string/);
      assert.match(error.message, /\/extra is not allowed/);
      const violations = (error.details as { violations: Array<{ path: string }> }).violations.map((v) => v.path).sort();
      assert.deepEqual(violations, ['/extra', '/products/0/sku', '/reason']);
    }),
  );
});

test('an invalid outputSchema fails before any request is made', async (t) => {
  const server = await serve(t);
  await assert.rejects(
    run(server, { systemPrompt: 'x', outputFormat: 'json', outputSchema: { type: 'nonsense' } }),
    rejectsWith('llm-invalid-config'),
  );
  assert.equal(server.requests.length, 0);
});

test('tools: two tool rounds, one tool failing, results sent back, calls recorded', async (t) => {
  const server = await serve(t, {
    respond: (_request, callIndex) => {
      if (callIndex === 0) return fakeReply.toolUse([{ name: 'records_query', input: { collection: 'customers' } }], { usage: { input_tokens: 10, output_tokens: 5 } });
      if (callIndex === 1) return fakeReply.toolUse([{ name: 'email_send', input: { to: 'a@example.com' } }], { text: 'Now the email.', usage: { input_tokens: 20, output_tokens: 6 } });
      return fakeReply.text('Could not send the email.', { usage: { input_tokens: 30, output_tokens: 7 } });
    },
  });
  const queried: unknown[] = [];
  const tools = [
    echoTool('records.query', async (input) => {
      queried.push(input);
      return { records: [{ id: 'c1' }], count: 1 };
    }),
    echoTool('email.send', async () => {
      throw Object.assign(new Error(`SMTP refused (token ${API_KEY})`), { code: 'smtp-refused' });
    }),
  ];
  const result = await run(server, { systemPrompt: 'Help.', userPrompt: 'Email the customers', tools });

  assert.equal(result.output, 'Could not send the email.');
  assert.deepEqual(queried, [{ collection: 'customers' }]);
  assert.deepEqual(result.usage, { inputTokens: 60, outputTokens: 18 }, 'usage is summed over all rounds');
  assert.equal(server.requests.length, 3);

  // Offered under `_` names, with the action's parameter schema.
  const first = server.requests[0]!.body;
  assert.deepEqual(toolNamesOf(first), ['records_query', 'email_send']);
  assert.deepEqual((first.tools as Array<{ input_schema: unknown; description: unknown }>)[0], {
    name: 'records_query',
    description: 'The records.query action',
    input_schema: { type: 'object', properties: { collection: { type: 'string' } } },
  });

  // Round one's result, then round two's error result, each answering the preceding tool_use.
  const second = server.requests[1]!.body.messages as Array<{ role: string; content: unknown }>;
  const okResult = (second[2]!.content as Array<Record<string, unknown>>)[0]!;
  assert.equal(okResult.type, 'tool_result');
  assert.equal(okResult.is_error, undefined);
  assert.deepEqual(JSON.parse(okResult.content as string), { records: [{ id: 'c1' }], count: 1 });

  const third = server.requests[2]!.body.messages as Array<{ role: string; content: unknown }>;
  const errorResult = (third[4]!.content as Array<Record<string, unknown>>)[0]!;
  assert.equal(errorResult.is_error, true);
  assert.match(errorResult.content as string, /smtp-refused/);
  assert.match(errorResult.content as string, /SMTP refused/);
  assert.ok(!(errorResult.content as string).includes(API_KEY), 'the API key is scrubbed from tool errors');

  assert.deepEqual(
    result.toolCalls.map(({ durationMs: _d, ...call }) => call),
    [
      { name: 'records_query', actionName: 'records.query', input: { collection: 'customers' }, output: { records: [{ id: 'c1' }], count: 1 } },
      { name: 'email_send', actionName: 'email.send', input: { to: 'a@example.com' }, error: { code: 'smtp-refused', message: 'SMTP refused (token [redacted])' } },
    ],
  );
  assert.ok(result.toolCalls.every((call) => typeof call.durationMs === 'number' && call.durationMs >= 0));
  assert.deepEqual(result.messages.map((m) => m.role), ['user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
});

test('a tool the step does not offer gets an is_error result, not a crash', async (t) => {
  const server = await serve(t, {
    respond: (_request, callIndex) => (callIndex === 0 ? fakeReply.toolUse([{ name: 'delete_everything', input: {} }]) : fakeReply.text('ok')),
  });
  const result = await run(server, { systemPrompt: 'x', userPrompt: 'y', tools: [echoTool('log', async () => null)] });
  assert.equal(result.toolCalls[0]!.error?.code, 'unknown-tool');
  const messages = server.requests[1]!.body.messages as Array<{ content: Array<Record<string, unknown>> }>;
  assert.equal(messages[2]!.content[0]!.is_error, true);
});

test('the tool loop is bounded by maxToolRounds', async (t) => {
  const server = await serve(t, { respond: () => fakeReply.toolUse([{ name: 'log', input: { message: 'again' } }]) });
  let invocations = 0;
  const tools = [echoTool('log', async () => ++invocations)];
  await assert.rejects(
    run(server, { systemPrompt: 'x', userPrompt: 'y', tools, maxToolRounds: 2 }),
    rejectsWith('llm-tool-loop', (error) => assert.match(error.message, /2 rounds/)),
  );
  assert.equal(invocations, 2);
  assert.equal(server.requests.length, 3);
});

test('thread history is sent before the prompt and returned extended, without being mutated', async (t) => {
  const server = await serve(t, { respond: () => fakeReply.text('Blue.') });
  const history: MessageParam[] = [
    { role: 'user', content: 'My favourite colour is blue.' },
    { role: 'assistant', content: [{ type: 'text', text: 'Noted.' }] },
  ];
  const snapshot = structuredClone(history);
  const result = await run(server, { systemPrompt: 'Remember things.', userPrompt: 'What is my favourite colour?', history });

  assert.deepEqual(server.requests[0]!.body.messages, [...snapshot, { role: 'user', content: 'What is my favourite colour?' }]);
  assert.deepEqual(history, snapshot);
  assert.equal(result.messages.length, 4);
  assert.deepEqual(result.messages.slice(0, 3), server.requests[0]!.body.messages);
  assert.deepEqual(result.messages[3], { role: 'assistant', content: [{ type: 'text', text: 'Blue.', citations: null }] });
});

test('a missing API key fails before any request, naming ANTHROPIC_API_KEY and .env', async (t) => {
  const server = await serve(t);
  for (const apiKey of [undefined, '', '   ']) {
    await assert.rejects(
      runLlmStep({ systemPrompt: 'x' }, { ...(apiKey === undefined ? {} : { apiKey }), baseURL: server.url }),
      rejectsWith('missing-api-key', (error) => {
        assert.match(error.message, /ANTHROPIC_API_KEY/);
        assert.match(error.message, /environment variable/);
        assert.match(error.message, /\.env/);
        assert.equal(error.retryable, false);
      }),
    );
  }
  assert.equal(server.requests.length, 0);
});

test('a rejected key (401) is llm-auth, not retryable, and the message never contains the key', async (t) => {
  const server = await serve(t, { apiKeys: ['sk-ant-the-right-one'] });
  await assert.rejects(
    run(server, { systemPrompt: 'x' }),
    rejectsWith('llm-auth', (error) => {
      assert.equal(error.status, 401);
      assert.equal(error.retryable, false);
      assert.match(error.message, /rejected the API key/);
      assert.ok(!error.message.includes(API_KEY));
      assert.ok(!JSON.stringify(error).includes(API_KEY));
    }),
  );
  assert.equal(server.requests[0]!.apiKey, API_KEY, 'the key was sent, in a header');
});

test('server errors map to typed, correctly retryable errors, with the SDK retries off', async (t) => {
  const cases: Array<{ status: number; code: LlmErrorCode; retryable: boolean; headers?: Record<string, string> }> = [
    { status: 529, code: 'llm-server-error', retryable: true },
    { status: 500, code: 'llm-server-error', retryable: true },
    { status: 503, code: 'llm-server-error', retryable: true },
    { status: 429, code: 'llm-rate-limited', retryable: true, headers: { 'retry-after': '7' } },
    { status: 400, code: 'llm-bad-request', retryable: false },
    { status: 404, code: 'llm-bad-request', retryable: false },
    { status: 403, code: 'llm-auth', retryable: false },
  ];
  for (const c of cases) {
    const server = await serve(t, { respond: () => ({ kind: 'error', status: c.status, message: `fake ${c.status}`, ...(c.headers ? { headers: c.headers } : {}) }) });
    await assert.rejects(
      run(server, { systemPrompt: 'x' }),
      rejectsWith(c.code, (error) => {
        assert.equal(error.status, c.status);
        assert.equal(error.retryable, c.retryable, `${c.status} retryable`);
        assert.match(error.message, new RegExp(`fake ${c.status}`));
        if (c.status === 429) assert.equal(error.retryAfterMs, 7000);
      }),
    );
    assert.equal(server.requests.length, 1, `${c.status}: the SDK did not retry on its own`);
  }
});

test('an unreachable API is llm-connection and retryable', async () => {
  const port = await freePort();
  await assert.rejects(
    runLlmStep({ systemPrompt: 'x' }, { apiKey: API_KEY, baseURL: `http://127.0.0.1:${port}` }),
    rejectsWith('llm-connection', (error) => {
      assert.equal(error.retryable, true);
      assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
    }),
  );
});

test('aborting during a hanging request rejects with aborted', { timeout: 10_000 }, async (t) => {
  const server = await serve(t, { respond: () => fakeReply.hang() });
  const controller = new AbortController();
  const pending = run(server, { systemPrompt: 'x' }, { signal: controller.signal });
  await server.waitForRequests(1);
  controller.abort();
  await assert.rejects(pending, rejectsWith('aborted', (error) => assert.equal(error.retryable, false)));
});

test('a signal aborted for a timeout rejects with timeout', { timeout: 10_000 }, async (t) => {
  const server = await serve(t, { respond: () => fakeReply.hang() });
  const controller = new AbortController();
  const pending = run(server, { systemPrompt: 'x' }, { signal: controller.signal });
  await server.waitForRequests(1);
  controller.abort(new DOMException('step timed out', 'TimeoutError'));
  await assert.rejects(pending, rejectsWith('timeout', (error) => assert.equal(error.retryable, true)));
});

test('an already aborted signal makes no request', async (t) => {
  const server = await serve(t);
  await assert.rejects(run(server, { systemPrompt: 'x' }, { signal: AbortSignal.abort() }), rejectsWith('aborted'));
  assert.equal(server.requests.length, 0);
});

test('actions whose tool names collide are refused before any request', async (t) => {
  const server = await serve(t);
  const tools = [echoTool('records.query', async () => null), echoTool('records_query', async () => null)];
  await assert.rejects(
    run(server, { systemPrompt: 'x', tools }),
    rejectsWith('llm-invalid-config', (error) => assert.match(error.message, /records\.query and records_query/)),
  );
  assert.equal(server.requests.length, 0);
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
