// Every example workflow in examples/ runs end to end on a real store: the LLM steps against the
// local fake Messages API, and HTTP calls to the examples' *.example.com services redirected to a
// local server (the only stand-in: the engine and the actions run unchanged). Each example is
// also checked with the analyzer first, as `stepline run` does.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { analyzeText } from '../../../runtime/src/analysis/analyze.ts';
import { readWorkflowFile, startRun, type RunResult } from '../../../runtime/src/engine/index.ts';
import { fakeReply, startFakeMessagesServer, systemText, type FakeMessagesServer } from '../../support/fake-messages-server.ts';
import { createHarness, type Harness } from './engine-harness.ts';
import { startLocalHttpServer, type LocalHttpServer } from './local-http-server.ts';

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

let llm: FakeMessagesServer;
let services: LocalHttpServer;
const realFetch = globalThis.fetch;
const SECRETS = { ENRICH_API_KEY: 'enrich-key-123', SHOP_API_TOKEN: 'shop-token-456', HELPDESK_TOKEN: 'helpdesk-789', SUPPORT_WEBHOOK_SECRET: 'hook-000', ANTHROPIC_API_KEY: 'sk-ant-examples' };

before(async () => {
  llm = await startFakeMessagesServer({
    respond: (request) => {
      const system = systemText(request.body);
      if (/product specialist/.test(system)) {
        return fakeReply.json({ products: [1, 2, 3].map((n) => ({ id: `p${n}`, name: `Product ${n}`, pitch: 'Fits well.' })), reason: 'They match the plan.' });
      }
      if (/triage customer support/.test(system)) return fakeReply.json({ category: 'question', urgency: 'low', summary: 'Asks about delivery times.' });
      return fakeReply.text('A short, friendly text.');
    },
  });
  services = await startLocalHttpServer((_index, request) => {
    if (request.url.startsWith('/v1/companies')) return { status: 200, body: { name: 'Acme Corp', industry: 'Anvils', employees: 120 } };
    if (request.url.startsWith('/api/orders')) return { status: 200, body: { orders: [{ id: 'o1', total: 42 }] } };
    if (request.url.startsWith('/api/tickets')) return { status: 201, body: { id: 'T-1' } };
    return { status: 404 };
  });
  // The examples call services on *.example.com; send those requests to the local server.
  globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname.endsWith('.example.com')) return realFetch(`${services.url}${url.pathname}${url.search}`, init);
    return realFetch(input, init);
  };
});

after(async () => {
  globalThis.fetch = realFetch;
  await llm.close();
  await services.close();
});

async function runExample(harness: Harness, name: string, input?: unknown): Promise<RunResult> {
  const file = join(EXAMPLES, name);
  const { diagnostics } = analyzeText(readFileSync(file, 'utf8'), { file });
  assert.deepEqual(diagnostics.filter((item) => item.severity === 'error').map((item) => `${item.code}: ${item.message}`), [], `${name} has errors`);
  const result = await startRun({
    document: await readWorkflowFile(file),
    input,
    store: harness.store,
    stateDir: harness.dir,
    env: { ...SECRETS, ANTHROPIC_BASE_URL: llm.url },
    dotenvFiles: [],
    random: () => 0,
  });
  assert.equal(result.status, 'completed', `${name}: ${JSON.stringify(result.error)}`);
  return result;
}

