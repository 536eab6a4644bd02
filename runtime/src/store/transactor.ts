// Runs a function inside a write transaction. The outermost call takes the write lock at once
// (BEGIN IMMEDIATE), so a busy store fails before any work instead of at COMMIT; nested calls
// become savepoints, so a helper that needs atomicity can be called inside a bigger unit.

import type { DatabaseSync, StatementSync } from 'node:sqlite';

export class Transactor {
  readonly #db: DatabaseSync;
  readonly #begin: StatementSync;
  readonly #commit: StatementSync;
  readonly #rollback: StatementSync;
  #depth = 0;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#begin = db.prepare('BEGIN IMMEDIATE');
    this.#commit = db.prepare('COMMIT');
    this.#rollback = db.prepare('ROLLBACK');
  }

  run<T>(work: () => T): T {
    if (this.#depth > 0) return this.#nested(work);
    this.#begin.run();
    this.#depth++;
    try {
      const result = work();
      this.#commit.run();
      return result;
    } catch (error) {
      // A failed COMMIT may already have ended the transaction; only roll back an open one.
      if (this.#db.isTransaction) this.#rollback.run();
      throw error;
    } finally {
      this.#depth--;
    }
  }

  #nested<T>(work: () => T): T {
    const name = `nested_${this.#depth}`;
    this.#db.exec(`SAVEPOINT ${name}`);
    this.#depth++;
    try {
      const result = work();
      this.#db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      this.#db.exec(`ROLLBACK TO ${name}`);
      this.#db.exec(`RELEASE ${name}`);
      throw error;
    } finally {
      this.#depth--;
    }
  }
}
