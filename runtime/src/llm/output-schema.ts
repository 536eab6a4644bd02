// Validates an llm step's JSON answer against its `outputSchema` (JSON Schema 2020-12, ajv).
// Compiled validators are cached by the schema's text, because a loop runs the same step, with a
// fresh but equal schema object, once per item.

import Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';

export interface SchemaViolation {
  /** JSON Pointer into the answer, `/` for the root (e.g. `/products/0/price`). */
  path: string;
  message: string;
}

export type CompiledOutputSchema =
  | { ok: true; validate: (value: unknown) => SchemaViolation[] }
  | { ok: false; message: string };

// ajv ships CommonJS: under NodeNext the default import is `module.exports`, and the class is its
// `default` property (ajv sets both), so this works for the type checker and at run time alike.
const Ajv2020 = Ajv2020Module.default;

// Formats are not checked: ajv's formats live in a separate package, and a schema that names an
// unknown format should not make a working step fail. `strict: false` for the same reason: users'
// schemas carry annotations (`example`, `x-…`) that strict mode rejects.
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false, logger: false });

const CACHE_LIMIT = 256;
const cache = new Map<string, CompiledOutputSchema>();

export function compileOutputSchema(schema: object): CompiledOutputSchema {
  const key = JSON.stringify(schema);
  const cached = cache.get(key);
  if (cached) return cached;

  const compiled = compile(schema);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, compiled);
  return compiled;
}

function compile(schema: object): CompiledOutputSchema {
  // A `$schema` naming another draft (often draft-07, pasted from elsewhere) would make the
  // 2020-12 validator refuse the whole schema; the keywords we check mean the same in both.
  const { $schema: _ignored, ...rest } = schema as Record<string, unknown>;
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(rest);
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  return {
    ok: true,
    validate: (value) => (validate(value) ? [] : (validate.errors ?? []).map(toViolation)),
  };
}

function toViolation(error: ErrorObject): SchemaViolation {
  const base = error.instancePath === '' ? '' : error.instancePath;
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty?: string }).missingProperty ?? '';
    return { path: `${base}/${escapePointer(missing)}`, message: 'is required' };
  }
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty?: string }).additionalProperty ?? '';
    return { path: `${base}/${escapePointer(extra)}`, message: 'is not allowed' };
  }
  return { path: base === '' ? '/' : base, message: error.message ?? `fails ${error.keyword}` };
}

function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}
