// Where a run's trace goes. The durable journal commits each step record with the run's cursor
// in one store transaction (records produced by the same transition, such as a loop's `done`,
// share it), so a killed process loses at most the step in flight. The memory journal keeps
// nothing: in-memory runs (tests, benchmarks, the debugger's dry runs) pay no serialisation.

import type { NewStepRecord, RunStatus, Store } from '../store/index.ts';

export interface RunJournal {
  readonly durable: boolean;
  /** Commits step records and the cursor atomically. `cursor` is called once, only when needed. */
  commit(records: readonly NewStepRecord[], cursor: () => unknown): void;
  waiting(cursor: unknown): void;
  finish(status: RunStatus, output: unknown, error: unknown): void;
}

export class StoreJournal implements RunJournal {
  readonly durable = true;
  readonly #store: Store;
  readonly #runId: string;

  constructor(store: Store, runId: string) {
    this.#store = store;
    this.#runId = runId;
  }

  commit(records: readonly NewStepRecord[], cursor: () => unknown): void {
    if (records.length === 0) return;
    const value = cursor();
    if (records.length === 1) {
      this.#store.commitStep(this.#runId, records[0]!, value);
      return;
    }
    this.#store.transaction(() => {
      for (const record of records) this.#store.commitStep(this.#runId, record, value);
    });
  }

  waiting(cursor: unknown): void {
    this.#store.setRunStatus(this.#runId, 'waiting', cursor);
  }

  finish(status: RunStatus, output: unknown, error: unknown): void {
    this.#store.finishRun(this.#runId, status, output, error);
  }
}

export class MemoryJournal implements RunJournal {
  readonly durable = false;

  commit(): void {}

  waiting(): void {}

  finish(): void {}
}
