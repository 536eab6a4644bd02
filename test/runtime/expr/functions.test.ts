// The function library: metadata for tools, each function's results and its type errors.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ExpressionRuntimeError,
  FUNCTIONS,
  FUNCTION_NAMES,
  arityProblem,
  evaluateExpression,
  isKnownFunction,
  lookupFunction,
  parseExpression,
} from '../../../runtime/src/expr/index.ts';
import type { EvaluationContext } from '../../../runtime/src/expr/index.ts';

const context: EvaluationContext = {
  resolveRoot: (name) => (name === 'input' ? { obj: { b: 1, a: [2] }, list: ['x', null, 3, { k: true }], text: '  Mixed Case  ', secret: 's3cr3t-value' } : undefined),
  now: () => new Date('2030-05-06T07:08:09.010Z'),
};

function run(source: string): unknown {
  const { ast, errors } = parseExpression(source);
  assert.deepEqual(errors, [], source);
  return evaluateExpression(ast!, context);
}

function failure(source: string): ExpressionRuntimeError {
  try {
    run(source);
  } catch (error) {
    assert.ok(error instanceof ExpressionRuntimeError, String(error));
    assert.equal(error.code, 'expression-error');
    return error;
  }
  assert.fail(`expected ${source} to throw`);
}

void describe('function library', () => {
  void it('has the names of the spec, each with complete metadata', () => {
    assert.deepEqual([...FUNCTION_NAMES].sort(), ['default', 'fromJson', 'join', 'json', 'keys', 'length', 'lower', 'now', 'number', 'string', 'trim', 'upper']);
    for (const name of FUNCTION_NAMES) {
      const fn = FUNCTIONS[name];
      assert.ok(fn.signature.startsWith(`${name}(`), name);
      assert.ok(fn.description.length > 10, name);
      assert.ok(fn.minArgs <= fn.maxArgs, name);
      assert.equal(fn.parameters.length, fn.maxArgs, name);
      assert.ok(fn.returns.length > 0, name);
    }
  });

  void it('finds only its own functions', () => {
    assert.equal(FUNCTIONS['toString'], undefined);
    assert.equal(lookupFunction('constructor'), undefined);
    assert.equal(isKnownFunction('hasOwnProperty'), false);
    assert.equal(isKnownFunction('lower'), true);
    assert.equal(arityProblem('lower', 1), null);
    assert.equal(arityProblem('nope', 9), null);
    assert.equal(arityProblem('default', 3), 'default() takes 2 arguments, got 3');
  });

  void it('length', () => {
    assert.equal(run("length('abc')"), 3);
    assert.equal(run('length(input.list)'), 4);
    assert.equal(run('length(input.obj)'), 2);
    assert.equal(failure('length(5)').message, 'length() expects a string, an array or an object, got number');
    assert.equal(failure('length(input.missing)').message, 'length() expects a string, an array or an object, got null');
  });

  void it('lower, upper, trim', () => {
    assert.equal(run('lower(input.text)'), '  mixed case  ');
    assert.equal(run('upper(input.text)'), '  MIXED CASE  ');
    assert.equal(run('trim(input.text)'), 'Mixed Case');
    assert.equal(failure('lower(1)').message, 'lower() expects a string, got number');
    assert.equal(failure('upper(null)').message, 'upper() expects a string, got null');
    assert.equal(failure('trim([])').message, 'trim() expects a string, got array');
  });

  void it('default replaces only null', () => {
    assert.equal(run("default(input.missing, 'fallback')"), 'fallback');
    assert.equal(run("default(input.obj.b, 'fallback')"), 1);
    assert.equal(run("default('', 'fallback')"), '');
    assert.equal(run("default(0, 'fallback')"), 0);
    assert.equal(run("default(false, 'fallback')"), false);
  });

  void it('json and fromJson', () => {
    assert.equal(run('json(input.obj)'), '{"b":1,"a":[2]}');
    assert.equal(run("json('a')"), '"a"');
    assert.equal(run('json(null)'), 'null');
    assert.deepEqual(run('fromJson(\'{"x": [1, true]}\')'), { x: [1, true] });
    assert.equal(run('fromJson(json(input.obj)) == input.obj'), true);
    assert.equal(failure('fromJson(3)').message, 'fromJson() expects a string, got number');
  });

  void it('fromJson errors do not quote the text, which may be a secret', () => {
    const error = failure('fromJson(input.secret)');
    assert.equal(error.message, 'fromJson() got a string that is not valid JSON');
    assert.doesNotMatch(error.message, /s3cr3t/);
  });

  void it('json of a cyclic value is an expression error', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const { ast } = parseExpression('json(x)');
    assert.throws(
      () => evaluateExpression(ast!, { resolveRoot: (name) => (name === 'x' ? cyclic : undefined) }),
      (error: unknown) => error instanceof ExpressionRuntimeError && error.code === 'expression-error',
    );
  });

  void it('number', () => {
    assert.equal(run('number(4.5)'), 4.5);
    assert.equal(run("number(' 42 ')"), 42);
    assert.equal(run("number('1e3')"), 1000);
    assert.equal(run('number(true)'), 1);
    assert.equal(run('number(false)'), 0);
    assert.equal(failure("number('12abc')").message, 'number() got a string that is not a number');
    assert.equal(failure("number('')").message, 'number() got a string that is not a number');
    assert.equal(failure("number('Infinity')").message, 'number() got a string that is not a number');
    assert.equal(failure('number(null)').message, 'number() expects a number, a numeric string or a boolean, got null');
    assert.doesNotMatch(failure('number(input.secret)').message, /s3cr3t/);
  });

  void it('string writes values as a template would', () => {
    assert.equal(run('string(12)'), '12');
    assert.equal(run('string(true)'), 'true');
    assert.equal(run('string(null)'), '');
    assert.equal(run("string('s')"), 's');
    assert.equal(run('string(input.obj)'), '{"b":1,"a":[2]}');
  });

  void it('keys', () => {
    assert.deepEqual(run('keys(input.obj)'), ['b', 'a']);
    assert.deepEqual(run('keys({})'), []);
    assert.equal(failure('keys(input.list)').message, 'keys() expects an object, got array');
    assert.equal(failure("keys('s')").message, 'keys() expects an object, got string');
  });

  void it('join', () => {
    assert.equal(run('join(input.list)'), 'x,,3,{"k":true}');
    assert.equal(run("join(['a', 'b'], ' | ')"), 'a | b');
    assert.equal(run("join([], '-')"), '');
    assert.equal(failure("join('ab', ',')").message, 'join() expects an array, got string');
    assert.equal(failure('join([1], 2)').message, 'join() expects a string separator, got number');
  });

  void it('now uses the context clock', () => {
    assert.equal(run('now()'), '2030-05-06T07:08:09.010Z');
  });
});
