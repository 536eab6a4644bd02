// The precompiled validators (runtime/src/analysis/precompiled/) against their sources: the files
// are what the generator makes from today's schema and catalog, and they return the very error
// objects that compiling the schemas at run time, the way the analyzer used to, gives.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import workflowSchema from '../../../schemas/workflow.schema.json' with { type: 'json' };
import { generateWorkflow } from '../../../bench/generate-workflow.ts';
import builtinParameterValidators from '../../../runtime/src/analysis/precompiled/builtin-parameter-validators.cjs';
import workflowValidators from '../../../runtime/src/analysis/precompiled/workflow-validators.cjs';
import { generateValidatorFiles } from '../../../runtime/scripts/generate-validators.ts';
import { parameterValidator } from '../../../runtime/src/analysis/check-actions.ts';
import type { ActionDefinition } from '../../../runtime/src/catalog/action-definition.ts';
import { BUILTIN_ACTIONS } from '../../../runtime/src/catalog/builtin-actions.ts';
import { parseWorkflow } from '../../../runtime/src/language/parse-workflow.ts';
import { toPlain } from '../../../runtime/src/language/yaml-tree.ts';

const root = new URL('../../../', import.meta.url);

/** The run-time compilation the precompiled validators replace, written out independently. */
function compileWorkflowValidatorsAtRunTime(): { document: ValidateFunction; step: ValidateFunction } {
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  ajv.addKeyword({ keyword: 'markdownDescription', schemaType: 'string' });
  ajv.addSchema(workflowSchema);
  const { $id: _id, ...withoutId } = workflowSchema;
  const document = ajv.compile({ ...withoutId, properties: { ...withoutId.properties, steps: { ...withoutId.properties.steps, items: true } } });
  const step = ajv.getSchema(`${workflowSchema.$id}#/$defs/step`);
  assert.ok(step);
  return { document, step };
}

function compileParameterValidatorAtRunTime(schema: object): ValidateFunction {
  return new Ajv2020({ allErrors: true, verbose: true, strict: false, allowUnionTypes: true }).compile(schema);
}

/** Every workflow file in the repository's examples and golden fixtures, plus a generated one. */
function corpusWorkflows(): unknown[] {
  const texts: string[] = [generateWorkflow(23)];
  for (const folder of ['examples/', 'test/golden/fixtures/']) {
    for (const name of readdirSync(new URL(folder, root))) {
      if (/\.flow\.(ya?ml|json)$/.test(name)) texts.push(readFileSync(new URL(folder + name, root), 'utf8'));
    }
  }
  return texts.map((text) => toPlain(parseWorkflow(text).root)).filter((value) => value !== null);
}

const PROBES: unknown[] = [null, 0, -1, 2.5, '', 'x', 'GET', '<<input.x>>', '0 9 * * *', true, [], ['a'], [1, 1], {}, { zzUnknown: 1 }];

/** The value itself and, for every place in it, the value with that place replaced, removed or widened. */
function variants(value: unknown, depth = 4): unknown[] {
  const out: unknown[] = [value];
  if (depth === 0) return out;
  if (Array.isArray(value)) {
    out.push([...value, ...value.slice(0, 1)]);
    value.forEach((item, index) => {
      for (const replacement of [...PROBES, ...variants(item, depth - 1).slice(1)]) out.push(value.map((other, at) => (at === index ? replacement : other)));
    });
  } else if (typeof value === 'object' && value !== null) {
    const object = value as Record<string, unknown>;
    out.push({ ...object, zzUnknown: 1 });
    for (const key of Object.keys(object)) {
      const { [key]: _removed, ...rest } = object;
      out.push(rest);
      for (const replacement of [...PROBES, ...variants(object[key], depth - 1).slice(1)]) out.push({ ...object, [key]: replacement });
    }
  }
  return out;
}

const serialized = new WeakMap<object, string>();

