// `delay`: waits `ms` milliseconds on a durable timer. The due time is stored under the step's
// idempotency key when the wait first starts, so a run resumed after a crash or a restart
// waits only for the remainder; the timer is cleared once the wait is over.

import type { ActionContext, ActionImplementation } from './action-types.ts';
import { abortableSleep } from './abortable-sleep.ts';
import { ParameterReader } from './parameter-reader.ts';

export interface DelayOutput {
  /** The requested delay, whatever part of it this attempt waited. */
  ms: number;
}

export const delay: ActionImplementation = {
  name: 'delay',
  async run(params: Record<string, unknown>, ctx: ActionContext): Promise<DelayOutput> {
    const ms = new ParameterReader('delay', params).number('ms', { min: 0 });
    const now = ctx.now().getTime();
    const timer =
      ctx.store.getTimer(ctx.idempotencyKey) ??
      ctx.store.setTimer(ctx.executionId, ctx.idempotencyKey, new Date(now + ms));
    await abortableSleep(timer.dueAt.getTime() - now, ctx.signal);
    ctx.store.clearTimer(ctx.idempotencyKey);
    return { ms };
  },
};
