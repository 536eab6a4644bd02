// Runs and their step traces. `commitStep` is the durability contract of spec §7: the step
// record and the run's cursor are written in one transaction, so a killed process loses at
// most the step in flight. The transaction's only write is one INSERT: the cursor rides on
// the step row, and a run is read back through the `run_states` view, which takes the current
// cursor and update time from the run's last step (schema.ts).

import type { DatabaseSync, SQLOutputValue, StatementSync } from 'node:sqlite';
import { fromJsonColumn, optionalTextColumn, textColumn, toJsonColumn } from './json-column.ts';
import { createSortableId } from './sortable-id.ts';
import { StoreError } from './store-error.ts';
import type {
  ListRunsOptions,
  NewRun,
  NewStepRecord,
  RunLookup,
  RunRecord,
  RunStatus,
  StepRecord,
} from './store-types.ts';
import type { Transactor } from './transactor.ts';

type Row = Record<string, SQLOutputValue>;

const RUN_COLUMNS =
  'id, workflow_name, workflow_path, workflow_hash, status, input, output, error, cursor, started_at, ended_at, updated_at';

const STEP_COLUMNS =
  'run_id, seq, step_slug, path, attempt, params, output, error, port, started_at, ended_at, duration_ms, extra';

/** How many candidates an ambiguous prefix reports. */
const AMBIGUOUS_LIMIT = 10;

export class RunTable {
  readonly #transactor: Transactor;
  readonly #insertRun: StatementSync;
  readonly #selectRun: StatementSync;
  readonly #selectRunsByPrefix: StatementSync;
  readonly #listRuns: StatementSync;
  readonly #updateStatus: StatementSync;
  readonly #finishRun: StatementSync;
  readonly #selectNextSeq: StatementSync;
  readonly #insertStep: StatementSync;
  readonly #selectSteps: StatementSync;

