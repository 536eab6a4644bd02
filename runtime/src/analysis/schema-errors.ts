// Turns ajv's validation errors into one clear problem per place in the YAML tree: the offending
// value, the unknown key, or the key of the map missing a required entry. Shared by the workflow
// schema check and the action parameter check, which differ only in how they name containers.

import type { ErrorObject } from 'ajv/dist/2020.js';
import { closestMatch } from '../catalog/similar.ts';
import { spanOf, type SourceRange } from '../language/source-range.ts';
import { nodeAtPath, type YNode } from '../language/yaml-tree.ts';

export type JsonPath = readonly (string | number)[];

export interface SchemaProblem {
  range: SourceRange;
  message: string;
  /** Where the problem is, as a path from the validated node. */
  path: JsonPath;
  keyword: string;
  data?: Record<string, unknown>;
}

export interface SchemaErrorOptions {
  /** The tree node that was validated (its plain value was the ajv input). */
  root: YNode | null;
  /** The key whose value is the root (e.g. `parameters`): required-key problems at the root go there. */
  rootKey?: SourceRange;
  /** The range to use when the root itself is missing. */
  fallbackRange: SourceRange;
  /** A noun phrase for the map at `path`, e.g. "llm config" or "`http.request` parameters". */
  describeContainer(path: JsonPath): string;
  /** The name used for the value at an empty path (the root). */
  rootName: string;
  /** Return true to drop an error (e.g. the value is a template whose type is unknown statically). */
  skip?(path: JsonPath, error: ErrorObject): boolean;
}

/** The pattern that marks "or a `<< >>` template" on fields that accept a number or a template. */
export const TEMPLATE_PATTERN = '<<[\\s\\S]*>>';
const SLUG_PATTERN_SOURCE = '^[a-z][a-z0-9_]*$';
const IDENTIFIER_PATTERN_SOURCE = '^[A-Za-z_][A-Za-z0-9_]*$';

/** Lower numbers win when two errors land on the same range: a wrong type explains everything else. */
const PRIORITY: Record<string, number> = { type: 0, enum: 1, const: 1, 'false schema': 2, additionalProperties: 3, required: 4 };

export function parseJsonPointer(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment));
}

export function describeSchemaErrors(errors: readonly ErrorObject[], options: SchemaErrorOptions): SchemaProblem[] {
  const byRange = new Map<string, SchemaProblem>();
  for (const error of collapseAlternatives(errors)) {
    const path = parseJsonPointer(error.instancePath);
    if (options.skip?.(path, error)) continue;
    const problem = toProblem(error, path, options);
    if (!problem) continue;
    const slot = `${problem.range.start}:${problem.range.end}`;
    const existing = byRange.get(slot);
    if (!existing) {
      byRange.set(slot, problem);
    } else if (existing.keyword === 'required' && problem.keyword === 'required') {
      byRange.set(slot, mergeRequired(existing, problem));
    } else if ((PRIORITY[problem.keyword] ?? 9) < (PRIORITY[existing.keyword] ?? 9)) {
      byRange.set(slot, problem);
    }
  }
  return [...byRange.values()].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
}

/**
 * `if` errors only say "must match then" (the `then` errors say why), and `anyOf`/`oneOf` report
 * every branch. Keep the branch the value was evidently meant for, or one summary error.
 */
function collapseAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  const summaries = new Map<ErrorObject, ErrorObject>();
  for (const error of errors) {
    if (error.keyword === 'if') dropped.add(error);
    if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') continue;
    if (error.keyword === 'oneOf' && error.params && (error.params as { passingSchemas?: unknown }).passingSchemas) continue;
    const prefix = `${error.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const inner of errors) {
      if (!inner.schemaPath.startsWith(prefix)) continue;
      const branch = inner.schemaPath.slice(prefix.length).split('/')[0]!;
      branches.set(branch, [...(branches.get(branch) ?? []), inner]);
    }
    // A branch that failed on the value's type at the alternative's own place was not the intent.
    const plausible = [...branches.values()].filter((branchErrors) => !branchErrors.some((inner) => inner.keyword === 'type' && inner.instancePath === error.instancePath));
    for (const branchErrors of branches.values()) for (const inner of branchErrors) dropped.add(inner);
    if (plausible.length === 0) {
      // Wrong type for every branch: one "must be a string or a map" with all the branches' types.
      const types = [...branches.values()].flatMap((branchErrors) => branchErrors.filter((inner) => inner.keyword === 'type' && inner.instancePath === error.instancePath).flatMap((inner) => String((inner.params as { type?: unknown }).type).split(',')));
      summaries.set(error, { ...error, keyword: 'type', params: { type: types.join(',') }, parentSchema: { type: [...new Set(types)] } });
      continue;
    }
    const best = plausible.reduce((a, b) => (depth(b) > depth(a) || (depth(b) === depth(a) && b.length < a.length) ? b : a));
    for (const inner of best) dropped.delete(inner);
    dropped.add(error);
  }
  return errors.filter((error) => !dropped.has(error)).map((error) => summaries.get(error) ?? error);
}

function depth(branchErrors: readonly ErrorObject[]): number {
  return Math.max(...branchErrors.map((error) => error.instancePath.split('/').length));
}

function mergeRequired(a: SchemaProblem, b: SchemaProblem): SchemaProblem {
  const keys = [...((a.data?.['missing'] as string[] | undefined) ?? []), ...((b.data?.['missing'] as string[] | undefined) ?? [])];
  const unique = [...new Set(keys)];
  const container = String(a.data?.['container'] ?? '');
  return { ...a, message: requiredMessage(unique, container), data: { ...a.data, missing: unique } };
}

function requiredMessage(keys: readonly string[], container: string): string {
  const list = keys.map((key) => `\`${key}\``);
  const joined = list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
  return `Missing required key${keys.length === 1 ? '' : 's'} ${joined} in ${container}.`;
}

