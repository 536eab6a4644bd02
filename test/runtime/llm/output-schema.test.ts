// compileOutputSchema: ajv 2020-12 validation of llm answers, with readable failing paths.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileOutputSchema } from '../../../runtime/src/llm/output-schema.ts';

function validator(schema: object) {
  const compiled = compileOutputSchema(schema);
  assert.ok(compiled.ok, 'schema compiles');
  return compiled.validate;
}

test('a valid value has no violations; every violation is listed (allErrors)', () => {
  const validate = validator({
    type: 'object',
    required: ['name', 'tags'],
    properties: { name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } }, age: { type: 'integer', minimum: 0 } },
    additionalProperties: false,
  });
  assert.deepEqual(validate({ name: 'a', tags: [] }), []);
  assert.deepEqual(
    validate({ tags: ['x', 2], age: -1, nick: 'n' }).map((v) => `${v.path} ${v.message}`).sort(),
    ['/age must be >= 0', '/name is required', '/nick is not allowed', '/tags/1 must be string'],
  );
});

test('a root-level failure has the path /', () => {
  assert.deepEqual(validator({ type: 'array' })({}), [{ path: '/', message: 'must be array' }]);
});

test('2020-12 keywords work, and a $schema naming another draft is tolerated', () => {
  const validate = validator({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'array', prefixItems: [{ type: 'number' }] });
  assert.deepEqual(validate([1, 'x']), []);
  assert.equal(validate(['x']).length, 1);
});

test('unknown formats and annotations do not break compilation', () => {
  const validate = validator({ type: 'string', format: 'customer-id', example: 'c-1', 'x-ui': { widget: 'text' } });
  assert.deepEqual(validate('anything'), []);
});

test('an invalid schema is a result, not an exception', () => {
  const compiled = compileOutputSchema({ type: 'nonsense' });
  assert.equal(compiled.ok, false);
});

test('equal schemas share one compiled validator', () => {
  const a = compileOutputSchema({ type: 'object', properties: { n: { type: 'number' } } });
  const b = compileOutputSchema({ type: 'object', properties: { n: { type: 'number' } } });
  assert.equal(a, b);
});
