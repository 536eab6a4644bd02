// Walks schemas/workflow.schema.json (and action parameter schemas) along a YAML path, the way
// completion and hover need it: `$ref`s resolved, `allOf` branches whose `if` matches the keys
// already written applied (a step's `stepType` picks its config schema), `anyOf`/`oneOf` kept as
// alternatives, and properties set to `false` (not allowed for this type) left out.

import workflowSchema from '../../../schemas/workflow.schema.json' with { type: 'json' };
import type { JsonSchema } from '../../../runtime/src/catalog/json-schema.ts';
import type { PathSegment } from './yaml-cursor.ts';

type Data = Readonly<Record<string, unknown>>;

export const WORKFLOW_SCHEMA = workflowSchema as unknown as JsonSchema;

/** Replaces the schema at a path (action parameters come from the catalog, not the file schema). */
export type SchemaOverride = (path: readonly PathSegment[]) => JsonSchema | undefined;

export interface SchemaWalk {
  /** The candidate schemas at the path (alternatives), already resolved. */
  schemas: JsonSchema[];
  /** Keys that some branch forbids (`key: false`), so they are not offered. */
  forbidden: Set<string>;
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolveRef(ref: string, root: JsonSchema): JsonSchema | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let current: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    if (!isSchema(current)) return undefined;
    current = current[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return isSchema(current) ? current : undefined;
}

/** Whether a simple `if` schema (properties with const/enum, required) holds for the data. */
function ifHolds(condition: JsonSchema, data: Data): boolean {
  for (const key of condition.required ?? []) if (!(key in data)) return false;
  for (const [key, sub] of Object.entries(condition.properties ?? {})) {
    if (!(key in data) || !isSchema(sub)) continue;
    const value = data[key];
    if ('const' in sub && String(sub.const) !== String(value)) return false;
    if (Array.isArray(sub.enum) && !sub.enum.some((item) => String(item) === String(value))) return false;
  }
  return true;
}

/** Expands `$ref`, `allOf` (with `if`/`then`/`else`), `anyOf` and `oneOf` into plain alternatives. */
export function expandSchema(schema: JsonSchema, data: Data, root: JsonSchema = WORKFLOW_SCHEMA, forbidden?: Set<string>, depth = 0): JsonSchema[] {
  if (depth > 12) return [schema];
  const result: JsonSchema[] = [];
  let base: JsonSchema = schema;
  if (typeof schema.$ref === 'string') {
    const target = resolveRef(schema.$ref, root);
    if (target) {
      // Keywords beside a $ref (a description, examples) refine the target.
      const { $ref: _ref, ...rest } = schema;
      base = { ...target, ...rest };
      return expandSchema(base, data, root, forbidden, depth + 1);
    }
  }
  result.push(base);
  for (const part of base.allOf ?? []) {
    if (!isSchema(part)) continue;
    if (isSchema(part.if)) {
      const branch = ifHolds(part.if, data) ? part.then : part.else;
      if (isSchema(branch)) result.push(...expandBranch(branch, data, root, forbidden, depth));
    } else {
      result.push(...expandBranch(part, data, root, forbidden, depth));
    }
  }
  for (const alternatives of [base.anyOf, base.oneOf]) {
    for (const part of alternatives ?? []) if (isSchema(part)) result.push(...expandSchema(part, data, root, forbidden, depth + 1));
  }
  return result;
}

function expandBranch(branch: JsonSchema, data: Data, root: JsonSchema, forbidden: Set<string> | undefined, depth: number): JsonSchema[] {
  if (forbidden) for (const [key, sub] of Object.entries(branch.properties ?? {})) if (sub === false) forbidden.add(key);
  return expandSchema(branch, data, root, forbidden, depth + 1);
}

/** The schemas of property `key` across the alternatives. */
export function propertySchemas(schemas: readonly JsonSchema[], key: string): JsonSchema[] {
  const found: JsonSchema[] = [];
  for (const schema of schemas) {
    const property = schema.properties?.[key];
    if (isSchema(property)) found.push(property);
  }
  if (found.length > 0) return found;
  for (const schema of schemas) {
    for (const [pattern, sub] of Object.entries((schema.patternProperties as Record<string, unknown> | undefined) ?? {})) {
      try {
        if (isSchema(sub) && new RegExp(pattern, 'u').test(key)) found.push(sub);
      } catch {
        // A pattern our engine cannot read is skipped.
      }
    }
    if (isSchema(schema.additionalProperties)) found.push(schema.additionalProperties);
  }
  return found;
}

export function itemSchemas(schemas: readonly JsonSchema[]): JsonSchema[] {
  const found: JsonSchema[] = [];
  for (const schema of schemas) {
    if (isSchema(schema.items)) found.push(schema.items);
    for (const prefix of (schema.prefixItems as unknown[] | undefined) ?? []) if (isSchema(prefix)) found.push(prefix);
  }
  return found;
}

/**
 * The schemas of the node at `path`. `dataAt(depth)` gives the keys written in the map at
 * `path.slice(0, depth)`, which decide the `if` branches. The root may be replaced per path.
 */
export function schemasAt(path: readonly PathSegment[], dataAt: (depth: number) => Data, override?: SchemaOverride, root: JsonSchema = WORKFLOW_SCHEMA): SchemaWalk {
  const forbidden = new Set<string>();
  let schemas = expandSchema(root, dataAt(0), root, forbidden);
  for (let depth = 0; depth < path.length; depth++) {
    const segment = path[depth]!;
    const replaced = override?.(path.slice(0, depth + 1));
    forbidden.clear();
    const next = replaced ? [replaced] : typeof segment === 'number' ? itemSchemas(schemas) : propertySchemas(schemas, segment);
    schemas = next.flatMap((schema) => expandSchema(schema, dataAt(depth + 1), replaced ? schema : root, forbidden));
    if (schemas.length === 0) break;
  }
  return { schemas, forbidden };
}

export interface KeyInfo {
  key: string;
  schemas: JsonSchema[];
  required: boolean;
}

/** The keys a map may have, with their schemas, in the order the schema lists them. */
export function keysOf(walk: SchemaWalk): KeyInfo[] {
  const keys = new Map<string, KeyInfo>();
  const required = new Set<string>();
  for (const schema of walk.schemas) for (const key of schema.required ?? []) required.add(key);
  for (const schema of walk.schemas) {
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      if (walk.forbidden.has(key) || !isSchema(sub)) continue;
      const info = keys.get(key) ?? { key, schemas: [], required: false };
      // `$ref`s are resolved so the key's type, description and values are known.
      info.schemas.push(...expandSchema(sub, {}));
      keys.set(key, info);
    }
  }
  for (const info of keys.values()) info.required = required.has(info.key);
  return [...keys.values()];
}

