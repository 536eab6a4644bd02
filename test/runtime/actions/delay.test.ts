// delay on a durable timer: the first start stores the due time, a resumed run waits only the
// remainder, cancellation keeps the timer, and the timer is cleared when the wait ends.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ActionError, BUILTIN_ACTION_IMPLEMENTATIONS } from '../../../runtime/src/actions/index.ts';
import { createTestContext } from './test-context.ts';

const delay = BUILTIN_ACTION_IMPLEMENTATIONS.get('delay')!;

/** Node may fire a timer up to a millisecond early (loop time is in whole milliseconds). */
const TIMER_SLACK_MS = 1;

/** Starts the clock before the action starts: its synchronous part (a synced store write) counts too. */
async function timed(work: () => Promise<unknown>): Promise<{ output: unknown; elapsedMs: number }> {
  const started = performance.now();
  const output = await work();
  return { output, elapsedMs: performance.now() - started };
}

// A broken remainder computation would wait an hour; the timeout turns that into a failure.
void describe('delay', { timeout: 5000 }, () => {
  void it('waits ms on a stored timer, then clears it', async () => {
    const ctx = createTestContext({ path: 'wait' });
    const pending = timed(() => delay.run({ ms: 20 }, ctx));
    assert.ok(ctx.store.getTimer(ctx.idempotencyKey), 'the due time is stored when the wait starts');
    const { output, elapsedMs } = await pending;
    assert.deepEqual(output, { ms: 20 });
    assert.ok(elapsedMs >= 20 - TIMER_SLACK_MS, `waited ${elapsedMs} ms`);
    assert.equal(ctx.store.getTimer(ctx.idempotencyKey), undefined);
  });

  void it('does not wait again when the stored due time has passed', async () => {
    const ctx = createTestContext({ path: 'wait' });
    ctx.store.setTimer(ctx.executionId, ctx.idempotencyKey, new Date(Date.now() - 60_000));
    const { output } = await timed(() => delay.run({ ms: 3_600_000 }, ctx));
    assert.deepEqual(output, { ms: 3_600_000 });
    assert.equal(ctx.store.getTimer(ctx.idempotencyKey), undefined);
  });

  void it('waits only the remainder of a timer set before a resume', async () => {
    const ctx = createTestContext({ path: 'wait' });
    // The run started an hour-long delay that is now due 30 ms from "now".
    ctx.store.setTimer(ctx.executionId, ctx.idempotencyKey, new Date(Date.now() + 30));
    const { elapsedMs } = await timed(() => delay.run({ ms: 3_600_000 }, ctx));
    assert.ok(elapsedMs >= 30 - 2 * TIMER_SLACK_MS, `waited ${elapsedMs} ms`);
    assert.ok(elapsedMs < 2000, `waited ${elapsedMs} ms, not the hour`);
  });

  void it("stops with the signal's reason and keeps the timer for the resumed run", async () => {
    const controller = new AbortController();
    const ctx = createTestContext({ path: 'wait', signal: controller.signal });
    const pending = delay.run({ ms: 60_000 }, ctx);
    const reason = new Error('cancelled');
    controller.abort(reason);
    await assert.rejects(pending, (error: unknown) => error === reason);
    assert.ok(ctx.store.getTimer(ctx.idempotencyKey), 'the timer survives for a resume');
  });

  void it('rejects a negative or non-numeric ms', async () => {
    for (const ms of [-1, 'soon', null]) {
      await assert.rejects(
        delay.run({ ms }, createTestContext()),
        (error: unknown) => error instanceof ActionError && error.code === 'invalid-parameters',
      );
    }
  });
});
