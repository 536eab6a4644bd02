// Turns the plain values the engine shows (scopes, evaluation results) into DAP variables:
// objects and arrays get a handle so the client can expand them, each child carries the
// expression that reads it (for "Add to Watch"), and handles are dropped whenever the run resumes.

import { Handles } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';

interface Container {
  value: object;
  /** The expression reading this value, when it has one (`params` is not an expression root). */
  evaluateName: string | undefined;
}

/** Strings longer than this are cut in the one-line preview; the full value is one expansion away. */
const PREVIEW_LIMIT = 200;

export class VariableTree {
  #handles = new Handles<Container>();

  /** Forgets every handle: the values they pointed at may change once the run moves on. */
  reset(): void {
    this.#handles.reset();
  }

  /** The handle for a value's children, or 0 when it has none. */
  referenceOf(value: unknown, evaluateName: string | undefined): number {
    if (value === null || typeof value !== 'object') return 0;
    if (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0) return 0;
    return this.#handles.create({ value, evaluateName });
  }

  children(reference: number, filter?: 'indexed' | 'named', start = 0, count?: number): DebugProtocol.Variable[] {
    const container = this.#handles.get(reference);
    if (!container) return [];
    const { value, evaluateName } = container;
    if (Array.isArray(value)) {
      if (filter === 'named') return [];
      const end = count === undefined || count === 0 ? value.length : Math.min(value.length, start + count);
      const result: DebugProtocol.Variable[] = [];
      for (let index = start; index < end; index++) {
        result.push(this.variable(String(index), value[index], evaluateName === undefined ? undefined : `${evaluateName}[${index}]`));
      }
      return result;
    }
    if (filter === 'indexed') return [];
    return Object.entries(value).map(([key, child]) => this.variable(key, child, evaluateName === undefined ? undefined : childPath(evaluateName, key)));
  }

  variable(name: string, value: unknown, evaluateName: string | undefined): DebugProtocol.Variable {
    const variable: DebugProtocol.Variable = {
      name,
      value: preview(value),
      type: typeOf(value),
      variablesReference: this.referenceOf(value, evaluateName),
    };
    if (Array.isArray(value)) variable.indexedVariables = value.length;
    if (evaluateName !== undefined) variable.evaluateName = evaluateName;
    return variable;
  }
}

/** `steps.fetch` + `output`; keys that are not identifiers use the bracket form. */
export function childPath(parent: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

export function typeOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** A one-line view of a value, as the Variables view and hovers show it. */
export function preview(value: unknown, depth = 0): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > PREVIEW_LIMIT ? `${value.slice(0, PREVIEW_LIMIT)}…` : value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) {
    if (depth > 0) return `Array(${value.length})`;
    const shown = value.slice(0, 5).map((item) => preview(item, depth + 1));
    return `(${value.length}) [${shown.join(', ')}${value.length > 5 ? ', …' : ''}]`;
  }
  const entries = Object.entries(value);
  if (depth > 0) return entries.length === 0 ? '{}' : '{…}';
  const shown = entries.slice(0, 5).map(([key, item]) => `${key}: ${preview(item, depth + 1)}`);
  return `{${shown.join(', ')}${entries.length > 5 ? ', …' : ''}}`;
}
