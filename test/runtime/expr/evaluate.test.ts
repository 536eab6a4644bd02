// The evaluator: paths and missing paths, every operator, calls, and the safety rules (no prototype,
// constructor or function is ever reachable).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpressionRuntimeError, evaluateExpression, parseExpression } from '../../../runtime/src/expr/index.ts';
import type { EvaluationContext, Expr } from '../../../runtime/src/expr/index.ts';

const roots: Record<string, unknown> = {
  input: { name: 'Ann', tier: 'gold', count: 3, tags: ['vip', 'early'], nested: { list: [{ id: 1 }, { id: 2 }] }, empty: '', zero: 0 },
  steps: { fetch: { output: { total: 1500, items: ['a', 'b', 'c'] }, status: 'completed' } },
  vars: { greeting: 'Hello', key: 'name' },
  loop: null,
  item: { sku: 'X1' },
};

const context: EvaluationContext = {
  resolveRoot: (name) => (Object.hasOwn(roots, name) ? roots[name] : undefined),
  now: () => new Date('2025-01-02T03:04:05.000Z'),
};

function parse(source: string): Expr {
  const { ast, errors } = parseExpression(source);
  assert.deepEqual(errors, [], source);
  assert.ok(ast !== null);
  return ast;
}

function run(source: string, ctx: EvaluationContext = context): unknown {
  return evaluateExpression(parse(source), ctx);
}

function runtimeError(source: string, ctx: EvaluationContext = context): ExpressionRuntimeError {
  try {
    run(source, ctx);
  } catch (error) {
    assert.ok(error instanceof ExpressionRuntimeError, String(error));
    return error;
  }
  assert.fail(`expected ${source} to throw`);
}

void describe('evaluateExpression: paths', () => {
  void it('reads members and indexes', () => {
    assert.equal(run('input.name'), 'Ann');
    assert.equal(run('steps.fetch.output.total'), 1500);
    assert.equal(run('steps.fetch.output.items[1]'), 'b');
    assert.equal(run("input['tier']"), 'gold');
    assert.equal(run('input[vars.key]'), 'Ann');
    assert.equal(run('input.nested.list[1].id'), 2);
    assert.equal(run("input.nested.list['0'].id"), 1);
    assert.equal(run('item.sku'), 'X1');
    assert.deepEqual(run('input.tags'), ['vip', 'early']);
  });

  void it('yields null for missing paths at any depth', () => {
    assert.equal(run('input.missing'), null);
    assert.equal(run('input.missing.deeper[3].x'), null);
    assert.equal(run('steps.nope.output'), null);
    assert.equal(run('input.tags[5]'), null);
    assert.equal(run('input.tags[-1]'), null);
    assert.equal(run('input.tags[0.5]'), null);
    assert.equal(run('input.tags.first'), null);
    assert.equal(run('input.count.x'), null);
    assert.equal(run('loop.item'), null);
    assert.equal(run('input[null]'), null);
  });

  void it('gives .length of strings and arrays, and characters by index', () => {
    assert.equal(run('input.name.length'), 3);
    assert.equal(run('input.tags.length'), 2);
    assert.equal(run('input.name[0]'), 'A');
    assert.equal(run('input.name[9]'), null);
    assert.equal(run('input.nested.length'), null);
  });

  void it('never reaches inherited members', () => {
    for (const name of ['toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf']) {
      assert.equal(run(`input.${name}`), null, name);
      assert.equal(run(`input.tags.${name}`), null, name);
      assert.equal(run(`input.name.${name}`), null, name);
    }
    assert.equal(run('input.tags.map'), null);
  });

  void it('throws unknown name for a root the context does not know', () => {
    const error = runtimeError('nobody.x');
    assert.equal(error.code, 'expression-error');
    assert.equal(error.message, "unknown name 'nobody'");
    assert.deepEqual(error.range, { start: 0, end: 6 });
  });

  void it('gives $now from the clock when the context has no value for it', () => {
    assert.equal(run('$now'), '2025-01-02T03:04:05.000Z');
    assert.equal(run('$now', { resolveRoot: (name) => (name === '$now' ? 'fixed' : undefined) }), 'fixed');
  });
});

