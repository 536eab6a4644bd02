// The store's tables and the ordered migrations that create them. `PRAGMA user_version` holds
// the number of migrations applied; a new release appends a migration, never edits one.
//
// Tables (plain SQL, so `sqlite3 .stepline/stepline.db` can answer questions directly; JSON
// columns hold JSON text, NULL meaning "absent", and times are ISO 8601 UTC strings):
//
//   runs     one row per run. id (sortable, see sortable-id.ts), workflow_name,
//            workflow_path, workflow_hash, status (running|waiting|completed|failed|cancelled),
//            input, output, error, cursor (the engine's resume point, JSON), started_at,
//            ended_at, updated_at.
//   steps    the trace: one row per step attempt, committed with the run's cursor in one
//            transaction. run_id, seq (1, 2, … per run), step_slug, path
//            (`loop_a[3]/send_email`), attempt (from 1), params (already redacted), output,
//            error, port, started_at, ended_at, duration_ms, extra (LLM usage, tool calls, logs).
//   records  the local collections behind `records.*`. collection, id, data (a JSON object),
//            created_at, updated_at; the key is (collection, id).
//   effects  results of side effects keyed by idempotency key (`<runId>/<path>`), so a resumed
//            or retried step returns the first result instead of acting twice.
//   timers   durable delays: run_id, key (the step's idempotency key), due_at.

export interface Migration {
  /** The `user_version` after this migration. */
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'runs, steps, records, effects, timers',
    sql: `
      CREATE TABLE runs (
        id            TEXT PRIMARY KEY,
        workflow_name TEXT NOT NULL,
        workflow_path TEXT NOT NULL,
        workflow_hash TEXT NOT NULL,
        status        TEXT NOT NULL
                      CHECK (status IN ('running', 'waiting', 'completed', 'failed', 'cancelled')),
        input         TEXT,
        output        TEXT,
        error         TEXT,
        cursor        TEXT,
        started_at    TEXT NOT NULL,
        ended_at      TEXT,
        updated_at    TEXT NOT NULL
      );
      CREATE INDEX runs_by_start ON runs (started_at);

      CREATE TABLE steps (
        run_id      TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        seq         INTEGER NOT NULL,
        step_slug   TEXT NOT NULL,
        path        TEXT NOT NULL,
        attempt     INTEGER NOT NULL,
        params      TEXT,
        output      TEXT,
        error       TEXT,
        port        TEXT,
        started_at  TEXT NOT NULL,
        ended_at    TEXT NOT NULL,
        duration_ms REAL NOT NULL,
        extra       TEXT,
        PRIMARY KEY (run_id, seq)
      ) WITHOUT ROWID;

      CREATE TABLE records (
        collection TEXT NOT NULL,
        id         TEXT NOT NULL,
        data       TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (collection, id)
      );

      CREATE TABLE effects (
        key        TEXT PRIMARY KEY,
        result     TEXT,
        created_at TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE timers (
        key    TEXT PRIMARY KEY,
        run_id TEXT NOT NULL,
        due_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX timers_by_run ON timers (run_id);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
