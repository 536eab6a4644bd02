// Brings a database up to the current schema. Runs inside one write transaction and reads
// `user_version` again after taking the lock, so two processes opening a new store at the
// same moment apply each migration once.

import type { DatabaseSync } from 'node:sqlite';
import type { Migration } from './schema.ts';
import { StoreError } from './store-error.ts';

function userVersion(db: DatabaseSync): number {
  return Number(db.prepare('PRAGMA user_version').get()?.user_version ?? 0);
}

export function migrate(db: DatabaseSync, migrations: readonly Migration[], location: string): void {
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
  if (userVersion(db) === latest) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    const current = userVersion(db);
    if (current > latest) {
      throw new StoreError(
        'store-too-new',
        `The Stepline store at ${location} has schema version ${current}, but this Stepline knows ` +
          `versions up to ${latest}. Upgrade Stepline, or point it at another store with --store.`,
      );
    }
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      // PRAGMA takes no bound parameters; the version is our own integer constant.
      db.exec(`PRAGMA user_version = ${Math.trunc(migration.version)}`);
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