function toProblem(error: ErrorObject, path: JsonPath, options: SchemaErrorOptions): SchemaProblem | undefined {
  const located = path.length === 0 && options.rootKey ? { node: options.root, key: options.rootKey } : locate(options.root, path);
  const valueRange = located ? rangeOfLocated(located) : options.fallbackRange;
  const name = subjectName(path, options.rootName);
  const params = error.params as Record<string, unknown>;
  const parentSchema = (error.parentSchema ?? {}) as Record<string, unknown>;
  const base = { path, keyword: error.keyword };
  switch (error.keyword) {
    case 'required': {
      const missing = String(params['missingProperty']);
      const container = options.describeContainer(path);
      return { ...base, range: containerKeyRange(located, options.fallbackRange), message: requiredMessage([missing], container), data: { missing: [missing], container } };
    }
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const keyNode = locate(options.root, [...path, key])?.key;
      const allowed = Object.entries((parentSchema['properties'] ?? {}) as Record<string, unknown>)
        .filter(([, schema]) => schema !== false)
        .map(([property]) => property);
      const suggestion = closestMatch(key, allowed);
      const hint = suggestion ? ` Did you mean \`${suggestion}\`?` : allowed.length > 0 ? ` Allowed keys: ${allowed.join(', ')}.` : ' Remove it.';
      return {
        ...base,
        path: [...path, key],
        range: keyNode ? spanOf(keyNode) : valueRange,
        message: `Unknown key \`${key}\` in ${options.describeContainer(path)}.${hint}`,
        ...(suggestion ? { data: { suggestion } } : {}),
      };
    }
    case 'false schema': {
      // Only object properties are set to `false` in our schemas: a key that does not apply here.
      const key = String(path.at(-1));
      const container = options.describeContainer(path.slice(0, -1)).replace(/ config$/, '');
      return { ...base, range: located?.key ? spanOf(located.key) : valueRange, message: `\`${key}\` does not apply to ${withArticle(container)}; remove it.` };
    }
    case 'type':
      return { ...base, range: valueRange, message: typeMessage(name, parentSchema, error.data) };
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[] | undefined) ?? [];
      const suggestion = typeof error.data === 'string' ? closestMatch(error.data, allowed.filter((v): v is string => typeof v === 'string')) : undefined;
      const list = allowed.map((value) => `\`${String(value)}\``).join(', ');
      const hint = suggestion ? ` Did you mean \`${suggestion}\`?` : '';
      return { ...base, range: valueRange, message: `${describeLiteral(error.data)} is not a valid \`${name}\`.${hint} Expected one of: ${list}.`, ...(suggestion ? { data: { suggestion } } : {}) };
    }
    case 'const':
      return { ...base, range: valueRange, message: `\`${name}\` must be \`${String(params['allowedValue'])}\`${dependentOn(error.schemaPath)}.` };
    case 'pattern':
      return { ...base, range: valueRange, ...patternMessage(name, String(params['pattern']), parentSchema, error.data) };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const words: Record<string, string> = { minimum: 'at least', maximum: 'at most', exclusiveMinimum: 'greater than', exclusiveMaximum: 'less than' };
      return { ...base, range: valueRange, message: `\`${name}\` must be ${words[error.keyword]} ${String(params['limit'])}, not ${String(error.data)}.` };
    }
    case 'minLength':
      return { ...base, range: valueRange, message: Number(params['limit']) === 1 ? `\`${name}\` must not be empty.` : `\`${name}\` must have at least ${String(params['limit'])} characters.` };
    case 'minItems':
      return { ...base, range: valueRange, message: `\`${name}\` must list at least ${String(params['limit'])} item${Number(params['limit']) === 1 ? '' : 's'}.` };
    case 'uniqueItems': {
      const later = Math.max(Number(params['i']), Number(params['j']));
      const item = locate(options.root, [...path, later]);
      const value = Array.isArray(error.data) ? (error.data as unknown[])[later] : undefined;
      return { ...base, path: [...path, later], range: item ? rangeOfLocated(item) : valueRange, message: `${describeLiteral(value)} is listed more than once in \`${name}\`.` };
    }
    default:
      return { ...base, range: valueRange, message: `\`${name}\` ${error.message ?? 'is invalid'}.` };
  }
}

