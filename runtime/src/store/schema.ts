// The store's tables and the ordered migrations that create them. `PRAGMA user_version` holds
// the number of migrations applied; a new release appends a migration, never edits one.
//
// Tables (plain SQL, so `sqlite3 .stepline/stepline.db` can answer questions directly; JSON
// columns hold JSON text, NULL meaning "absent", and times are ISO 8601 UTC strings):
//
//   runs     one row per run, written when the run starts, changes status and finishes (never
//            per step). id (sortable, see sortable-id.ts), workflow_name, workflow_path,
//            workflow_hash, status (running|waiting|completed|failed|cancelled), input,
//            output, error, cursor and cursor_seq (the cursor written with the run or with its
//            last status change, and how many steps were committed then), started_at,
//            ended_at, updated_at (of the row itself).
//   steps    the trace: one row per step attempt, and the only row a step's commit writes.
//            run_id, seq (1, 2, … per run), step_slug, path (`loop_a[3]/send_email`), attempt
//            (from 1), params (already redacted), output, error, port, started_at, ended_at,
//            duration_ms, extra (LLM usage, tool calls, logs), cursor (the run's cursor as of
//            this commit).
//   run_states  a view: each run with its current cursor (the last step's, unless a status
//            change wrote a newer one on the run row) and updated_at (the later of the run
//            row's and the last step's end). Query this, not `runs`, for a run's live state.
//   records  the local collections behind `records.*`. collection, id, data (a JSON object),
//            created_at, updated_at; the key is (collection, id).
//   effects  results of side effects keyed by idempotency key (`<runId>/<path>`), so a resumed
//            or retried step returns the first result instead of acting twice.
//   timers   durable delays: run_id, key (the step's idempotency key), due_at.
//
// Why the cursor lives on the step row: committing a step is one INSERT that appends to the
// steps b-tree, so each durable step dirties about one page (plus a WAL frame) instead of
// also rewriting the run's row on another page.

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
  {
    version: 2,
    description: "the run's cursor moves onto the step rows; run_states view",
    sql: `
      ALTER TABLE steps ADD COLUMN cursor TEXT;
      ALTER TABLE runs ADD COLUMN cursor_seq INTEGER NOT NULL DEFAULT 0;
      -- Existing runs hold their latest cursor on the run row: mark it as written after their
      -- last step, so it stays current until the next commit.
      UPDATE runs SET cursor_seq = coalesce((SELECT max(seq) FROM steps WHERE steps.run_id = runs.id), 0);

      CREATE VIEW run_states AS
      SELECT runs.id, runs.workflow_name, runs.workflow_path, runs.workflow_hash, runs.status,
             runs.input, runs.output, runs.error,
             CASE WHEN last.seq > runs.cursor_seq THEN last.cursor ELSE runs.cursor END AS cursor,
             runs.started_at, runs.ended_at,
             max(runs.updated_at, coalesce(last.ended_at, '')) AS updated_at
      FROM runs
      LEFT JOIN steps AS last
        ON last.run_id = runs.id
       AND last.seq = (SELECT max(seq) FROM steps WHERE steps.run_id = runs.id);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
