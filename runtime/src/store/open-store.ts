// Opens (creating when needed) the store at `<dir>/stepline.db`, or an in-memory one for tests
// and benchmarks. File stores use WAL so the CLI and the editor can share one file: readers
// never block the writer, and a writer waits up to the busy timeout for another writer.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { migrate } from './migrate.ts';
import { MIGRATIONS } from './schema.ts';
import { toStoreError } from './sqlite-failure.ts';
import { StoreError } from './store-error.ts';
import { Store } from './store.ts';

export const STORE_FILE_NAME = 'stepline.db';

export interface OpenStoreOptions {
  /** The state folder (`.stepline/` or `--store DIR`); created when missing. */
  dir?: string;
  /** An in-memory store; `dir` is ignored. */
  memory?: boolean;
  /**
   * How hard each commit waits for the disk. FULL (the default) survives power loss after
   * every committed step; NORMAL survives a killed process but may lose the last commits on
   * power loss; OFF is for benchmarks only.
   */
  synchronous?: 'FULL' | 'NORMAL' | 'OFF';
  /** How long a write waits for another process's write transaction. Defaults to 5000 ms. */
  busyTimeoutMs?: number;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export function openStore(options: OpenStoreOptions): Store {
  const location = storeLocation(options);
  const synchronous = options.synchronous ?? 'FULL';
  if (!['FULL', 'NORMAL', 'OFF'].includes(synchronous)) {
    throw new StoreError('store-invalid-options', `Unknown synchronous mode ${String(synchronous)}.`);
  }
  if (location !== ':memory:' && options.dir !== undefined) {
    try {
      mkdirSync(options.dir, { recursive: true });
    } catch (error) {
      throw new StoreError(
        'store-io',
        `Cannot create the Stepline state folder ${options.dir} (${(error as Error).message}).`,
        { cause: error },
      );
    }
  }
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(location, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
    // The first statement reads the file header, so a file that is not a database fails here.
    if (location !== ':memory:') db.exec('PRAGMA journal_mode = WAL');
    db.exec(`PRAGMA synchronous = ${synchronous}`);
    db.exec('PRAGMA foreign_keys = ON');
    migrate(db, MIGRATIONS, location);
    return new Store(db, location);
  } catch (error) {
    if (db?.isOpen) db.close();
    throw toStoreError(error, location);
  }
}

function storeLocation(options: OpenStoreOptions): string {
  if (options.memory) return ':memory:';
  if (options.dir === undefined || options.dir === '') {
    throw new StoreError('store-invalid-options', 'openStore needs a state folder (dir) or memory: true.');
  }
  return join(options.dir, STORE_FILE_NAME);
}
