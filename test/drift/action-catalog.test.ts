// Drift between the action catalog and the rest: every schema compiles strictly, examples are
// valid, open and closed shapes are explicit decisions, and the workflow schema's documentation
// of `config.type` names exactly the built-in actions.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import workflowSchema from '../../schemas/workflow.schema.json' with { type: 'json' };
import { BUILTIN_ACTIONS } from '../../runtime/src/catalog/builtin-actions.ts';
import type { JsonSchema } from '../../runtime/src/catalog/json-schema.ts';

function strictAjv(): Ajv2020 {
  return new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
}

void describe('action catalog drift', () => {
  void it('has unique, well-formed names', () => {
    const names = BUILTIN_ACTIONS.map((action) => action.name);
    assert.equal(new Set(names).size, names.length);
    for (const name of names) assert.match(name, /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/);
  });

  void it('compiles every parameter and output schema in strict mode', () => {
    for (const action of BUILTIN_ACTIONS) {
      assert.doesNotThrow(() => strictAjv().compile(action.parameters), `${action.name} parameters`);
      assert.doesNotThrow(() => strictAjv().compile(action.output), `${action.name} output`);
    }
  });

  void it('takes parameter maps, closed unless the action takes any keys', () => {
    for (const action of BUILTIN_ACTIONS) {
      assert.equal(action.parameters.type, 'object', action.name);
      assert.equal(typeof action.parameters.additionalProperties, 'boolean', `${action.name}: open or closed is stated`);
      if (action.parameters.additionalProperties === true) assert.equal(action.name, 'set_variables');
    }
  });

  void it('states whether each object in an output is open or closed', () => {
    const unstated: string[] = [];
    const visit = (schema: JsonSchema | boolean | undefined, where: string): void => {
      if (typeof schema !== 'object') return;
      if (schema.type === 'object' && schema.additionalProperties === undefined) unstated.push(where);
      for (const [name, property] of Object.entries(schema.properties ?? {})) visit(property, `${where}.${name}`);
      visit(schema.items, `${where}[]`);
    };
    for (const action of BUILTIN_ACTIONS) visit(action.output, action.name);
    assert.deepEqual(unstated, []);
  });

  void it('documents every parameter', () => {
    for (const action of BUILTIN_ACTIONS) {
      assert.ok(action.description.length > 20, `${action.name} has a description`);
      for (const [name, property] of Object.entries(action.parameters.properties ?? {})) {
        assert.ok(typeof property === 'object' && typeof property.description === 'string', `${action.name}.${name} has a description`);
        assert.ok(typeof property === 'object' && Array.isArray(property.examples), `${action.name}.${name} has examples`);
      }
    }
  });

  void it('has examples that satisfy the parameter schema', () => {
    for (const action of BUILTIN_ACTIONS) {
      assert.ok((action.examples ?? []).length > 0, `${action.name} has examples`);
      const validate = strictAjv().compile(action.parameters);
      for (const example of action.examples ?? []) assert.ok(validate(example), `${action.name}: ${JSON.stringify(example)} ${JSON.stringify(validate.errors)}`);
    }
  });

  void it('lists retryable errors among the errors', () => {
    for (const action of BUILTIN_ACTIONS) {
      for (const code of action.retryableErrors) assert.ok(action.errors.includes(code), `${action.name}: ${code}`);
    }
  });

  void it('names exactly the built-in actions in the workflow schema', () => {
    const type = workflowSchema.$defs.actionConfig.properties.type;
    const names = BUILTIN_ACTIONS.map((action) => action.name);
    assert.deepEqual([...type.examples].sort(), [...names].sort());
    for (const name of names) assert.ok(type.markdownDescription.includes(`\`${name}\``), `markdownDescription names ${name}`);
  });
});
