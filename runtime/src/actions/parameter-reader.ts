// Reads an action's parameters defensively. The analyzer checks literal parameters against the
// catalog's schemas, but templated values are only known at run time, so each action checks
// the types it relies on and fails with `invalid-parameters` instead of a TypeError.

import { invalidParameters } from './action-error.ts';

export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

export interface NumberRules {
  min?: number;
  max?: number;
  integer?: boolean;
}

export class ParameterReader {
  readonly #action: string;
  readonly #params: JsonObject;

  constructor(action: string, params: unknown) {
    this.#action = action;
    if (!isPlainObject(params)) throw invalidParameters(action, `parameters must be an object, got ${describe(params)}.`);
    this.#params = params;
  }

  has(name: string): boolean {
    return Object.hasOwn(this.#params, name) && this.#params[name] !== undefined && this.#params[name] !== null;
  }

  raw(name: string): unknown {
    return Object.hasOwn(this.#params, name) ? this.#params[name] : undefined;
  }

  string(name: string, options: { nonEmpty?: boolean } = {}): string {
    const value = this.raw(name);
    if (value === undefined || value === null) throw this.fail(`\`${name}\` is required.`);
    if (typeof value !== 'string') throw this.fail(`\`${name}\` must be a string, got ${describe(value)}.`);
    if (options.nonEmpty && value.trim() === '') throw this.fail(`\`${name}\` must not be empty.`);
    return value;
  }

  optionalString(name: string, options: { nonEmpty?: boolean } = {}): string | undefined {
    return this.has(name) ? this.string(name, options) : undefined;
  }

  optionalNumber(name: string, rules: NumberRules = {}): number | undefined {
    if (!this.has(name)) return undefined;
    const value = this.raw(name);
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw this.fail(`\`${name}\` must be a number, got ${describe(value)}.`);
    }
    if (rules.integer && !Number.isInteger(value)) throw this.fail(`\`${name}\` must be a whole number, got ${value}.`);
    if (rules.min !== undefined && value < rules.min) throw this.fail(`\`${name}\` must be at least ${rules.min}, got ${value}.`);
    if (rules.max !== undefined && value > rules.max) throw this.fail(`\`${name}\` must be at most ${rules.max}, got ${value}.`);
    return value;
  }

  number(name: string, rules: NumberRules = {}): number {
    const value = this.optionalNumber(name, rules);
    if (value === undefined) throw this.fail(`\`${name}\` is required.`);
    return value;
  }

  optionalBoolean(name: string): boolean | undefined {
    if (!this.has(name)) return undefined;
    const value = this.raw(name);
    if (typeof value !== 'boolean') throw this.fail(`\`${name}\` must be true or false, got ${describe(value)}.`);
    return value;
  }

  optionalObject(name: string): JsonObject | undefined {
    if (!this.has(name)) return undefined;
    const value = this.raw(name);
    if (!isPlainObject(value)) throw this.fail(`\`${name}\` must be an object, got ${describe(value)}.`);
    return value;
  }

  object(name: string): JsonObject {
    const value = this.optionalObject(name);
    if (value === undefined) throw this.fail(`\`${name}\` is required.`);
    return value;
  }

  /** A string or a list of strings, as a list (e.g. email recipients). */
  optionalStringList(name: string): string[] | undefined {
    if (!this.has(name)) return undefined;
    const value = this.raw(name);
    const list = Array.isArray(value) ? (value as unknown[]) : [value];
    if (!list.every((item): item is string => typeof item === 'string')) {
      throw this.fail(`\`${name}\` must be a string or a list of strings, got ${describe(value)}.`);
    }
    return list;
  }

  fail(message: string): Error {
    return invalidParameters(this.#action, message);
  }
}