interface Located {
  node: YNode | null;
  key?: SourceRange;
}

function locate(root: YNode | null, path: JsonPath): Located | undefined {
  if (path.length === 0) return root ? { node: root } : undefined;
  return nodeAtPath(root, path);
}

/** The value's range, or its key's when the value is missing (`key:` with nothing after it). */
function rangeOfLocated(located: Located): SourceRange {
  const node = located.node;
  if (node && !(node.kind === 'scalar' && node.value === null && node.start === node.end)) return spanOf(node);
  if (located.key) return spanOf(located.key);
  return node ? spanOf(node) : { start: 0, end: 0 };
}

/** For a map that lacks a key: its own key, else (a list item or the root) its first key. */
function containerKeyRange(located: Located | undefined, fallback: SourceRange): SourceRange {
  if (!located) return fallback;
  if (located.key) return spanOf(located.key);
  const node = located.node;
  if (node?.kind === 'map' && node.pairs.length > 0) return spanOf(node.pairs[0]!.key);
  return node ? spanOf(node) : fallback;
}

function subjectName(path: JsonPath, rootName: string): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const segment = path[i]!;
    if (typeof segment === 'string') {
      const indexes = path.slice(i + 1);
      return indexes.length === 0 ? segment : `${segment}${indexes.map((index) => `[${String(index)}]`).join('')}`;
    }
  }
  return path.length === 0 ? rootName : `${rootName}${path.map((index) => `[${String(index)}]`).join('')}`;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  object: 'a map',
  array: 'a list',
  null: 'empty',
};

function typeMessage(name: string, parentSchema: Record<string, unknown>, data: unknown): string {
  const types = ([] as string[]).concat((parentSchema['type'] as string | string[] | undefined) ?? []);
  const templated = parentSchema['pattern'] === TEMPLATE_PATTERN;
  const kept = types.filter((type) => !(templated && type === 'string'));
  // "true or false" reads well alone, but not inside a list of alternatives.
  const words = kept.map((type) => (type === 'boolean' && kept.length > 1 ? 'a boolean' : (TYPE_WORDS[type] ?? type)));
  if (templated) words.push('a `<< >>` template');
  const expected = words.length <= 1 ? (words[0] ?? 'something else') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
  if (data === null) return `\`${name}\` is empty; it must be ${expected}.`;
  return `\`${name}\` must be ${expected}, not ${describeValue(data)}.`;
}

function patternMessage(name: string, pattern: string, parentSchema: Record<string, unknown>, data: unknown): { message: string; data?: Record<string, unknown> } {
  const value = String(data);
  if (pattern === TEMPLATE_PATTERN) return { message: typeMessage(name, parentSchema, data) };
  if (pattern === SLUG_PATTERN_SOURCE) {
    const suggestion = toSlug(value);
    const hint = suggestion && suggestion !== value ? ` Try \`${suggestion}\`.` : '';
    return {
      message: `\`${value}\` is not a valid step slug: use lowercase letters, digits and underscores, starting with a letter.${hint}`,
      ...(suggestion && suggestion !== value ? { data: { suggestion } } : {}),
    };
  }
  if (pattern === IDENTIFIER_PATTERN_SOURCE) {
    const where = /\]$/.test(name) ? `in \`${name.replace(/\[\d+\]$/, '')}\`` : `for \`${name}\``;
    return { message: `\`${value}\` is not a valid name ${where}: use letters, digits and underscores, not starting with a digit.` };
  }
  return { message: `\`${name}\` must match the pattern \`${pattern}\`.` };
}

/** The nearest valid slug for a name: `Fetch Orders` → `fetch_orders`; undefined when nothing is left. */
export function toSlug(value: string): string | undefined {
  const slug = value
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_$/, '');
  return slug === '' ? undefined : slug;
}

function dependentOn(schemaPath: string): string {
  const match = /\/dependentSchemas\/([^/]+)\//.exec(schemaPath);
  return match ? ` when \`${match[1]}\` is set` : '';
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `\`${String(value)}\``;
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'empty';
  return 'a map';
}

function describeLiteral(value: unknown): string {
  if (typeof value === 'string') return `\`${value}\``;
  return describeValue(value);
}

function withArticle(noun: string): string {
  const first = noun.replace(/^`/, '')[0]?.toLowerCase() ?? '';
  return `${'aeiou'.includes(first) ? 'an' : 'a'} ${noun}`;
}
