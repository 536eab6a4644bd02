// Drift between schemas/workflow.schema.json and the TypeScript side: the step types and their
// ports, the keys parse-workflow.ts reads, and the documentation every property must carry
// (the language server shows `description` and `examples` in hovers and completion).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import workflowSchema from '../../schemas/workflow.schema.json' with { type: 'json' };
import { STEP_TYPE_INFO, STEP_TYPES } from '../../runtime/src/language/step-types.ts';

type Schema = Record<string, unknown>;

const root = workflowSchema as unknown as Schema;
const defs = root['$defs'] as Record<string, Schema>;

function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  ajv.addKeyword({ keyword: 'markdownDescription', schemaType: 'string' });
  return ajv;
}

interface PropertySite {
  pointer: string;
  schema: Schema;
}

/**
 * Every documented property: entries of `properties` and object-valued `additionalProperties` or
 * `items`, outside `if`/`then` overlays (those only narrow a property declared beside them) and
 * except `false` (a key that does not apply).
 */
function propertySites(schema: unknown, pointer: string, sites: PropertySite[] = []): PropertySite[] {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return sites;
  const object = schema as Schema;
  for (const [keyword, value] of Object.entries(object)) {
    const at = `${pointer}/${keyword}`;
    if (keyword === 'if' || keyword === 'then' || keyword === 'examples' || keyword === 'default' || keyword === 'enum' || keyword === 'const') continue;
    if (keyword === 'properties') {
      for (const [name, property] of Object.entries(value as Schema)) {
        if (property === false) continue;
        const propertyPointer = `${at}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        sites.push({ pointer: propertyPointer, schema: property as Schema });
        propertySites(property, propertyPointer, sites);
      }
    } else if ((keyword === 'additionalProperties' || keyword === 'items') && typeof value === 'object' && value !== null) {
      sites.push({ pointer: at, schema: value as Schema });
      propertySites(value, at, sites);
    } else if (keyword === '$defs') {
      for (const [name, definition] of Object.entries(value as Schema)) propertySites(definition, `${at}/${name}`, sites);
    } else if (keyword === 'allOf' || keyword === 'anyOf' || keyword === 'oneOf') {
      (value as unknown[]).forEach((branch, index) => propertySites(branch, `${at}/${index}`, sites));
    }
  }
  return sites;
}

/** The sites that document themselves through a `$ref` target are the `$defs/step` items. */
const SITES = propertySites(root, '#');

void describe('workflow schema drift', () => {
  void it('compiles in strict mode, with an id and a title', () => {
    newAjv().compile(workflowSchema);
    assert.match(String(root['$id']), /^https:\/\/.+\/workflow\.schema\.json$/);
    assert.equal(typeof root['title'], 'string');
    assert.equal(root['$schema'], 'https://json-schema.org/draft/2020-12/schema');
  });

  void it('lists exactly the step types of step-types.ts', () => {
    const stepType = (defs['step']!['properties'] as Record<string, Schema>)['stepType']!;
    assert.deepEqual(stepType['enum'], [...STEP_TYPES]);
  });

  void it('gives every step type a config schema, required where the type needs one', () => {
    const branches = defs['step']!['allOf'] as Schema[];
    for (const type of STEP_TYPES) {
      const branch = branches.find((candidate) => JSON.stringify(candidate['if']).includes(`"const":"${type}"`));
      assert.ok(branch, `${type} has an if/then branch`);
      const then = branch['then'] as Schema;
      const ref = String(((then['properties'] as Record<string, Schema>)['config'] ?? {})['$ref']);
      const name = ref.replace('#/$defs/', '');
      assert.ok(defs[name], `${type} config refers to an existing definition (${ref})`);
      assert.equal(defs[name]!['additionalProperties'], false, `${type} config is closed so typos are caught`);
    }
  });

  void it('allows retry and timeoutMs exactly on the step types that retry', () => {
    const branches = defs['step']!['allOf'] as Schema[];
    for (const type of STEP_TYPES) {
      const branch = branches.find((candidate) => JSON.stringify(candidate['if']).includes(`"const":"${type}"`))!;
      const properties = (branch['then'] as Schema)['properties'] as Record<string, unknown>;
      const forbidden = properties['retry'] === false && properties['timeoutMs'] === false;
      assert.equal(forbidden, !STEP_TYPE_INFO[type].retries, type);
    }
  });

  void it('documents the ports of every step type in nextSteps', () => {
    const nextSteps = (defs['step']!['properties'] as Record<string, Schema>)['nextSteps']!;
    for (const type of STEP_TYPES) {
      const ports = STEP_TYPE_INFO[type].ports.join(', ');
      assert.ok(String(nextSteps['description']).includes(`${type}: ${ports}`), `description lists ${type}: ${ports}`);
      assert.ok(String(nextSteps['markdownDescription']).includes(`| ${type} | ${ports} |`), `markdownDescription lists ${type}`);
    }
  });

  void it('gives every property a description and examples', () => {
    assert.ok(SITES.length > 60, `found ${SITES.length} property sites`);
    const undocumented = SITES.filter(({ schema }) => typeof schema['description'] !== 'string' || !Array.isArray(schema['examples']) || (schema['examples'] as unknown[]).length === 0)
      // The list items of `steps` are documented by the step definition they refer to.
      .filter(({ pointer }) => pointer !== '#/properties/steps/items');
    assert.deepEqual(undocumented.map(({ pointer }) => pointer), []);
  });

  void it('has examples that are valid values of their own property', () => {
    const ajv = newAjv();
    ajv.addSchema(workflowSchema);
    const invalid: string[] = [];
    for (const { pointer, schema } of SITES) {
      const validate = ajv.getSchema(`${String(root['$id'])}${pointer}`);
      assert.ok(validate, `compiles ${pointer}`);
      for (const example of (schema['examples'] as unknown[] | undefined) ?? []) {
        if (!validate(example)) invalid.push(`${pointer}: ${JSON.stringify(example)} ${ajv.errorsText(validate.errors)}`);
      }
    }
    assert.deepEqual(invalid, []);
  });

  void it('declares every key that parse-workflow.ts reads, where that function reads it', () => {
    const source = readFileSync(new URL('../../runtime/src/language/parse-workflow.ts', import.meta.url), 'utf8');
    const schemaOf: Record<string, Schema> = {
      buildWorkflow: root,
      buildStep: defs['step']!,
      buildSettings: defs['settings']!,
      buildRetry: defs['retryPolicy']!,
      buildInput: defs['inputSchema']!,
    };
    const functions = source.split(/^(?=(?:export )?function )/m).slice(1);
    let checked = 0;
    for (const body of functions) {
      const name = /function (\w+)/.exec(body)![1]!;
      // A key is read by a lookup (`getValue(node, 'key')`), from a plain value, or by a `case 'key':` of a switch over a map's pairs.
      const keys = [...body.matchAll(/(?:getValue|getPair)\([^,()]+, '([^']+)'\)|(?:plain|schema)\['([^']+)'\]|case '([^']+)':/g)].map((match) => match[1] ?? match[2] ?? match[3]!);
      if (keys.length === 0) continue;
      const schema = schemaOf[name];
      assert.ok(schema, `parse-workflow.ts: ${name} reads ${keys.join(', ')}; map it to its schema definition in this test`);
      for (const key of keys) {
        assert.ok(Object.hasOwn((schema['properties'] ?? {}) as object, key), `${name} reads \`${key}\`, which the schema does not declare there`);
        checked++;
      }
    }
    assert.ok(checked >= 20, `checked ${checked} keys`);
  });
});
