// Shared helpers for store tests: temp state folders and ready-made runs and step records.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewRun, NewStepRecord } from '../../../runtime/src/store/index.ts';

export function tempStateDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'stepline-store-')), '.stepline');
}

export function newRun(overrides: Partial<NewRun> = {}): NewRun {
  return {
    workflowName: 'Product recommendations',
    workflowPath: 'examples/recommend.flow.yaml',
    workflowHash: 'sha256:abc',
    input: { customerId: 'c1' },
    ...overrides,
  };
}

export function stepRecord(overrides: Partial<NewStepRecord> = {}): NewStepRecord {
  return {
    stepSlug: 'fetch_orders',
    path: 'fetch_orders',
    attempt: 1,
    params: { url: 'https://api.example.com/orders', token: '***' },
    output: { status: 200, body: [1, 2] },
    port: 'success',
    startedAt: '2025-07-01T10:00:00.000Z',
    endedAt: '2025-07-01T10:00:00.120Z',
    durationMs: 120,
    ...overrides,
  };
}