describe('examples', () => {
  it('covers every example file', () => {
    const covered = ['onboard-customers', 'account-review', 'recommend-products', 'enrich-customer', 'import-leads', 'nightly-digest', 'support-triage'];
    const files = readdirSync(EXAMPLES).filter((name) => /\.flow\.(yaml|yml|json)$/.test(name) && !name.startsWith('broken-')).map((name) => name.replace(/\.flow\.\w+$/, ''));
    assert.deepEqual(files.sort(), covered.sort());
  });

  it('onboard-customers welcomes each sign-up once, then recommend-products emails picks', async () => {
    const harness = createHarness();
    try {
      const onboard = await runExample(harness, 'onboard-customers.flow.yaml');
      assert.deepEqual(onboard.output, { welcomed: 2, skipped: 1 });
      for (const id of ['p1', 'p2', 'p3', 'p4']) harness.store.createRecord('products', { name: `Product ${id}`, active: true }, id);
      const input = JSON.parse(readFileSync(join(EXAMPLES, 'recommend-products.input.json'), 'utf8')) as unknown;
      const recommend = await runExample(harness, 'recommend-products.flow.yaml', input);
      assert.equal((recommend.output as { recommended: unknown[] }).recommended.length, 3);
      assert.equal((recommend.output as { emailedTo: string }).emailedTo, 'ada@example.com');
      assert.equal(readdirSync(join(harness.dir, 'outbox')).filter((name) => name.endsWith('.eml')).length, 3);
      assert.equal(harness.store.queryRecords({ collection: 'conversations' }).length, 1);
    } finally {
      harness.close();
    }
  });

  it('account-review walks accounts and their conversations (nested loops, concurrency 4)', async () => {
    const harness = createHarness();
    try {
      harness.store.createRecord('customers', { name: 'Ada', plan: 'pro' }, 'c1');
      harness.store.createRecord('customers', { name: 'Bob', plan: 'pro' }, 'c2');
      harness.store.createRecord('customers', { name: 'Cy', plan: 'free' }, 'c3');
      harness.store.createRecord('conversations', { customerId: 'c1', sentiment: 'negative', status: 'open' }, 'v1');
      harness.store.createRecord('conversations', { customerId: 'c1', sentiment: 'positive', status: 'open' }, 'v2');
      harness.store.createRecord('conversations', { customerId: 'c2', sentiment: 'neutral', status: 'needs_human' }, 'v3');
      const result = await runExample(harness, 'account-review.flow.yaml');
      assert.equal((result.output as { accounts: number }).accounts, 2);
      const review = harness.store.getRecord('approvals', (result.output as { reviewId: string }).reviewId);
      assert.deepEqual(review?.data.accounts, [{ customerId: 'c1', conversations: 2 }, { customerId: 'c2', conversations: 1 }]);
      assert.equal(harness.store.getRecord('conversations', 'v1')?.data.flagged, true);
      assert.equal(harness.store.getRecord('conversations', 'v1')?.data.accountName, 'Ada');
      assert.equal(harness.store.getRecord('conversations', 'v2')?.data.flagged, undefined);
      assert.equal(harness.store.getRecord('conversations', 'v3')?.data.conversationNumber, 1);
    } finally {
      harness.close();
    }
  });

  it('enrich-customer and import-leads (a workflow step running enrich-customer per lead)', async () => {
    const harness = createHarness();
    try {
      harness.store.createRecord('customers', { name: 'Ada', plan: 'pro' }, 'c1');
      const enriched = await runExample(harness, 'enrich-customer.flow.yaml', { customerId: 'c1', domain: ' Acme.Example ' });
      assert.deepEqual(enriched.output, { customerId: 'c1', industry: 'Anvils' });
      const lookup = services.requests.at(-1)!;
      assert.equal(lookup.url, '/v1/companies?domain=acme.example');
      assert.equal(lookup.headers.authorization, `Bearer ${SECRETS.ENRICH_API_KEY}`);

      const imported = await runExample(harness, 'import-leads.flow.json', { pauseMs: 1 });
      assert.deepEqual(imported.output, { imported: 2, failures: 0 });
      assert.equal(harness.store.getRecord('customers', 'lead_marie')?.data.industry, 'Anvils');
      const steps = harness.store.listSteps(imported.runId).filter((record) => record.stepSlug === 'enrich');
      assert.equal(steps.length, 2);
      const child = harness.store.getRun((steps[0]!.extra as { childRunId: string }).childRunId);
      assert.equal(child?.workflowName, 'Enrich customer');
      assert.equal(child?.status, 'completed');
    } finally {
      harness.close();
    }
  });

  it('nightly-digest gathers in parallel, summarises with the LLM and emails the digest', async () => {
    const harness = createHarness();
    try {
      harness.store.createRecord('conversations', { status: 'open', customerId: 'c1' }, 'v1');
      const result = await runExample(harness, 'nightly-digest.flow.yaml');
      assert.deepEqual(result.output, { orders: { orders: [{ id: 'o1', total: 42 }] }, openConversations: 1 });
      const paths = harness.store.listSteps(result.runId).map((record) => `${record.path}:${record.port}`);
      assert.ok(paths.includes('gather[0]/fetch_orders:success') && paths.includes('gather[1]/fetch_conversations:success') && paths.includes('gather:done'));
      assert.ok(paths.includes('send_digest:success'));
    } finally {
      harness.close();
    }
  });

  it('support-triage classifies a question and files a helpdesk ticket', async () => {
    const harness = createHarness();
    try {
      const result = await runExample(harness, 'support-triage.flow.yaml', { customerId: 'c1', email: 'ada@example.com', message: 'When does my order arrive?' });
      assert.equal((result.output as { category: string }).category, 'question');
      const ticket = services.requests.at(-1)!;
      assert.equal(ticket.url, '/api/tickets');
      assert.equal(ticket.headers.authorization, `Bearer ${SECRETS.HELPDESK_TOKEN}`);
      const conversation = harness.store.getRecord('conversations', (result.output as { conversationId: string }).conversationId);
      assert.equal(conversation?.data.status, 'handled');
    } finally {
      harness.close();
    }
  });
});
