// Durability in one process: a run whose process "dies" mid-step (the store is closed under it,
// so nothing more is committed) is resumed from its trace. Committed steps never run again, the
// step in flight runs again with the same idempotency key, and the result equals an
// uninterrupted run's. Also: resume of finished, unknown and changed runs.

import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUILTIN_ACTION_IMPLEMENTATIONS, type ActionImplementation } from '../../../runtime/src/actions/index.ts';
import { EngineError, resumeRun, startRun, type RunResult } from '../../../runtime/src/engine/index.ts';
import { parseWorkflow } from '../../../runtime/src/language/parse-workflow.ts';
import { openStore, StoreError, type Store } from '../../../runtime/src/store/index.ts';
import { createHarness } from './engine-harness.ts';

const LOOP_WORKFLOW = `name: Durable loop
inputs:
  customers: { type: array, required: true }
vars: { total: 0 }
output:
  total: <<vars.total>>
  sent: <<steps.each.output.results>>
  saved: <<steps.save.output.id>>
steps:
  - stepSlug: start
    stepType: trigger
    config: { type: manual }
    nextSteps: { success: each }
  - stepSlug: each
    stepType: loop
    config: { items: <<input.customers>>, itemVariable: customer, collect: "<<steps.send.output.to[0]>>" }
    nextSteps: { next: probe, done: save }
  - stepSlug: probe
    stepType: action
    config: { type: test.probe, parameters: { name: <<customer.name>> } }
    nextSteps: { success: send }
  - stepSlug: send
    stepType: action
    config: { type: email.send, parameters: { to: <<customer.email>>, subject: Hi, body: "Hello <<customer.name>>" } }
    nextSteps: { success: add }
  - stepSlug: add
    stepType: action
    config: { type: set_variables, parameters: { total: "<<vars.total + customer.amount>>" } }
    nextSteps: { success: each }
  - stepSlug: save
    stepType: action
    config: { type: records.create, parameters: { collection: summaries, data: { total: <<vars.total>> } } }
`;

const CUSTOMERS = [
  { name: 'Ada', email: 'ada@example.com', amount: 1 },
  { name: 'Grace', email: 'grace@example.com', amount: 10 },
  { name: 'Alan', email: 'alan@example.com', amount: 100 },
  { name: 'Edsger', email: 'edsger@example.com', amount: 1000 },
];

/** `test.probe` counts its calls by idempotency key and can "kill the process" at the n-th call. */
function probeAction(calls: string[], crashAt: { call: number; store?: Store }): ActionImplementation {
  return {
    name: 'test.probe',
    async run(params, ctx) {
      calls.push(ctx.idempotencyKey);
      if (calls.length === crashAt.call && crashAt.store) {
        crashAt.store.close();
        throw new Error('the process died');
      }
      return { seen: params.name };
    },
  };
}

async function runUntilCrash(dir: string, calls: string[], crashCall: number): Promise<string> {
  const store = openStore({ dir });
  const crash = { call: crashCall, store };
  const file = join(dir, 'loop.flow.yaml');
  writeFileSync(file, LOOP_WORKFLOW);
  let runId = '';
  await assert.rejects(
    startRun({
      document: parseWorkflow(LOOP_WORKFLOW, file),
      file,
      input: { customers: CUSTOMERS },
      store,
      stateDir: dir,
      env: {},
      actions: new Map([...BUILTIN_ACTION_IMPLEMENTATIONS, ['test.probe', probeAction(calls, crash)]]),
      observers: [(event) => (event.type === 'run.started' ? (runId = event.runId) : undefined)],
    }),
    StoreError,
  );
  return runId;
}

async function resume(dir: string, runId: string, calls: string[]): Promise<RunResult> {
  const store = openStore({ dir });
  try {
    return await resumeRun(runId, { store, stateDir: dir, env: {}, actions: new Map([...BUILTIN_ACTION_IMPLEMENTATIONS, ['test.probe', probeAction(calls, { call: -1 })]]) });
  } finally {
    store.close();
  }
}

