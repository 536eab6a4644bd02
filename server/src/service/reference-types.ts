// What a reference path denotes at a template site: its schema (from output shapes, input
// declarations, initial vars, loop items) and, where a run was recorded, its last value. Built
// only on the analyzer's structures (output shapes, scopes); shared by completion and hover.

import type { ObservedOutputs } from '../../../runtime/src/analysis/analysis-context.ts';
import { lookupField, outputShapeOf, schemaOfValue, type JsonSchema, type OutputShape } from '../../../runtime/src/analysis/output-shapes.ts';
import { knownVariables, scopeFor, type ReferenceScope } from '../../../runtime/src/analysis/reference-scope.ts';
import type { SiteContext } from '../../../runtime/src/analysis/template-sites.ts';
import type { ActionCatalog } from '../../../runtime/src/catalog/action-catalog.ts';
import { collectReferences, findTemplates, parseExpression } from '../../../runtime/src/expr/index.ts';
import type { Step, Workflow } from '../../../runtime/src/language/workflow-model.ts';
import { getValue, toPlain } from '../../../runtime/src/language/yaml-tree.ts';
import type { DocumentStructure } from './document-cache.ts';

export interface ReferenceEnvironment {
  workflow: Workflow;
  structure: DocumentStructure;
  catalog: ActionCatalog;
  observed?: ObservedOutputs;
}

export interface ResolvedReference {
  schema?: JsonSchema;
  /** Where the schema comes from, in words, for hovers. */
  source?: string;
  /** The value in the last recorded run, when known. */
  value?: { found: true; value: unknown };
  /** The step a `steps.X…` path names. */
  step?: Step;
}

const STEP_RECORD_SCHEMAS: Record<string, JsonSchema> = {
  error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
  status: { type: 'string', enum: ['completed', 'failed', 'skipped'] },
  attempts: { type: 'integer' },
  durationMs: { type: 'number' },
};

const SOURCE_WORDS: Record<OutputShape['source'], string> = {
  catalog: 'the action catalog',
  outputSchema: 'the step’s outputSchema',
  'step-type': 'the step type',
  parameters: 'the set_variables parameters',
  inputs: 'the workflow inputs',
  'last-run': 'the last recorded run',
};

export function outputShape(step: Step, environment: ReferenceEnvironment): OutputShape | undefined {
  return outputShapeOf(step, environment.workflow, environment.catalog, environment.observed);
}

/** Follows `segments` through a schema; undefined as soon as the path leaves what is known. */
export function walkSchema(schema: JsonSchema | undefined, segments: readonly (string | number | null)[]): JsonSchema | undefined {
  let current = schema;
  for (const segment of segments) {
    if (!current) return undefined;
    const lookup = lookupField(current, segment);
    if (lookup.kind !== 'found') return undefined;
    current = lookup.schema;
  }
  return current;
}

