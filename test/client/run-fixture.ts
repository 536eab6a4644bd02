// Runs a fixture workflow on an in-memory store through the extension's run executor, so the
// view and decoration tests read real step records instead of hand-written ones.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { executeWorkflow } from '../../client/src/run-executor.ts';
import type { EngineEvent, RunResult } from '../../runtime/src/engine/index.ts';
import { openStore, type RunRecord, type StepRecord, type Store } from '../../runtime/src/store/index.ts';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export interface FixtureRun {
  store: Store;
  text: string;
  file: string;
  result: RunResult;
  run: RunRecord;
  steps: StepRecord[];
  events: EngineEvent[];
}

export async function runFixture(name: string, input: unknown = {}): Promise<FixtureRun> {
  const file = join(FIXTURES, name);
  const text = await readFile(file, 'utf8');
  const store = openStore({ memory: true });
  const events: EngineEvent[] = [];
  const outcome = await executeWorkflow({ store, stateDir: join(FIXTURES, '.stepline-unused'), trusted: false, file, text, input, env: {}, observers: [(event) => events.push(event)] });
  if (outcome.kind !== 'finished') throw new Error(`fixture ${name} is invalid: ${JSON.stringify(outcome.problems)}`);
  const run = store.getRun(outcome.result.runId)!;
  return { store, text, file, result: outcome.result, run, steps: store.listSteps(run.id), events };
}
