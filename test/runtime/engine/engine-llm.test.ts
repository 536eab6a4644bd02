// llm steps through the real Anthropic SDK against the local fake Messages API server: text and
// JSON output, a shared `thread`, tools backed by actions (recorded in the trace), usage in the
// trace, and clear errors for a missing API key and an answer that is not JSON.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fakeReply, startFakeMessagesServer, systemText, type FakeMessagesServer, type FakeRequest } from '../../support/fake-messages-server.ts';
import { createHarness, workflow } from './engine-harness.ts';

const API_KEY = 'sk-ant-test-engine-0001';
const harness = createHarness();
let server: FakeMessagesServer;
let script: ((request: FakeRequest, index: number) => ReturnType<typeof fakeReply.text>) | undefined;

before(async () => {
  server = await startFakeMessagesServer({
    respond: (request, index) => {
      if (script) return script(request, index);
      if (/json/i.test(systemText(request.body))) return fakeReply.json({ category: 'refund', urgency: 'high' });
      return fakeReply.text(`echo ${index}`);
    },
  });
});
after(async () => {
  harness.close();
  await server.close();
});

const env = () => ({ ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: server.url });

describe('engine llm steps', () => {
  it('returns text output and records model and usage in the trace, not the output', async () => {
    script = undefined;
    const result = await harness.run(
      workflow(`  - stepSlug: ask
    stepType: llm
    config: { systemPrompt: "You are terse.", userPrompt: "Say hi to <<input.name>>", maxTokens: 50, model: claude-test-model }
`, 'output: <<steps.ask.output>>\n'),
      { name: 'Ada' },
      { env: env() },
    );
    assert.equal(result.status, 'completed', JSON.stringify(result.error));
    assert.match(String(result.output), /^echo \d+$/);
    const request = server.requests.at(-1)!;
    assert.equal(request.body.model, 'claude-test-model');
    assert.deepEqual(request.body.messages, [{ role: 'user', content: 'Say hi to Ada' }]);
    const record = harness.store.listSteps(result.runId).find((step) => step.stepSlug === 'ask')!;
    const extra = record.extra as { model: string; usage: { inputTokens: number; outputTokens: number } };
    assert.equal(typeof extra.model, 'string');
    assert.ok(extra.usage.outputTokens > 0);
    assert.deepEqual((record.params as { userPrompt: string }).userPrompt, 'Say hi to Ada');
  });

  it('parses JSON output, validates it against outputSchema and shares a thread between steps', async () => {
    script = undefined;
    const result = await harness.run(
      workflow(`  - stepSlug: classify
    stepType: llm
    config:
      systemPrompt: Classify the message as JSON.
      userPrompt: "<<input.message>>"
      outputFormat: json
      thread: triage
      outputSchema: { type: object, required: [category, urgency], properties: { category: { type: string }, urgency: { type: string } } }
    nextSteps: { success: follow_up }
  - stepSlug: follow_up
    stepType: llm
    config: { systemPrompt: Be brief., userPrompt: Why?, thread: triage }
`, 'output: { category: <<steps.classify.output.category>>, why: <<steps.follow_up.output>> }\n'),
      { message: 'I want my money back' },
      { env: env() },
    );
    assert.equal(result.status, 'completed', JSON.stringify(result.error));
    assert.equal((result.output as { category: string }).category, 'refund');
    const second = server.requests.at(-1)!.body.messages as Array<{ role: string; content: unknown }>;
    assert.deepEqual(second.map((message) => message.role), ['user', 'assistant', 'user']);
    assert.equal(second[0]!.content, 'I want my money back');
    assert.equal(second[2]!.content, 'Why?');
  });

  it('offers actions as tools and records each tool call', async () => {
    harness.store.createRecord('products', { name: 'Lamp', active: true }, 'p1');
    let calls = 0;
    script = (request) => {
      if (calls++ === 0) return fakeReply.toolUse([{ name: 'records_query', input: { collection: 'products', filter: { active: true } } }]);
      const messages = request.body.messages as Array<{ content: unknown }>;
      return fakeReply.text(`tool said: ${JSON.stringify(messages.at(-1)!.content).includes('Lamp') ? 'Lamp' : 'nothing'}`);
    };
    try {
      const result = await harness.run(
        workflow(`  - stepSlug: pick
    stepType: llm
    config: { systemPrompt: Pick a product., tools: [records.query] }
`, 'output: <<steps.pick.output>>\n'),
        undefined,
        { env: env() },
      );
      assert.equal(result.output, 'tool said: Lamp');
      const record = harness.store.listSteps(result.runId).find((step) => step.stepSlug === 'pick')!;
      const calls = (record.extra as { toolCalls: Array<{ name: string; actionName: string; output: { count: number } }> }).toolCalls;
      assert.deepEqual(calls.map((call) => [call.name, call.actionName, call.output.count]), [['records_query', 'records.query', 1]]);
    } finally {
      script = undefined;
    }
  });

  it('fails clearly without an API key, naming ANTHROPIC_API_KEY', async () => {
    const result = await harness.run(workflow(`  - stepSlug: ask\n    stepType: llm\n    config: { systemPrompt: Hi }\n`), undefined, { env: {} });
    assert.equal(result.status, 'failed');
    assert.equal(result.error?.code, 'missing-api-key');
    assert.match(result.error!.message, /ANTHROPIC_API_KEY/);
  });

  it('takes the error port when the answer is not JSON, and never leaks the API key', async () => {
    script = () => fakeReply.text(`not json at all, key ${API_KEY}`);
    try {
      const result = await harness.run(
        workflow(`  - stepSlug: ask
    stepType: llm
    config: { systemPrompt: Answer in JSON., outputFormat: json }
    nextSteps: { success: end, error: fallback }
  - stepSlug: fallback
    stepType: action
    config: { type: log, parameters: { message: "<<steps.ask.error.code>>: <<steps.ask.error.message>>" } }
`, 'output: <<steps.fallback.output.message>>\n'),
        undefined,
        { env: env() },
      );
      assert.equal(result.status, 'completed');
      assert.match(String(result.output), /^llm-invalid-json: /);
      assert.ok(!JSON.stringify(harness.store.listSteps(result.runId)).includes(API_KEY));
      assert.ok(!JSON.stringify(harness.events).includes(API_KEY));
    } finally {
      script = undefined;
    }
  });
});
