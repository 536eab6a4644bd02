// Conversions between JavaScript values and the store's JSON text columns. SQL NULL means
// "absent" (undefined); a stored JSON `null` stays null, so "no output" and "output null"
// remain different in a trace.

import type { SQLOutputValue } from 'node:sqlite';
import { StoreError } from './store-error.ts';

export function toJsonColumn(value: unknown, what: string): string | null {
  if (value === undefined) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new StoreError('store-invalid-value', `Cannot store ${what} as JSON: ${String(error)}`, { cause: error });
  }
  // JSON.stringify returns undefined for a bare function or symbol: nothing JSON can hold.
  if (text === undefined) {
    throw new StoreError('store-invalid-value', `Cannot store ${what} as JSON: it is a ${typeof value}.`);
  }
  return text;
}

export function fromJsonColumn(value: SQLOutputValue | undefined): unknown {
  if (value === null || value === undefined) return undefined;
  return JSON.parse(String(value)) as unknown;
}

export function textColumn(value: SQLOutputValue | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

export function optionalTextColumn(value: SQLOutputValue | undefined): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}
