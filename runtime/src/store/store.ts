// The embedded durable store (spec §7): runs and their traces, local records, effect results
// for idempotency, and durable timers, in one SQLite database. Every method is synchronous
// (node:sqlite) and every database failure surfaces as a StoreError, never a raw SQLite error.
// Open one with `openStore` (open-store.ts).

import type { DatabaseSync } from 'node:sqlite';
import { EffectTable } from './effect-table.ts';
import { RecordTable } from './record-table.ts';
import { RunTable } from './run-table.ts';
import { toStoreError } from './sqlite-failure.ts';
import { StoreError } from './store-error.ts';
import type {
  EffectRecord,
  ListRunsOptions,
  NewRun,
  NewStepRecord,
  RecordQuery,
  RunLookup,
  RunRecord,
  RunStatus,
  StepRecord,
  StoredRecord,
  TimerRecord,
} from './store-types.ts';
import { TimerTable } from './timer-table.ts';
import { Transactor } from './transactor.ts';

export class Store {
  /** The database file, or `:memory:`. */
  readonly location: string;
  readonly #db: DatabaseSync;
  readonly #transactor: Transactor;
  readonly #runs: RunTable;
  readonly #records: RecordTable;
  readonly #effects: EffectTable;
  readonly #timers: TimerTable;

  /** Wraps an open, migrated database. */
  constructor(db: DatabaseSync, location: string) {
    this.location = location;
    this.#db = db;
    this.#transactor = new Transactor(db);
    this.#runs = new RunTable(db, this.#transactor);
    this.#records = new RecordTable(db, this.#transactor);
    this.#effects = new EffectTable(db);
    this.#timers = new TimerTable(db);
  }

  get isOpen(): boolean {
    return this.#db.isOpen;
  }

  // Runs and traces.

  createRun(run: NewRun): RunRecord {
    return this.#guard(() => this.#runs.create(run));
  }

  getRun(id: string): RunRecord | undefined {
    return this.#guard(() => this.#runs.get(id));
  }

  /** Most recent first. */
  listRuns(options?: ListRunsOptions): RunRecord[] {
    return this.#guard(() => this.#runs.list(options));
  }

  /** Resolves what a user typed: a whole id or a unique prefix of one. */
  findRunByPrefix(prefix: string): RunLookup {
    return this.#guard(() => this.#runs.findByPrefix(prefix));
  }

  /**
   * Appends a step record to the run's trace and stores the run's new cursor in one
   * transaction: the cursor is kept on the step row, so the commit is a single INSERT and the
   * run's row is not rewritten. Returns the record with the sequence number the store gave it.
   */
  commitStep(runId: string, step: NewStepRecord, cursor: unknown): StepRecord {
    return this.#guard(() => this.#runs.commitStep(runId, step, cursor));
  }

  /** Marks a run `waiting` or `running` again, optionally with a new cursor. */
  setRunStatus(runId: string, status: RunStatus, cursor?: unknown): void {
    this.#guard(() => this.#runs.setStatus(runId, status, cursor));
  }

  finishRun(runId: string, status: RunStatus, output: unknown, error: unknown): RunRecord {
    return this.#guard(() => this.#runs.finish(runId, status, output, error));
  }

  listSteps(runId: string): StepRecord[] {
    return this.#guard(() => this.#runs.listSteps(runId));
  }

  // Records.

  /** Inserts a record (a fresh id when none is given); undefined when the id is taken. */
  createRecord(collection: string, data: Record<string, unknown>, id?: string): StoredRecord | undefined {
    return this.#guard(() => this.#records.create(collection, id, data));
  }

  getRecord(collection: string, id: string): StoredRecord | undefined {
    return this.#guard(() => this.#records.get(collection, id));
  }

  /** Records in insertion order whose top-level fields equal the filter's values. */
  queryRecords(query: RecordQuery): StoredRecord[] {
    return this.#guard(() => this.#records.query(query));
  }

  /** Shallow merge; undefined when there is no such record. */
  updateRecord(collection: string, id: string, patch: Record<string, unknown>): StoredRecord | undefined {
    return this.#guard(() => this.#records.update(collection, id, patch));
  }

  deleteRecord(collection: string, id: string): boolean {
    return this.#guard(() => this.#records.delete(collection, id));
  }

  // Idempotent effects.

  /** Keeps the first result recorded for `key` and returns it. */
  recordEffect(key: string, result: unknown): EffectRecord {
    return this.#guard(() => this.#effects.record(key, result));
  }

  getEffect(key: string): EffectRecord | undefined {
    return this.#guard(() => this.#effects.get(key));
  }

  // Durable timers.

  setTimer(runId: string, key: string, dueAt: Date): TimerRecord {
    return this.#guard(() => this.#timers.set(runId, key, dueAt));
  }

  getTimer(key: string): TimerRecord | undefined {
    return this.#guard(() => this.#timers.get(key));
  }

  listTimers(runId: string): TimerRecord[] {
    return this.#guard(() => this.#timers.listForRun(runId));
  }

  clearTimer(key: string): boolean {
    return this.#guard(() => this.#timers.clear(key));
  }

  // Lifecycle.

  /**
   * Runs `work` in one write transaction (a savepoint when already inside one), for callers
   * that must pair two writes, such as creating a record and recording the effect.
   */
  transaction<T>(work: () => T): T {
    return this.#guard(() => this.#transactor.run(work));
  }

  /** Closes the database; later calls fail with `store-closed`. Closing twice is harmless. */
  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #guard<T>(work: () => T): T {
    if (!this.#db.isOpen) {
      throw new StoreError('store-closed', `The Stepline store at ${this.location} is already closed.`);
    }
    try {
      return work();
    } catch (error) {
      throw toStoreError(error, this.location);
    }
  }
}
