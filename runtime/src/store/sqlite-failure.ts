// Translates errors thrown by node:sqlite into StoreErrors. SQLite reports a numeric primary
// result code (`errcode`); we only look at the low byte, which names the failure class.

import { StoreError } from './store-error.ts';

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_READONLY = 8;
const SQLITE_IOERR = 10;
const SQLITE_CORRUPT = 11;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;
const SQLITE_NOTADB = 26;

interface SqliteErrorShape {
  errcode: number;
  errstr?: string;
  message: string;
}

function isSqliteError(error: unknown): error is SqliteErrorShape {
  return error instanceof Error && typeof (error as { errcode?: unknown }).errcode === 'number';
}

/**
 * Returns the StoreError that explains `error` to a user, given the database file's path.
 * StoreErrors pass through unchanged; anything that is not a SQLite error is returned as is,
 * because it is a bug in our code rather than a property of the user's store.
 */
export function toStoreError(error: unknown, location: string): unknown {
  if (error instanceof StoreError || !isSqliteError(error)) return error;
  const detail = error.errstr ?? error.message;
  switch (error.errcode & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return new StoreError(
        'store-corrupt',
        `The Stepline store at ${location} is damaged or is not a Stepline database (${detail}). ` +
          `Move the file away (for example rename it to ${location}.broken) and run again: ` +
          `Stepline then creates a fresh, empty store. Past runs and records stay in the moved file.`,
        { cause: error },
      );
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return new StoreError(
        'store-locked',
        `The Stepline store at ${location} is locked by another process that is writing to it ` +
          `(perhaps another \`stepline\` command or the editor). Wait for it to finish and try again.`,
        { cause: error },
      );
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
      return new StoreError(
        'store-io',
        `Cannot read or write the Stepline store at ${location} (${detail}). ` +
          `Check that the folder exists, is writable and that the disk is not full.`,
        { cause: error },
      );
    default:
      return new StoreError('store-failed', `The Stepline store at ${location} failed: ${detail}.`, {
        cause: error,
      });
  }
}
