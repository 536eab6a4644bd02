// Builds a real ActionContext for action tests: an in-memory store (or one the test passes),
// a temp outbox, and a log that records lines so tests can assert on them.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActionContext } from '../../../runtime/src/actions/index.ts';
import { openStore, type Store } from '../../../runtime/src/store/index.ts';

export interface TestContext extends ActionContext {
  logged: { message: string; data?: unknown }[];
}

export function createTestContext(overrides: Partial<ActionContext> = {}): TestContext {
  const executionId = overrides.executionId ?? 'run0001';
  const path = overrides.path ?? 'send_email';
  const store: Store = overrides.store ?? openStore({ memory: true });
  const logged: { message: string; data?: unknown }[] = [];
  return {
    executionId,
    stepSlug: path.split('/').at(-1) ?? path,
    path,
    attempt: 1,
    idempotencyKey: `${executionId}/${path}`,
    signal: new AbortController().signal,
    store,
    outboxDir: join(mkdtempSync(join(tmpdir(), 'stepline-outbox-')), 'outbox'),
    log(message: string, data?: unknown): void {
      logged.push(data === undefined ? { message } : { message, data });
    },
    now: () => new Date(),
    ...overrides,
    logged,
  };
}