  constructor(db: DatabaseSync, transactor: Transactor) {
    this.#transactor = transactor;
    this.#insertRun = db.prepare(
      `INSERT INTO runs (${RUN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, NULL, ?)`,
    );
    this.#selectRun = db.prepare(`SELECT ${RUN_COLUMNS} FROM run_states WHERE id = ?`);
    this.#selectRunsByPrefix = db.prepare(
      `SELECT ${RUN_COLUMNS} FROM run_states WHERE id >= ? AND id < ? ORDER BY id LIMIT ${AMBIGUOUS_LIMIT + 1}`,
    );
    // Optional filters are written as `? IS NULL OR column = ?` so one statement serves all.
    this.#listRuns = db.prepare(
      `SELECT ${RUN_COLUMNS} FROM run_states
       WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR workflow_path = ?2)
       ORDER BY started_at DESC, id DESC LIMIT ?3`,
    );
    // A new cursor is stamped with the number of steps committed so far, so the view prefers
    // it to the cursors of those steps and yields to the cursors of later ones.
    this.#updateStatus = db.prepare(
      `UPDATE runs SET status = ?1, updated_at = ?3,
         cursor = coalesce(?2, cursor),
         cursor_seq = CASE WHEN ?2 IS NULL THEN cursor_seq
                           ELSE coalesce((SELECT max(seq) FROM steps WHERE run_id = ?4), 0) END
       WHERE id = ?4`,
    );
    this.#finishRun = db.prepare(
      'UPDATE runs SET status = ?, output = ?, error = ?, ended_at = ?, updated_at = ? WHERE id = ?',
    );
    // Read under the write lock, so the sequence number cannot be taken by another process.
    // Asking first is cheaper than `INSERT … SELECT … RETURNING`, which buffers its result.
    this.#selectNextSeq = db.prepare(
      `SELECT EXISTS (SELECT 1 FROM runs WHERE id = ?1) AS known,
              (SELECT coalesce(max(seq), 0) + 1 FROM steps WHERE run_id = ?1) AS seq`,
    );
    // The new row sorts last in the run's part of the steps b-tree, so the insert dirties the
    // tree's edge page and nothing else (bar the occasional page split).
    this.#insertStep = db.prepare(
      `INSERT INTO steps (${STEP_COLUMNS}, cursor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#selectSteps = db.prepare(`SELECT ${STEP_COLUMNS} FROM steps WHERE run_id = ? ORDER BY seq`);
  }

  create(run: NewRun): RunRecord {
    const startedAt = (run.startedAt ?? new Date()).toISOString();
    const id = run.id ?? createSortableId();
    this.#insertRun.run(
      id,
      run.workflowName,
      run.workflowPath,
      run.workflowHash,
      run.status ?? 'running',
      toJsonColumn(run.input, 'the run input'),
      toJsonColumn(run.cursor, 'the run cursor'),
      startedAt,
      startedAt,
    );
    return this.#mustGet(id);
  }

  get(id: string): RunRecord | undefined {
    const row = this.#selectRun.get(id);
    return row ? toRun(row) : undefined;
  }

  list(options: ListRunsOptions = {}): RunRecord[] {
    const limit = options.limit ?? 50;
    return this.#listRuns.all(options.status ?? null, options.workflowPath ?? null, limit).map(toRun);
  }

  findByPrefix(prefix: string): RunLookup {
    const typed = prefix.trim();
    if (typed === '') return { kind: 'not-found' };
    const exact = this.get(typed);
    if (exact) return { kind: 'found', run: exact };
    // Every id starting with the prefix sorts between the prefix and the prefix followed by
    // the highest BMP character, so the primary key index answers the range.
    const rows = this.#selectRunsByPrefix.all(typed, `${typed}\uffff`);
    if (rows.length === 0) return { kind: 'not-found' };
    if (rows.length === 1) return { kind: 'found', run: toRun(rows[0]) };
    return { kind: 'ambiguous', ids: rows.slice(0, AMBIGUOUS_LIMIT).map((row) => textColumn(row.id)) };
  }

  commitStep(runId: string, step: NewStepRecord, cursor: unknown): StepRecord {
    const params = toJsonColumn(step.params, 'the step parameters');
    const output = toJsonColumn(step.output, 'the step output');
    const error = toJsonColumn(step.error, 'the step error');
    const extra = toJsonColumn(step.extra, 'the step details');
    const cursorText = toJsonColumn(cursor, 'the run cursor');
    const seq = this.#transactor.run(() => {
      const next = this.#selectNextSeq.get(runId);
      if (!next?.known) throw runNotFound(runId);
      this.#insertStep.run(
        runId,
        next.seq,
        step.stepSlug,
        step.path,
        step.attempt,
        params,
        output,
        error,
        step.port ?? null,
        step.startedAt,
        step.endedAt,
        step.durationMs,
        extra,
        cursorText,
      );
      return Number(next.seq);
    });
    return { ...step, runId, seq };
  }

  /** Moves a run between `running` and `waiting` (approvals, long timers), keeping it open. */
  setStatus(runId: string, status: RunStatus, cursor?: unknown): void {
    const changes = this.#updateStatus.run(
      status,
      toJsonColumn(cursor, 'the run cursor'),
      new Date().toISOString(),
      runId,
    ).changes;
    if (Number(changes) === 0) throw runNotFound(runId);
  }

  finish(runId: string, status: RunStatus, output: unknown, error: unknown): RunRecord {
    const endedAt = new Date().toISOString();
    const changes = this.#finishRun.run(
      status,
      toJsonColumn(output, 'the run output'),
      toJsonColumn(error, 'the run error'),
      endedAt,
      endedAt,
      runId,
    ).changes;
    if (Number(changes) === 0) throw runNotFound(runId);
    return this.#mustGet(runId);
  }

  listSteps(runId: string): StepRecord[] {
    return this.#selectSteps.all(runId).map(toStep);
  }

  #mustGet(id: string): RunRecord {
    const run = this.get(id);
    if (!run) throw runNotFound(id);
    return run;
  }
}

function runNotFound(runId: string): StoreError {
  return new StoreError('run-not-found', `No run with id ${runId} in the store.`);
}

function toRun(row: Row): RunRecord {
  const run: RunRecord = {
    id: textColumn(row.id),
    workflowName: textColumn(row.workflow_name),
    workflowPath: textColumn(row.workflow_path),
    workflowHash: textColumn(row.workflow_hash),
    status: textColumn(row.status) as RunStatus,
    input: fromJsonColumn(row.input),
    startedAt: textColumn(row.started_at),
    updatedAt: textColumn(row.updated_at),
  };
  const output = fromJsonColumn(row.output);
  if (output !== undefined) run.output = output;
  const error = fromJsonColumn(row.error);
  if (error !== undefined) run.error = error;
  const cursor = fromJsonColumn(row.cursor);
  if (cursor !== undefined) run.cursor = cursor;
  const endedAt = optionalTextColumn(row.ended_at);
  if (endedAt !== undefined) run.endedAt = endedAt;
  return run;
}

function toStep(row: Row): StepRecord {
  const step: StepRecord = {
    runId: textColumn(row.run_id),
    seq: Number(row.seq),
    stepSlug: textColumn(row.step_slug),
    path: textColumn(row.path),
    attempt: Number(row.attempt),
    startedAt: textColumn(row.started_at),
    endedAt: textColumn(row.ended_at),
    durationMs: Number(row.duration_ms),
  };
  const optional = {
    params: fromJsonColumn(row.params),
    output: fromJsonColumn(row.output),
    error: fromJsonColumn(row.error),
    port: optionalTextColumn(row.port),
    extra: fromJsonColumn(row.extra),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) Object.assign(step, { [key]: value });
  }
  return step;
}
