// What an action implementation is and what it receives. Metadata (descriptions, parameter
// and output schemas) lives in the catalog; implementations are matched to it by name.

import type { Store } from '../store/index.ts';

export interface ActionContext {
  executionId: string;
  stepSlug: string;
  /** The iteration path, e.g. `loop_a[3]/send_email`. */
  path: string;
  /** From 1. */
  attempt: number;
  /** `${executionId}/${path}`: the same for every attempt of one step execution. */
  idempotencyKey: string;
  /** Fires on the step's or the run's timeout and on cancel; actions stop waiting when it does. */
  signal: AbortSignal;
  store: Store;
  /** `<stateDir>/outbox`, where `email.send` writes messages. */
  outboxDir: string;
  /** Writes a line to the step's trace. */
  log(message: string, data?: unknown): void;
  now(): Date;
}

export interface ActionImplementation {
  name: string;
  /**
   * Performs the action. Fails with an ActionError for failures the workflow can route;
   * when `ctx.signal` aborts, rejects with the signal's reason.
   */
  run(params: Record<string, unknown>, ctx: ActionContext): Promise<unknown>;
}