void describe('evaluateExpression: forbidden access', () => {
  void it('refuses __proto__, constructor and prototype read through computed keys', () => {
    const ctx: EvaluationContext = { resolveRoot: (name) => (name === 'vars' ? { k: '__proto__', c: 'constructor', p: 'prototype' } : name === 'input' ? { a: 1 } : undefined) };
    for (const key of ['k', 'c', 'p']) {
      const error = runtimeError(`input[vars.${key}]`, ctx);
      assert.equal(error.code, 'invalid-expression');
      assert.match(error.message, /is not allowed in expressions/);
    }
    assert.equal(runtimeError("'abc'[vars.c]", ctx).code, 'invalid-expression');
    assert.equal(runtimeError('[1][vars.k]', ctx).code, 'invalid-expression');
  });

  void it('refuses forbidden names in hand-built trees (parse errors are not the only guard)', () => {
    const range = { start: 0, end: 1 };
    const identifier: Expr = { kind: 'Identifier', name: 'input', range };
    for (const name of ['__proto__', 'constructor', 'prototype']) {
      const member: Expr = { kind: 'Member', object: identifier, name, nameRange: range, range };
      assert.throws(() => evaluateExpression(member, context), (error: unknown) => error instanceof ExpressionRuntimeError && error.code === 'invalid-expression');
    }
    const root: Expr = { kind: 'Identifier', name: 'constructor', range };
    assert.throws(() => evaluateExpression(root, { resolveRoot: () => ({}) }), ExpressionRuntimeError);
    const literal: Expr = { kind: 'ObjectLiteral', properties: [{ key: '__proto__', keyRange: range, value: { kind: 'Literal', value: 1, range } }], range };
    assert.throws(() => evaluateExpression(literal, context), ExpressionRuntimeError);
  });

  void it('refuses a path that resolves to a function', () => {
    const ctx: EvaluationContext = { resolveRoot: (name) => (name === 'input' ? { run: () => 1, list: [() => 2] } : name === 'fn' ? () => 3 : undefined) };
    for (const source of ['input.run', 'input.list[0]', 'fn', "input['run']"]) {
      const error = runtimeError(source, ctx);
      assert.equal(error.code, 'invalid-expression', source);
      assert.match(error.message, /function/);
    }
  });

  void it('cannot pollute prototypes through object literals or JSON', () => {
    const result = run('{a: fromJson(\'{"__proto__": {"polluted": true}}\')}') as Record<string, Record<string, unknown>>;
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(result.a), Object.prototype);
    assert.equal(result.a.polluted, undefined);
    const ctx: EvaluationContext = { resolveRoot: (name) => (name === 'x' ? JSON.parse('{"__proto__": {"y": 1}}') : undefined) };
    assert.equal(runtimeError("x['__pro' + 'to__']", ctx).code, 'invalid-expression');
  });

  void it('an incomplete tree fails as invalid-expression', () => {
    const { ast } = parseExpression('steps.');
    assert.throws(() => evaluateExpression(ast!, context), (error: unknown) => error instanceof ExpressionRuntimeError && error.code === 'invalid-expression');
    const { ast: missing } = parseExpression('1 + ');
    assert.throws(() => evaluateExpression(missing!, context), (error: unknown) => error instanceof ExpressionRuntimeError && error.code === 'invalid-expression');
  });
});

void describe('evaluateExpression: operators', () => {
  void it('literals', () => {
    assert.deepEqual(run('[1, "a", true, null, {k: [2]}]'), [1, 'a', true, null, { k: [2] }]);
    assert.deepEqual(run('{toString: 1}'), { toString: 1 });
  });

  void it('arithmetic', () => {
    assert.equal(run('1 + 2 * 3 - 4 / 2'), 5);
    assert.equal(run('7 % 3'), 1);
    assert.equal(run('-input.count'), -3);
    assert.equal(run("+'42'"), 42);
    assert.equal(run('+true'), 1);
    assert.equal(runtimeError('1 / 0').message, 'division by zero');
    assert.equal(runtimeError('1 % 0').message, 'division by zero');
    assert.equal(runtimeError("2 * 'a'").message, "'*' needs two numbers, got number and string");
    assert.equal(runtimeError('input.missing - 1').message, "'-' needs two numbers, got null and number");
    assert.equal(runtimeError("-'a'").message, "cannot negate string: '-' needs a number");
    assert.equal(runtimeError("+'abc'").code, 'expression-error');
  });

  void it('+ concatenates strings, writing the other side as a template would', () => {
    assert.equal(run("'a' + 'b'"), 'ab');
    assert.equal(run("vars.greeting + ', ' + input.name"), 'Hello, Ann');
    assert.equal(run("'n=' + 1"), 'n=1');
    assert.equal(run("1 + '1'"), '11');
    assert.equal(run("'x' + null"), 'x');
    assert.equal(run("'t' + [1, 2]"), 't[1,2]');
    assert.deepEqual(run('[1] + [2, 3]'), [1, 2, 3]);
    assert.equal(runtimeError('1 + null').message, 'cannot add number and null');
    assert.equal(runtimeError('true + 1').message, 'cannot add boolean and number');
  });

  void it('equality is strict and structural', () => {
    assert.equal(run('1 == 1'), true);
    assert.equal(run("1 == '1'"), false);
    assert.equal(run("'a' != 'b'"), true);
    assert.equal(run('null == input.missing'), true);
    assert.equal(run('0 == null'), false);
    assert.equal(run("input.tags == ['vip', 'early']"), true);
    assert.equal(run('{a: 1, b: [2]} == {b: [2], a: 1}'), true);
    assert.equal(run('{a: 1} == {a: 1, b: 2}'), false);
    assert.equal(run('[] == {}'), false);
    assert.equal(run('true == 1'), false);
  });

  void it('relational operators compare numbers with numbers and strings with strings, anything else is false', () => {
    assert.equal(run('steps.fetch.output.total > 1000'), true);
    assert.equal(run('2 >= 2 && 2 <= 2 && 1 < 2 && !(2 < 1)'), true);
    assert.equal(run("'apple' < 'banana'"), true);
    assert.equal(run("'2025-01-02T00:00:00Z' > '2024-12-31T23:59:59Z'"), true);
    assert.equal(run("1 < '2'"), false);
    assert.equal(run('input.missing > 1000'), false);
    assert.equal(run('input.missing <= 1000'), false);
  });

  void it('contains, includes and in', () => {
    assert.equal(run("input.tags contains 'vip'"), true);
    assert.equal(run("input.tags includes 'late'"), false);
    assert.equal(run("input.name contains 'nn'"), true);
    assert.equal(run("'order 42' contains 42"), true);
    assert.equal(run("'vip' in input.tags"), true);
    assert.equal(run("'nn' in input.name"), true);
    assert.equal(run("'tier' in input"), true);
    assert.equal(run("'toString' in input"), false);
    assert.equal(run("input contains 'name'"), true);
    assert.equal(run('{id: 2} in input.nested.list'), true);
    assert.equal(run('[1] in [[1], [2]]'), true);
    assert.equal(run("input.missing contains 'x'"), false);
    assert.equal(run("'x' in input.missing"), false);
    assert.equal(runtimeError('5 contains 1').message, "'contains' needs a string, an array or an object on its left, got number");
    assert.equal(runtimeError("'a' in 5").message, "'in' needs a string, an array or an object on its right, got number");
  });

  void it('&& and || short-circuit and return an operand', () => {
    assert.equal(run("input.empty || 'fallback'"), 'fallback');
    assert.equal(run("input.name || 'fallback'"), 'Ann');
    assert.equal(run('input.zero && nobody.x'), 0);
    assert.equal(run('true || nobody.x'), true);
    assert.equal(run("input.name && input.tier"), 'gold');
  });

  void it('truthiness follows JavaScript: empty arrays and objects are true', () => {
    assert.equal(run('![]'), false);
    assert.equal(run('!{}'), false);
    assert.equal(run("!''"), true);
    assert.equal(run('!0'), true);
    assert.equal(run('!null'), true);
    assert.equal(run("[] ? 'yes' : 'no'"), 'yes');
  });

  void it('conditional evaluates only the chosen branch', () => {
    assert.equal(run("input.count > 2 ? 'many' : nobody.x"), 'many');
    assert.equal(run('input.missing ? nobody.x : 0'), 0);
  });
});

