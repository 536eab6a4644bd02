// Durable timers for `delay` (and any step that waits until a time): the due time is written
// when the wait starts, so a resumed run waits only for what remains.

import type { DatabaseSync, SQLOutputValue, StatementSync } from 'node:sqlite';
import { textColumn } from './json-column.ts';
import type { TimerRecord } from './store-types.ts';

export class TimerTable {
  readonly #upsert: StatementSync;
  readonly #select: StatementSync;
  readonly #selectByRun: StatementSync;
  readonly #delete: StatementSync;

  constructor(db: DatabaseSync) {
    this.#upsert = db.prepare(
      `INSERT INTO timers (key, run_id, due_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET run_id = excluded.run_id, due_at = excluded.due_at`,
    );
    this.#select = db.prepare('SELECT key, run_id, due_at FROM timers WHERE key = ?');
    this.#selectByRun = db.prepare('SELECT key, run_id, due_at FROM timers WHERE run_id = ? ORDER BY due_at');
    this.#delete = db.prepare('DELETE FROM timers WHERE key = ?');
  }

  set(runId: string, key: string, dueAt: Date): TimerRecord {
    this.#upsert.run(key, runId, dueAt.toISOString());
    return { key, runId, dueAt: new Date(dueAt.getTime()) };
  }

  get(key: string): TimerRecord | undefined {
    const row = this.#select.get(key);
    return row ? toTimer(row) : undefined;
  }

  listForRun(runId: string): TimerRecord[] {
    return this.#selectByRun.all(runId).map(toTimer);
  }

  clear(key: string): boolean {
    return Number(this.#delete.run(key).changes) > 0;
  }
}

function toTimer(row: Record<string, SQLOutputValue>): TimerRecord {
  return { key: textColumn(row.key), runId: textColumn(row.run_id), dueAt: new Date(textColumn(row.due_at)) };
}
