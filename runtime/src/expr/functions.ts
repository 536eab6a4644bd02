// The fixed function library of the expression language, with the metadata the language server
// shows in completion, hover and signature help. Nothing else can be called from a template.

import type { SourceRange } from '../language/source-range.ts';
import { ExpressionRuntimeError } from './errors.ts';
import type { EvaluationContext } from './evaluation-context.ts';
import { toJson, toText, typeName } from './values.ts';

/** What a library function gets besides its arguments. */
export interface FunctionCallContext {
  readonly evaluation: EvaluationContext;
  /** The call's range, for error messages. */
  readonly range: SourceRange;
}

export interface FunctionParameter {
  readonly name: string;
  readonly description: string;
}

export interface ExpressionFunction {
  /** As shown to users, e.g. `join(array, separator?)`. */
  readonly signature: string;
  readonly description: string;
  readonly parameters: readonly FunctionParameter[];
  readonly minArgs: number;
  readonly maxArgs: number;
  /** The result's type in words (`string`, `number`, `any`...). */
  readonly returns: string;
  /** Arity is checked by the caller (the evaluator); types are checked here. */
  call(args: readonly unknown[], ctx: FunctionCallContext): unknown;
}

function fail(ctx: FunctionCallContext, message: string): never {
  throw new ExpressionRuntimeError('expression-error', message, ctx.range);
}

function expectString(name: string, value: unknown, ctx: FunctionCallContext, what = 'a string'): string {
  if (typeof value !== 'string') fail(ctx, `${name}() expects ${what}, got ${typeName(value)}`);
  return value;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The ISO time used by `now()` and by the `$now` root. */
export function isoNow(evaluation: EvaluationContext): string {
  return (evaluation.now ? evaluation.now() : new Date()).toISOString();
}

const LIBRARY = {
  length: {
    signature: 'length(value)',
    description: 'The number of characters of a string, items of an array, or keys of an object.',
    parameters: [{ name: 'value', description: 'A string, an array or an object.' }],
    minArgs: 1,
    maxArgs: 1,
    returns: 'number',
    call([value], ctx) {
      if (typeof value === 'string' || Array.isArray(value)) return value.length;
      if (isPlainRecord(value)) return Object.keys(value).length;
      return fail(ctx, `length() expects a string, an array or an object, got ${typeName(value)}`);
    },
  },
  lower: {
    signature: 'lower(text)',
    description: 'The text in lower case.',
    parameters: [{ name: 'text', description: 'A string.' }],
    minArgs: 1,
    maxArgs: 1,
    returns: 'string',
    call([text], ctx) {
      return expectString('lower', text, ctx).toLowerCase();
    },
  },
  upper: {
    signature: 'upper(text)',
    description: 'The text in upper case.',
    parameters: [{ name: 'text', description: 'A string.' }],
    minArgs: 1,
    maxArgs: 1,
    returns: 'string',
    call([text], ctx) {
      return expectString('upper', text, ctx).toUpperCase();
    },
  },
  trim: {
    signature: 'trim(text)',
    description: 'The text without leading and trailing whitespace.',
    parameters: [{ name: 'text', description: 'A string.' }],
    minArgs: 1,
    maxArgs: 1,
    returns: 'string',
    call([text], ctx) {
      return expectString('trim', text, ctx).trim();
    },
  },
  default: {
    signature: 'default(value, fallback)',
    description: 'The value, or the fallback when the value is null (a missing path). Empty strings, 0 and false are kept.',
    parameters: [
      { name: 'value', description: 'Any value, typically a path that may be missing.' },
      { name: 'fallback', description: 'The result when the value is null.' },
    ],
    minArgs: 2,
    maxArgs: 2,
    returns: 'any',
    call([value, fallback]) {
      return value === null || value === undefined ? fallback : value;
    },
  },
  json: {
    signature: 'json(value)',
    description: 'The value written as compact JSON text.',
    parameters: [{ name: 'value', description: 'Any value.' }],
    minArgs: 1,
    maxArgs: 1,
    returns: 'string',
    call([value], ctx) {
      return toJson(value, ctx.range);
    },
  },
  fromJson: {
    signature: 'fromJson(text)',
    description: 'The value that a JSON text describes.',
    parameters: [{ name: 'text', description: 'A string of JSON.' }],
    minArgs: 1,
    maxArgs: 1,
    returns: 'any',
    call([text], ctx) {
      const source = expectString('fromJson', text, ctx);
      try {
        return JSON.parse(source) as unknown;
      } catch {
        // JSON.parse quotes the text in its message; ours must not, the text may hold a secret.
        return fail(ctx, 'fromJson() got a string that is not valid JSON');
      }
    },
  },
  number: {
    signature: 'number(value)',
    description: "The value as a number: numbers as they are, numeric strings parsed ('42', '1.5e3'), true as 1 and false as 0.",
    parameters: [{ name: 'value', description: 'A number, a numeric string or a boolean.' }],
    minArgs: 1,
    maxArgs: 1,
    returns: 'number',
    call([value], ctx) {
      return toNumber(value, 'number()', ctx.range);
    },
  },
  string: {
    signature: 'string(value)',
    description: 'The value as text, as it would appear inside a template: null as an empty string, objects and arrays as compact JSON.',
    parameters: [{ name: 'value', description: 'Any value.' }],
    minArgs: 1,
    maxArgs: 1,
    returns: 'string',
    call([value], ctx) {
      return toText(value, ctx.range);
    },
  },
  keys: {
    signature: 'keys(object)',
    description: 'The names of the properties of an object, in order.',
    parameters: [{ name: 'object', description: 'An object.' }],
    minArgs: 1,
    maxArgs: 1,
    returns: 'array',
    call([value], ctx) {
      if (!isPlainRecord(value)) return fail(ctx, `keys() expects an object, got ${typeName(value)}`);
      return Object.keys(value);
    },
  },
  join: {
    signature: 'join(array, separator?)',
    description: "The items of an array written as text (like string()) and joined with the separator (',' when omitted).",
    parameters: [
      { name: 'array', description: 'An array.' },
      { name: 'separator', description: "A string placed between items; ',' when omitted." },
    ],
    minArgs: 1,
    maxArgs: 2,
    returns: 'string',
    call([items, separator], ctx) {
      if (!Array.isArray(items)) return fail(ctx, `join() expects an array, got ${typeName(items)}`);
      const glue = separator === undefined ? ',' : expectString('join', separator, ctx, 'a string separator');
      return items.map((item) => toText(item, ctx.range)).join(glue);
    },
  },
  now: {
    signature: 'now()',
    description: 'The current time as an ISO 8601 string (UTC).',
    parameters: [],
    minArgs: 0,
    maxArgs: 0,
    returns: 'string',
    call(_args, ctx) {
      return isoNow(ctx.evaluation);
    },
  },
} satisfies Record<string, ExpressionFunction>;

/**
 * The library by name. It has no prototype, so `FUNCTIONS['toString']` is undefined rather than
 * Object.prototype's method.
 */
export const FUNCTIONS: Readonly<Record<string, ExpressionFunction>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, ExpressionFunction>, LIBRARY),
);

