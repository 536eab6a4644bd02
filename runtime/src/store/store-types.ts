// The shapes the store reads and writes. They are plain data so the engine, the CLI's
// `show --json` and the debugger can pass them on without conversion.

export type RunStatus = 'running' | 'waiting' | 'completed' | 'failed' | 'cancelled';

export const RUN_STATUSES: readonly RunStatus[] = ['running', 'waiting', 'completed', 'failed', 'cancelled'];

export interface RunRecord {
  id: string;
  workflowName: string;
  /** The workflow file the run was started from, as the engine gave it. */
  workflowPath: string;
  /** A hash of the workflow's text, so `resume` can tell when the file changed. */
  workflowHash: string;
  status: RunStatus;
  input: unknown;
  output?: unknown;
  error?: unknown;
  /** The engine's resume point, committed after every step. */
  cursor?: unknown;
  startedAt: string;
  endedAt?: string;
  /** The last change: the run's start, status change or finish, or its last step's end. */
  updatedAt: string;
}

export interface NewRun {
  /** Defaults to a fresh sortable id. */
  id?: string;
  workflowName: string;
  workflowPath: string;
  workflowHash: string;
  input: unknown;
  /** Defaults to `running`. */
  status?: RunStatus;
  cursor?: unknown;
  /** Defaults to now. */
  startedAt?: Date;
}

/** One finished step attempt, as the trace shows it. */
export interface StepRecord {
  runId: string;
  /** Order within the run, from 1, assigned by the store. */
  seq: number;
  stepSlug: string;
  /** The iteration path, e.g. `loop_a[3]/send_email`. */
  path: string;
  /** From 1. */
  attempt: number;
  /** The resolved parameters, with secrets already redacted by the engine. */
  params?: unknown;
  output?: unknown;
  error?: unknown;
  /** The port taken; absent when the attempt failed and will be retried. */
  port?: string;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  /** LLM usage, tool calls, log lines: anything the trace shows beside the output. */
  extra?: unknown;
}

export type NewStepRecord = Omit<StepRecord, 'runId' | 'seq'>;

export interface ListRunsOptions {
  /** Defaults to 50. */
  limit?: number;
  status?: RunStatus;
  workflowPath?: string;
}

/** The answer to "which run did the user mean by this prefix?". */
export type RunLookup =
  | { kind: 'found'; run: RunRecord }
  | { kind: 'not-found' }
  | { kind: 'ambiguous'; ids: string[] };

/** A record of a local collection (`records.*`). `data` never holds `id`: the id is separate. */
export interface StoredRecord {
  collection: string;
  id: string;
  data: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface RecordQuery {
  collection: string;
  /** Top-level field → value; a record matches when every field equals its value (deeply). */
  filter?: Record<string, unknown>;
  /** Defaults to 1000. */
  limit?: number;
}

export interface EffectRecord {
  key: string;
  result: unknown;
  createdAt: string;
}

export interface TimerRecord {
  key: string;
  runId: string;
  dueAt: Date;
}