/** Errors as text; schema objects (large, shared) are serialized once each. */
function describeErrors(errors: readonly ErrorObject[] | null | undefined): string {
  const schemaText = (schema: unknown): string => {
    if (typeof schema !== 'object' || schema === null) return JSON.stringify(schema);
    let text = serialized.get(schema);
    if (text === undefined) serialized.set(schema, (text = JSON.stringify(schema)));
    return text;
  };
  return JSON.stringify((errors ?? []).map((error) => ({ ...error, schema: schemaText(error.schema), parentSchema: schemaText(error.parentSchema) })));
}

/** Runs both validators on every value and fails on the first difference in result or errors. */
function assertSameErrors(values: Iterable<unknown>, expected: ValidateFunction, actual: ValidateFunction, label: string): number {
  let failing = 0;
  const seen = new Set<string>();
  for (const value of values) {
    const key = JSON.stringify(value);
    if (seen.has(key)) continue;
    seen.add(key);
    const valid = expected(value);
    assert.equal(actual(value), valid, `${label}: validity of ${key}`);
    if (!valid) failing++;
    assert.equal(describeErrors(actual.errors), describeErrors(expected.errors), `${label}: errors for ${key}`);
  }
  return failing;
}

describe('precompiled validators', () => {
  it('are what the generator makes from the current schema and catalog', () => {
    for (const file of generateValidatorFiles()) {
      const committed = readFileSync(new URL(file.path, root), 'utf8');
      assert.ok(committed === file.text, `${file.path} is out of date: run \`node runtime/scripts/generate-validators.ts\``);
    }
  });

  it('give the run-time compiled errors for workflow documents and steps', () => {
    const atRunTime = compileWorkflowValidatorsAtRunTime();
    const workflows = corpusWorkflows();
    const documentFailures = assertSameErrors(workflows.flatMap((workflow) => variants(workflow, 2)), atRunTime.document, workflowValidators.document, 'document');
    const steps = workflows.flatMap((workflow) => {
      const list = (workflow as Record<string, unknown>)['steps'];
      return Array.isArray(list) ? list : [];
    });
    const stepFailures = assertSameErrors(steps.flatMap((step) => variants(step)), atRunTime.step, workflowValidators.step, 'step');
    // The corpus must reach the error paths, or the comparison above proves little.
    assert.ok(documentFailures > 100, `only ${documentFailures} invalid documents`);
    assert.ok(stepFailures > 1000, `only ${stepFailures} invalid steps`);
  });

  it('give the run-time compiled errors for every built-in action parameters', () => {
    const workflows = corpusWorkflows();
    for (const action of BUILTIN_ACTIONS) {
      const precompiled = builtinParameterValidators[action.name];
      assert.ok(precompiled, `no precompiled validator for ${action.name}`);
      const samples: unknown[] = [{}, ...PROBES, ...(action.examples ?? [])];
      for (const workflow of workflows) {
        const steps = (workflow as Record<string, unknown>)['steps'];
        for (const step of Array.isArray(steps) ? steps : []) {
          const config = (step as { config?: { type?: unknown; parameters?: unknown } } | null)?.config;
          if (config?.type === action.name && config.parameters !== undefined) samples.push(config.parameters);
        }
      }
      const failures = assertSameErrors(samples.flatMap((sample) => variants(sample)), compileParameterValidatorAtRunTime(action.parameters), precompiled, action.name);
      assert.ok(failures > 5, `only ${failures} invalid parameter samples for ${action.name}`);
    }
  });

  it('serve built-in parameters, while a workspace action shadowing a built-in compiles its own schema', () => {
    const log = BUILTIN_ACTIONS.find((action) => action.name === 'log');
    assert.ok(log);
    assert.equal(parameterValidator(log), builtinParameterValidators['log']);
    const shadow: ActionDefinition = { ...log, source: 'workspace', parameters: { type: 'object', properties: { level: { type: 'integer' } }, additionalProperties: false } };
    const validate = parameterValidator(shadow);
    assert.ok(validate && validate !== builtinParameterValidators['log']);
    assert.equal(validate({ level: 'high' }), false);
    assert.deepEqual(validate.errors?.map((error) => [error.instancePath, error.keyword]), [['/level', 'type']]);
  });
});