describe('resume after a crash', () => {
  it('continues from the last commit: nothing committed runs again, each email is sent once', async () => {
    const harness = createHarness();
    harness.close();
    const calls: string[] = [];
    // The third probe call is item 2's: items 0 and 1 are fully committed by then.
    const runId = await runUntilCrash(harness.dir, calls, 3);
    const reopened = openStore({ dir: harness.dir });
    assert.equal(reopened.getRun(runId)?.status, 'running');
    const committed = reopened.listSteps(runId).map((record) => record.path);
    reopened.close();
    assert.deepEqual(committed, ['start', 'each', 'each[0]/probe', 'each[0]/send', 'each[0]/add', 'each[1]/probe', 'each[1]/send', 'each[1]/add']);

    const result = await resume(harness.dir, runId, calls);
    assert.equal(result.status, 'completed', JSON.stringify(result.error));
    assert.deepEqual(result.output, {
      total: 1111,
      sent: CUSTOMERS.map((customer) => customer.email),
      saved: (result.output as { saved: string }).saved,
    });
    // Items 0 and 1 were probed once; item 2 twice (in flight at the crash, same key); item 3 once.
    assert.deepEqual(calls, [`${runId}/each[0]/probe`, `${runId}/each[1]/probe`, `${runId}/each[2]/probe`, `${runId}/each[2]/probe`, `${runId}/each[3]/probe`]);
    assert.equal(readdirSync(join(harness.dir, 'outbox')).filter((name) => name.endsWith('.eml')).length, 4);
    const store = openStore({ dir: harness.dir });
    const trace = store.listSteps(runId).map((record) => record.path);
    assert.equal(new Set(trace).size, trace.length - 1, 'each path is committed once (the loop twice: next, done)');
    assert.equal(store.queryRecords({ collection: 'summaries' }).length, 1);
    store.close();
  });

  it('gives the same result as an uninterrupted run, wherever the crash happens', async () => {
    for (const crashCall of [1, 2, 4]) {
      const harness = createHarness();
      harness.close();
      const runId = await runUntilCrash(harness.dir, [], crashCall);
      const result = await resume(harness.dir, runId, []);
      assert.equal(result.status, 'completed');
      assert.equal((result.output as { total: number }).total, 1111);
      assert.deepEqual((result.output as { sent: string[] }).sent, CUSTOMERS.map((customer) => customer.email));
    }
  });

  it('refuses to resume a finished, unknown or changed run with a clear error', async () => {
    const harness = createHarness();
    const finished = await harness.run(`name: Done\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    config: { type: manual }\n`);
    await assert.rejects(resumeRun(finished.runId, { store: harness.store }), (error: unknown) => error instanceof EngineError && error.code === 'run-finished' && /already completed/.test(error.message));
    await assert.rejects(resumeRun('zzzz', { store: harness.store }), (error: unknown) => error instanceof EngineError && error.code === 'run-not-found');
    harness.close();

    const crashed = createHarness();
    crashed.close();
    const runId = await runUntilCrash(crashed.dir, [], 2);
    writeFileSync(join(crashed.dir, 'loop.flow.yaml'), `${LOOP_WORKFLOW}\n# edited\n`);
    const store = openStore({ dir: crashed.dir });
    await assert.rejects(resumeRun(runId.slice(0, 14), { store }), (error: unknown) => error instanceof EngineError && error.code === 'workflow-changed');
    store.close();
  });

  it('continues a retried step with its next attempt', async () => {
    const harness = createHarness();
    harness.close();
    const file = join(harness.dir, 'retry.flow.yaml');
    const yaml = `name: Retry
steps:
  - stepSlug: start
    stepType: trigger
    config: { type: manual }
    nextSteps: { success: flaky }
  - stepSlug: flaky
    stepType: action
    retry: { maxAttempts: 5, initialDelayMs: 1 }
    config: { type: test.flaky, parameters: {} }
`;
    writeFileSync(file, yaml);
    const attempts: number[] = [];
    let store = openStore({ dir: harness.dir });
    const crashing = store;
    const flaky = (crash: boolean): ActionImplementation => ({
      name: 'test.flaky',
      async run(_params, ctx) {
        attempts.push(ctx.attempt);
        if (crash && ctx.attempt === 3) {
          crashing.close();
          throw new Error('died');
        }
        if (ctx.attempt < 4) throw Object.assign(new Error('flaky'), { code: 'flaky' });
        return { attempt: ctx.attempt };
      },
    });
    // Workspace-style errors with a code are not ActionErrors; wrap them as retryable ones.
    const retryable = (inner: ActionImplementation): ActionImplementation => ({
      name: inner.name,
      async run(params, ctx) {
        try {
          return await inner.run(params, ctx);
        } catch (error) {
          const { ActionError } = await import('../../../runtime/src/actions/index.ts');
          if ((error as { code?: string }).code === 'flaky') throw new ActionError('flaky', 'try again', { retryable: true });
          throw error;
        }
      },
    });
    let runId = '';
    await assert.rejects(
      startRun({
        document: parseWorkflow(yaml, file),
        file,
        store,
        stateDir: harness.dir,
        env: {},
        actions: new Map([...BUILTIN_ACTION_IMPLEMENTATIONS, ['test.flaky', retryable(flaky(true))]]),
        observers: [(event) => (event.type === 'run.started' ? (runId = event.runId) : undefined)],
      }),
      StoreError,
    );
    store = openStore({ dir: harness.dir });
    const result = await resumeRun(runId, { store, stateDir: harness.dir, env: {}, actions: new Map([...BUILTIN_ACTION_IMPLEMENTATIONS, ['test.flaky', retryable(flaky(false))]]) });
    assert.equal(result.status, 'completed');
    assert.deepEqual(attempts, [1, 2, 3, 3, 4]);
    assert.deepEqual(store.listSteps(runId).filter((record) => record.stepSlug === 'flaky').map((record) => [record.attempt, record.port ?? null]), [[1, null], [2, null], [3, null], [4, 'success']]);
    store.close();
  });
});
