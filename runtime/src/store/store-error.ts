// The one error type the store throws. Every failure of the embedded database reaches callers
// as a StoreError with a stable code and a message written for the person at the terminal, so
// the CLI and the editor can print it without a stack trace.

export type StoreErrorCode =
  /** The database file is not a SQLite database or its pages are damaged. */
  | 'store-corrupt'
  /** Another process held a write transaction for longer than the busy timeout. */
  | 'store-locked'
  /** The file or its folder cannot be created, read or written (permissions, full disk). */
  | 'store-io'
  /** The file was written by a newer Stepline with a schema this version does not know. */
  | 'store-too-new'
  /** `openStore` was called with options that name no store. */
  | 'store-invalid-options'
  /** A method was called after `close()`. */
  | 'store-closed'
  /** A value could not be stored as JSON (a bigint, a cycle). */
  | 'store-invalid-value'
  /** A step was committed for a run the store does not hold. */
  | 'run-not-found'
  /** Any other database failure; the message carries SQLite's own words. */
  | 'store-failed';

export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}
