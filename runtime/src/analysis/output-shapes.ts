// The shape of `steps.X.output` as far as it can be known statically: from the action
// catalog's output schemas, an llm step's `outputSchema`, the fixed outputs of the control
// steps, or (failing those) the value recorded in the last run. Shapes are JSON Schemas.

import type { ActionCatalog } from '../catalog/action-catalog.ts';
import type { Step, Workflow } from '../language/workflow-model.ts';
import { getPair, getValue, toPlain } from '../language/yaml-tree.ts';

export type JsonSchema = Record<string, unknown>;

export interface OutputShape {
  schema: JsonSchema;
  /** Where the shape comes from, for hover and messages. */
  source: 'catalog' | 'outputSchema' | 'step-type' | 'parameters' | 'inputs' | 'last-run';
}

export function outputShapeOf(step: Step, workflow: Workflow, catalog: ActionCatalog, observed?: ReadonlyMap<string, unknown>): OutputShape | undefined {
  const declared = declaredShape(step, workflow, catalog);
  if (declared) return declared;
  if (step.slug !== undefined && observed?.has(step.slug)) return { schema: schemaOfValue(observed.get(step.slug)), source: 'last-run' };
  return undefined;
}

// The fixed outputs of the control steps: one object each, shared like the catalog's schemas are.
const CONDITION_OUTPUT: JsonSchema = { type: 'object', properties: { result: { type: 'boolean', description: 'The value of `expression`, as a boolean.' } }, additionalProperties: false };
const LOOP_OUTPUT: JsonSchema = {
  type: 'object',
  properties: { count: { type: 'integer', description: 'Number of items iterated.' }, results: { type: 'array', description: 'The `collect` value of each iteration.' } },
  additionalProperties: false,
};
const APPROVAL_OUTPUT: JsonSchema = { type: 'object', properties: { approved: { type: 'boolean' }, by: { type: 'string' }, comment: { type: 'string' }, answeredAt: { type: 'string' } }, additionalProperties: false };

function declaredShape(step: Step, workflow: Workflow, catalog: ActionCatalog): OutputShape | undefined {
  switch (step.type) {
    case 'action': {
      const typeNode = getValue(step.config, 'type');
      const name = typeNode?.kind === 'scalar' && typeof typeNode.value === 'string' ? typeNode.value : undefined;
      if (name === 'set_variables') {
        const parameters = getPair(step.config, 'parameters')?.value;
        if (parameters?.kind !== 'map') return undefined;
        const properties: Record<string, JsonSchema> = {};
        for (const pair of parameters.pairs) properties[String(pair.key.value)] = {};
        return { schema: { type: 'object', properties, additionalProperties: false }, source: 'parameters' };
      }
      const definition = name ? catalog.get(name) : undefined;
      return definition ? { schema: definition.output as JsonSchema, source: 'catalog' } : undefined;
    }
    case 'llm': {
      const format = getValue(step.config, 'outputFormat');
      const isJson = format?.kind === 'scalar' && format.value === 'json';
      if (!isJson) return { schema: { type: 'string' }, source: 'step-type' };
      const schema = getPair(step.config, 'outputSchema')?.value;
      return schema?.kind === 'map' ? { schema: toPlain(schema) as JsonSchema, source: 'outputSchema' } : undefined;
    }
    case 'condition':
      return { schema: CONDITION_OUTPUT, source: 'step-type' };
    case 'loop':
      return { schema: LOOP_OUTPUT, source: 'step-type' };
    case 'approval':
      return { schema: APPROVAL_OUTPUT, source: 'step-type' };
    case 'trigger': {
      if (workflow.inputs.length === 0) return undefined;
      const properties: Record<string, JsonSchema> = {};
      for (const input of workflow.inputs) properties[input.name] = input.schema;
      return { schema: { type: 'object', properties, additionalProperties: false }, source: 'inputs' };
    }
    default:
      return undefined;
  }
}

/** An open schema describing a recorded value: its keys are known, more may exist. */
export function schemaOfValue(value: unknown, depth = 0): JsonSchema {
  if (depth > 6) return {};
  if (Array.isArray(value)) return { type: 'array', items: value.length > 0 ? schemaOfValue(value[0], depth + 1) : {} };
  if (value !== null && typeof value === 'object') {
    const properties: Record<string, JsonSchema> = {};
    for (const [key, child] of Object.entries(value)) properties[key] = schemaOfValue(child, depth + 1);
    return { type: 'object', properties };
  }
  if (value === null) return { type: 'null' };
  return { type: typeof value === 'number' ? 'number' : typeof value };
}

export type FieldLookup = { kind: 'found'; schema: JsonSchema } | { kind: 'unknown'; closed: boolean; known: string[] } | { kind: 'opaque' };

/** Looks one property (or index) up in a schema: found, unknown (closed or open shape), or opaque. */
export function lookupField(schema: JsonSchema, name: string | number | null): FieldLookup {
  const type = schema['type'];
  if (name === null) {
    const items = schema['items'];
    return type === 'array' && items && typeof items === 'object' ? { kind: 'found', schema: items as JsonSchema } : { kind: 'opaque' };
  }
  if (name === 'length' && (type === 'array' || type === 'string')) return { kind: 'found', schema: { type: 'integer' } };
  if (type === 'array') {
    const items = schema['items'];
    if (typeof name === 'number' || /^\d+$/.test(name)) return items && typeof items === 'object' ? { kind: 'found', schema: items as JsonSchema } : { kind: 'opaque' };
    return { kind: 'unknown', closed: true, known: ['length'] };
  }
  if (type === 'string' || type === 'number' || type === 'integer' || type === 'boolean') return { kind: 'unknown', closed: true, known: type === 'string' ? ['length'] : [] };
  const properties = schema['properties'];
  if (!properties || typeof properties !== 'object') return { kind: 'opaque' };
  if (typeof name === 'string' && Object.hasOwn(properties, name)) return { kind: 'found', schema: (properties as Record<string, JsonSchema>)[name]! };
  const additional = schema['additionalProperties'];
  if (additional && typeof additional === 'object') return { kind: 'found', schema: additional as JsonSchema };
  // An explicit `additionalProperties: true` says arbitrary fields are expected (a record's own
  // data); only a shape that is open by omission, or one observed in a run, earns a warning.
  if (additional === true) return { kind: 'found', schema: {} };
  return { kind: 'unknown', closed: additional === false, known: Object.keys(properties) };
}
