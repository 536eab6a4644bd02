// Results of side effects keyed by idempotency key. The first result recorded for a key wins,
// so a step that is resumed or retried after it acted returns what it returned the first time.

import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { fromJsonColumn, textColumn, toJsonColumn } from './json-column.ts';
import type { EffectRecord } from './store-types.ts';

export class EffectTable {
  readonly #insert: StatementSync;
  readonly #select: StatementSync;

  constructor(db: DatabaseSync) {
    this.#insert = db.prepare(
      'INSERT INTO effects (key, result, created_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING',
    );
    this.#select = db.prepare('SELECT key, result, created_at FROM effects WHERE key = ?');
  }

  /** Records `result` under `key` unless a result is already there; returns the kept one. */
  record(key: string, result: unknown): EffectRecord {
    this.#insert.run(key, toJsonColumn(result, 'the effect result'), new Date().toISOString());
    const kept = this.get(key);
    // The row was inserted or already present just above, in the same connection.
    return kept ?? { key, result, createdAt: new Date().toISOString() };
  }

  get(key: string): EffectRecord | undefined {
    const row = this.#select.get(key);
    if (!row) return undefined;
    return { key: textColumn(row.key), result: fromJsonColumn(row.result), createdAt: textColumn(row.created_at) };
  }
}