export const FUNCTION_NAMES: readonly string[] = Object.keys(FUNCTIONS);

/** Own-property lookup, so `toString(x)` or `hasOwnProperty(x)` never find Object.prototype's. */
export function lookupFunction(name: string): ExpressionFunction | undefined {
  return Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
}

export function isKnownFunction(name: string): boolean {
  return Object.hasOwn(FUNCTIONS, name);
}

/** The message for a wrong argument count, or null when `count` is fine (or the function unknown). */
export function arityProblem(name: string, count: number): string | null {
  const fn = lookupFunction(name);
  if (!fn || (count >= fn.minArgs && count <= fn.maxArgs)) return null;
  const expected =
    fn.minArgs === fn.maxArgs
      ? `${fn.minArgs} argument${fn.minArgs === 1 ? '' : 's'}`
      : `${fn.minArgs} to ${fn.maxArgs} arguments`;
  return `${name}() takes ${expected}, got ${count}`;
}

/** Numeric conversion shared by `number(x)` and unary `+`. */
export function toNumber(value: unknown, what: string, range: SourceRange): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const parsed = value.trim() === '' ? NaN : Number(value);
    if (Number.isFinite(parsed)) return parsed;
    throw new ExpressionRuntimeError('expression-error', `${what} got a string that is not a number`, range);
  }
  throw new ExpressionRuntimeError('expression-error', `${what} expects a number, a numeric string or a boolean, got ${typeName(value)}`, range);
}