/** The first description found, markdown preferred. */
export function descriptionOf(schemas: readonly JsonSchema[]): string | undefined {
  for (const schema of schemas) if (typeof schema.markdownDescription === 'string') return schema.markdownDescription;
  for (const schema of schemas) if (typeof schema.description === 'string') return schema.description;
  return undefined;
}

export interface ValueSuggestion {
  value: string | number | boolean;
  /** From an `enum`/`const` (the only values allowed) or only an example. */
  kind: 'enum' | 'example' | 'default';
}

/** Values to offer for a scalar: enum and const values, booleans, defaults, then examples. */
export function valueSuggestions(schemas: readonly JsonSchema[]): ValueSuggestion[] {
  const seen = new Set<string>();
  const result: ValueSuggestion[] = [];
  const add = (value: unknown, kind: ValueSuggestion['kind']) => {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return;
    const key = `${typeof value}:${String(value)}`;
    if (seen.has(key)) return;
    seen.add(key);
    result.push({ value, kind });
  };
  for (const schema of schemas) {
    for (const value of schema.enum ?? []) add(value, 'enum');
    if ('const' in schema) add(schema.const, 'enum');
    const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
    if (types.includes('boolean')) {
      add(true, 'enum');
      add(false, 'enum');
    }
  }
  for (const schema of schemas) add(schema.default, 'default');
  for (const schema of schemas) for (const example of schema.examples ?? []) add(example, 'example');
  return result;
}

/** A short type for a schema: `string`, `integer`, `"a" | "b"`, `object`, `array of string`. */
export function typeLabel(schema: JsonSchema | undefined): string {
  if (!schema) return 'any';
  if (Array.isArray(schema.enum) && schema.enum.length > 0 && schema.enum.length <= 8) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const type = schema.type;
  if (type === 'array') {
    const items = isSchema(schema.items) ? typeLabel(schema.items) : 'any';
    return `array of ${items}`;
  }
  if (Array.isArray(type)) return type.join(' | ');
  if (typeof type === 'string') return type;
  if (schema.properties) return 'object';
  return 'any';
}