function walkValue(value: unknown, segments: readonly (string | number | null)[]): { found: true; value: unknown } | undefined {
  let current = value;
  for (const segment of segments) {
    if (segment === null) return undefined;
    if (segment === 'length' && (typeof current === 'string' || Array.isArray(current))) {
      current = current.length;
      continue;
    }
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return { found: true, value: current };
}

/** The schema of each item of a loop, from its `items` template or literal list. */
export function loopItemSchema(loop: Step, environment: ReferenceEnvironment, depth = 0): JsonSchema | undefined {
  const items = getValue(loop.config, 'items');
  if (!items || depth > 4) return undefined;
  if (items.kind === 'seq') return walkSchema(schemaOfValue(toPlain(items)), [null]);
  if (items.kind !== 'scalar' || typeof items.value !== 'string') return undefined;
  const segments = findTemplates(items.value);
  const only = segments.length === 1 && segments[0]!.kind === 'template' ? segments[0] : undefined;
  if (!only || only.kind !== 'template') return undefined;
  const parsed = parseExpression(only.source);
  const reference = collectReferences(parsed.ast)[0];
  if (!reference || reference.node !== parsed.ast) return undefined;
  const scope = scopeFor({ kind: 'step', step: loop }, environment.structure.graph, environment.structure.order);
  const resolved = resolveReference(reference.root, reference.segments.map((segment) => segment.name), scope, environment, depth + 1);
  return walkSchema(resolved.schema, [null]);
}

/** Resolves `root.segments…` at a site whose scope is `scope`. */
export function resolveReference(root: string, segments: readonly (string | number | null)[], scope: ReferenceScope, environment: ReferenceEnvironment, depth = 0): ResolvedReference {
  const { workflow } = environment;
  const [first, ...rest] = segments;
  switch (root) {
    case 'steps': {
      const step = typeof first === 'string' ? workflow.stepsBySlug.get(first) : undefined;
      if (!step) return {};
      const [field, ...path] = rest;
      if (field === undefined) return { step, schema: { type: 'object', properties: Object.fromEntries(['output', 'error', 'status', 'attempts', 'durationMs'].map((name) => [name, {}])) } };
      if (field === 'output') {
        const shape = outputShape(step, environment);
        const observedValue = step.slug !== undefined && environment.observed?.has(step.slug) ? walkValue(environment.observed.get(step.slug), path) : undefined;
        const schema = walkSchema(shape?.schema, path);
        return { step, ...(schema ? { schema } : {}), ...(shape ? { source: SOURCE_WORDS[shape.source] } : {}), ...(observedValue ? { value: observedValue } : {}) };
      }
      const fieldSchema = typeof field === 'string' ? STEP_RECORD_SCHEMAS[field] : undefined;
      const schema = walkSchema(fieldSchema, path);
      return { step, ...(schema ? { schema } : {}) };
    }
    case 'input': {
      const input = workflow.inputs.find((candidate) => candidate.name === first);
      if (first === undefined) {
        return { schema: { type: 'object', properties: Object.fromEntries(workflow.inputs.map((item) => [item.name, item.schema])) }, source: 'the workflow inputs' };
      }
      if (!input) return {};
      const schema = walkSchema(withDefaultShape(input.schema as JsonSchema), rest);
      return { ...(schema ? { schema } : {}), source: 'the input declaration' };
    }
    case 'vars': {
      if (first === undefined) return { schema: { type: 'object' } };
      const declared = workflow.vars.find((candidate) => candidate.name === first);
      if (declared?.valueNode && !(declared.valueNode.kind === 'scalar' && typeof declared.valueNode.value === 'string' && declared.valueNode.value.includes('<<'))) {
        const schema = walkSchema(schemaOfValue(toPlain(declared.valueNode)), rest);
        return { ...(schema ? { schema } : {}), source: 'the initial value' };
      }
      return knownVariables(workflow).has(String(first)) ? { schema: {} } : {};
    }
    case 'secrets':
      return first === undefined ? { schema: { type: 'object' } } : { schema: { type: 'string', description: 'A secret value (never shown).' } };
    case 'loop':
      return resolveLoop(segments, scope, environment, depth);
    case 'execution':
      return { schema: walkSchema({ type: 'object', properties: { id: { type: 'string' }, startedAt: { type: 'string' } } }, segments) ?? {} };
    case 'workflow':
      return { schema: walkSchema({ type: 'object', properties: { name: { type: 'string' } } }, segments) ?? {} };
    case '$now':
      return segments.length === 0 ? { schema: { type: 'string', description: 'The current time (ISO 8601).' } } : {};
    default: {
      const loop = scope.aliases.get(root);
      if (!loop) return {};
      const schema = walkSchema(loopItemSchema(loop, environment, depth), segments);
      return schema ? { schema, source: `the items of \`${loop.slug}\`` } : {};
    }
  }
}

/** A declared schema that says little (`type: array`) is completed by the shape of its default. */
function withDefaultShape(schema: JsonSchema): JsonSchema {
  if (!Object.hasOwn(schema, 'default') || schema['properties'] || schema['items']) return schema;
  const fromDefault = schemaOfValue(schema['default']);
  return fromDefault['type'] === schema['type'] || schema['type'] === undefined ? { ...fromDefault, ...schema, ...pick(fromDefault, ['properties', 'items']) } : schema;
}

function pick(schema: JsonSchema, keys: readonly string[]): JsonSchema {
  const result: JsonSchema = {};
  for (const key of keys) if (schema[key] !== undefined) result[key] = schema[key];
  return result;
}

function resolveLoop(segments: readonly (string | number | null)[], scope: ReferenceScope, environment: ReferenceEnvironment, depth: number): ResolvedReference {
  let level = scope.loops.length - 1;
  let position = 0;
  while (segments[position] === 'parent') {
    level--;
    position++;
  }
  const loop = scope.loops[level];
  if (!loop) return {};
  const field = segments[position];
  const loopSchema: JsonSchema = {
    type: 'object',
    properties: { item: loopItemSchema(loop, environment, depth) ?? {}, index: { type: 'integer' }, ...(level > 0 ? { parent: { type: 'object' } } : {}) },
  };
  if (field === undefined) return { schema: loopSchema };
  const schema = walkSchema(loopSchema, segments.slice(position));
  return schema ? { schema, source: `the items of \`${loop.slug}\`` } : {};
}

/** The scope of a site, computed from the document's structure. */
export function scopeAt(context: SiteContext, structure: DocumentStructure): ReferenceScope {
  return scopeFor(context, structure.graph, structure.order);
}
