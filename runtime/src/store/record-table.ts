// The local collections behind the `records.*` actions: JSON objects keyed by collection and
// id. Queries push simple equality filters down to SQLite's JSON functions so a large
// collection is not read whole, and check every filter again in JavaScript, which decides.

import type { DatabaseSync, SQLInputValue, SQLOutputValue, StatementSync } from 'node:sqlite';
import { jsonEquals } from './json-equals.ts';
import { fromJsonColumn, textColumn, toJsonColumn } from './json-column.ts';
import { createSortableId } from './sortable-id.ts';
import type { RecordQuery, StoredRecord } from './store-types.ts';
import type { Transactor } from './transactor.ts';

type Row = Record<string, SQLOutputValue>;

const DEFAULT_QUERY_LIMIT = 1000;
/** Filter shapes are few in practice; the cap only guards against a pathological caller. */
const QUERY_CACHE_LIMIT = 100;
/** Field names we can put inside a JSON path literal without quoting concerns. */
const PLAIN_FIELD = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

export class RecordTable {
  readonly #db: DatabaseSync;
  readonly #transactor: Transactor;
  readonly #insert: StatementSync;
  readonly #select: StatementSync;
  readonly #update: StatementSync;
  readonly #delete: StatementSync;
  readonly #queries = new Map<string, StatementSync>();

  constructor(db: DatabaseSync, transactor: Transactor) {
    this.#db = db;
    this.#transactor = transactor;
    this.#insert = db.prepare(
      `INSERT INTO records (collection, id, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    );
    this.#select = db.prepare(
      'SELECT collection, id, data, created_at, updated_at FROM records WHERE collection = ? AND id = ?',
    );
    this.#update = db.prepare('UPDATE records SET data = ?, updated_at = ? WHERE collection = ? AND id = ?');
    this.#delete = db.prepare('DELETE FROM records WHERE collection = ? AND id = ?');
  }

  /** Inserts a record; returns undefined when the id is already taken in the collection. */
  create(collection: string, id: string | undefined, data: Record<string, unknown>): StoredRecord | undefined {
    const now = new Date().toISOString();
    const recordId = id ?? createSortableId();
    const stored = withoutId(data);
    const inserted = this.#insert.run(collection, recordId, toJsonColumn(stored, 'the record data'), now, now);
    if (Number(inserted.changes) === 0) return undefined;
    return { collection, id: recordId, data: stored, createdAt: now, updatedAt: now };
  }

  get(collection: string, id: string): StoredRecord | undefined {
    const row = this.#select.get(collection, id);
    return row ? toRecord(row) : undefined;
  }

  query(query: RecordQuery): StoredRecord[] {
    const limit = query.limit ?? DEFAULT_QUERY_LIMIT;
    const filter = Object.entries(query.filter ?? {}).filter(([, value]) => value !== undefined);
    const conditions = ['collection = ?'];
    const values: SQLInputValue[] = [query.collection];
    for (const [field, value] of filter) {
      const pushed = pushDown(field, value);
      if (pushed) {
        conditions.push(pushed.condition);
        values.push(...pushed.values);
      }
    }
    const statement = this.#queryStatement(conditions.join(' AND '));
    const found: StoredRecord[] = [];
    if (limit <= 0) return found;
    for (const row of statement.iterate(...values)) {
      const record = toRecord(row);
      const view: Record<string, unknown> = { ...record.data, id: record.id };
      if (filter.every(([field, value]) => jsonEquals(fieldValue(view, field), value))) {
        found.push(record);
        if (found.length >= limit) break;
      }
    }
    return found;
  }

  /** Shallow-merges `patch` into the record; returns undefined when there is no such record. */
  update(collection: string, id: string, patch: Record<string, unknown>): StoredRecord | undefined {
    return this.#transactor.run(() => {
      const current = this.get(collection, id);
      if (!current) return undefined;
      const data = { ...current.data, ...withoutId(patch) };
      const now = new Date().toISOString();
      this.#update.run(toJsonColumn(data, 'the record data'), now, collection, id);
      return { ...current, data, updatedAt: now };
    });
  }

  delete(collection: string, id: string): boolean {
    return Number(this.#delete.run(collection, id).changes) > 0;
  }

  #queryStatement(where: string): StatementSync {
    let statement = this.#queries.get(where);
    if (!statement) {
      if (this.#queries.size >= QUERY_CACHE_LIMIT) this.#queries.clear();
      statement = this.#db.prepare(
        `SELECT collection, id, data, created_at, updated_at FROM records WHERE ${where} ORDER BY rowid`,
      );
      this.#queries.set(where, statement);
    }
    return statement;
  }
}

/**
 * A SQL condition equivalent to `field == value` for the values SQLite compares exactly
 * (strings and numbers, with the JSON type checked so `true` never matches `1`). Other values
 * are left to the JavaScript check.
 */
function pushDown(field: string, value: unknown): { condition: string; values: SQLInputValue[] } | undefined {
  if (field === 'id') {
    return typeof value === 'string' ? { condition: 'id = ?', values: [value] } : undefined;
  }
  if (!PLAIN_FIELD.test(field)) return undefined;
  const path = `$."${field}"`;
  if (typeof value === 'string') {
    return { condition: "json_type(data, ?) = 'text' AND json_extract(data, ?) = ?", values: [path, path, value] };
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return {
      condition: "json_type(data, ?) IN ('integer', 'real') AND json_extract(data, ?) = ?",
      values: [path, path, value],
    };
  }
  return undefined;
}

/** A missing field reads as null, as a missing path does in templates. */
function fieldValue(view: Record<string, unknown>, field: string): unknown {
  return Object.hasOwn(view, field) ? (view[field] ?? null) : null;
}

function withoutId(data: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, ...rest } = data;
  return rest;
}

function toRecord(row: Row): StoredRecord {
  return {
    collection: textColumn(row.collection),
    id: textColumn(row.id),
    data: (fromJsonColumn(row.data) ?? {}) as Record<string, unknown>,
    createdAt: textColumn(row.created_at),
    updatedAt: textColumn(row.updated_at),
  };
}
