// Retries with exponential backoff for retryable errors only, per-step timeouts that abort a
// hanging HTTP call, the per-run timeout and cancellation, against a real local HTTP server.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { StepRetryingEvent } from '../../../runtime/src/engine/index.ts';
import { createHarness, workflow } from './engine-harness.ts';
import { startLocalHttpServer, type Reply } from './local-http-server.ts';

const harness = createHarness();
after(() => harness.close());

function httpStep(url: string, extra = ''): string {
  return `  - stepSlug: call
    stepType: action
${extra}    config: { type: http.request, parameters: { url: "${url}" } }
    nextSteps: { success: end }
`;
}

describe('engine retries and timeouts', () => {
  it('retries a flaky server (503, 429) with backoff until it answers, committing each failed attempt', async () => {
    const replies: Reply[] = [{ status: 503, body: { error: 'busy' } }, { status: 429 }, { status: 200, body: { ok: true } }];
    const server = await startLocalHttpServer((index) => replies[index] ?? { status: 200 });
    try {
      const result = await harness.run(
        workflow(httpStep(`${server.url}/flaky`, '    retry: { maxAttempts: 5, initialDelayMs: 4, maxDelayMs: 50 }\n'), 'output: <<steps.call.output.body>>\n'),
        undefined,
        { random: () => 1 - Number.EPSILON },
      );
      assert.equal(result.status, 'completed');
      assert.deepEqual(result.output, { ok: true });
      assert.equal(server.requests.length, 3);
      const retrying = harness.events.filter((event): event is StepRetryingEvent => event.type === 'step.retrying');
      assert.deepEqual(retrying.map((event) => [event.attempt, event.error.code]), [[1, 'http-status'], [2, 'http-status']]);
      // Full jitter with random → 1 gives the exponential caps: 4 ms, then 8 ms.
      assert.deepEqual(retrying.map((event) => event.delayMs), [3, 7]);
      const records = harness.store.listSteps(result.runId).filter((record) => record.stepSlug === 'call');
      assert.deepEqual(records.map((record) => [record.attempt, record.port ?? null]), [[1, null], [2, null], [3, 'success']]);
      const finished = harness.events.find((event) => event.type === 'step.finished' && event.step === 'call');
      assert.equal(finished?.type === 'step.finished' && finished.attempt, 3);
    } finally {
      await server.close();
    }
  });

  it('does not retry a non-retryable error, and gives up after maxAttempts', async () => {
    const server = await startLocalHttpServer((index) => (index === 0 ? { status: 400 } : { status: 500 }));
    try {
      const badRequest = await harness.run(workflow(httpStep(`${server.url}/bad`, '    retry: { maxAttempts: 4, initialDelayMs: 1 }\n')));
      assert.equal(badRequest.error?.code, 'http-status');
      assert.equal(server.requests.length, 1);
      const serverError = await harness.run(workflow(httpStep(`${server.url}/down`, '    retry: { maxAttempts: 3, initialDelayMs: 1 }\n')));
      assert.equal(serverError.status, 'failed');
      assert.equal(server.requests.length, 4);
      assert.deepEqual(harness.trace(), ['start success', 'call error']);
    } finally {
      await server.close();
    }
  });

  it('uses settings.retry unless the step overrides it field by field', async () => {
    const server = await startLocalHttpServer(() => ({ status: 502 }));
    try {
      await harness.run(workflow(httpStep(`${server.url}/x`, '    retry: { maxAttempts: 2 }\n'), 'settings: { retry: { maxAttempts: 5, initialDelayMs: 1, maxDelayMs: 2 } }\n'));
      assert.equal(server.requests.length, 2);
    } finally {
      await server.close();
    }
  });

  it('aborts a hanging http.request at the step timeout and retries it as a timeout', async () => {
    const server = await startLocalHttpServer((index) => (index === 0 ? 'hang' : { status: 200, body: { second: true } }));
    try {
      const result = await harness.run(workflow(httpStep(`${server.url}/slow`, '    timeoutMs: 50\n    retry: { maxAttempts: 2, initialDelayMs: 1 }\n'), 'output: <<steps.call.output.body>>\n'));
      assert.equal(result.status, 'completed');
      assert.deepEqual(result.output, { second: true });
      const retry = harness.events.find((event): event is StepRetryingEvent => event.type === 'step.retrying');
      assert.equal(retry?.error.code, 'timeout');
      assert.match(retry!.error.message, /did not finish within 50 ms/);
    } finally {
      await server.close();
    }
  });

  it('fails the run at settings.timeoutMs, aborting the step in flight', async () => {
    const server = await startLocalHttpServer(() => 'hang');
    try {
      const result = await harness.run(workflow(httpStep(`${server.url}/forever`), 'settings: { timeoutMs: 60 }\n'));
      assert.equal(result.status, 'failed');
      assert.equal(result.error?.code, 'run-timeout');
      assert.match(result.error!.message, /settings\.timeoutMs \(60 ms\)/);
      assert.equal(harness.store.getRun(result.runId)?.status, 'failed');
    } finally {
      await server.close();
    }
  });

  it('cancels a run through its signal (status cancelled)', async () => {
    const server = await startLocalHttpServer(() => 'hang');
    try {
      const controller = new AbortController();
      const running = harness.run(workflow(httpStep(`${server.url}/forever`)), undefined, { signal: controller.signal });
      await server.waitForRequests(1);
      controller.abort();
      const result = await running;
      assert.equal(result.status, 'cancelled');
      assert.equal(harness.store.getRun(result.runId)?.status, 'cancelled');
    } finally {
      await server.close();
    }
  });
});