void describe('evaluateExpression: calls', () => {
  void it('checks the function name and the arity', () => {
    const unknown = runtimeError('frobnicate(1)');
    assert.equal(unknown.message, "unknown function 'frobnicate'");
    assert.deepEqual(unknown.range, { start: 0, end: 10 });
    assert.equal(runtimeError('toString(1)').message, "unknown function 'toString'");
    assert.equal(runtimeError('lower()').message, 'lower() takes 1 argument, got 0');
    assert.equal(runtimeError('default(1)').message, 'default() takes 2 arguments, got 1');
    assert.equal(runtimeError('join([1], 2, 3)').message, 'join() takes 1 to 2 arguments, got 3');
    assert.equal(runtimeError('now(1)').message, 'now() takes 0 arguments, got 1');
  });
});

void describe('evaluateExpression: robustness', () => {
  void it('throws nothing but ExpressionRuntimeError on random well-formed expressions', () => {
    const atoms = ['input', 'input.tags', 'input.name', 'input.nested', 'steps.fetch.output', 'vars.key', '1', '0', "'s'", 'null', 'true', '[]', '{}', '[1, 2]', "{a: 'b'}", 'nobody', 'item'];
    const binary = ['+', '-', '*', '/', '%', '==', '!=', '<', '>=', '&&', '||', 'contains', 'in', 'includes'];
    const calls = ['length', 'lower', 'upper', 'trim', 'default', 'json', 'fromJson', 'number', 'string', 'keys', 'join', 'now'];
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const build = (depth: number): string => {
      const choice = depth > 3 ? 0 : random(6);
      switch (choice) {
        case 1:
          return `(${build(depth + 1)} ${binary[random(binary.length)]} ${build(depth + 1)})`;
        case 2:
          return `${['!', '-', '+'][random(3)]}${build(depth + 1)}`;
        case 3:
          return `${calls[random(calls.length)]}(${Array.from({ length: random(3) }, () => build(depth + 1)).join(', ')})`;
        case 4:
          return `${build(depth + 1)}[${build(depth + 1)}]`;
        case 5:
          return `(${build(depth + 1)} ? ${build(depth + 1)} : ${build(depth + 1)})`;
        default:
          return atoms[random(atoms.length)];
      }
    };
    let evaluated = 0;
    for (let i = 0; i < 3000; i++) {
      const source = build(0);
      const { ast, errors } = parseExpression(source);
      assert.deepEqual(errors, [], source);
      try {
        evaluateExpression(ast!, context);
        evaluated++;
      } catch (error) {
        assert.ok(error instanceof ExpressionRuntimeError, `${source}: ${String(error)}`);
      }
    }
    assert.ok(evaluated > 100, 'some expressions evaluate without error');
  });
});
