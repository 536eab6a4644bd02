// The expression parser: precedence, exact ranges, recovery on half-typed input, forbidden names,
// and robustness (deep nesting, very long chains, random input never throws).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_NESTING, MAX_TREE_HEIGHT, childExpressions, parseExpression } from '../../../runtime/src/expr/index.ts';
import type { CallNode, Expr, MemberNode } from '../../../runtime/src/expr/index.ts';
import { printAst, slice } from './print-ast.ts';

function shape(source: string): string {
  const { ast, errors } = parseExpression(source);
  assert.deepEqual(errors, [], `unexpected errors for ${source}`);
  return printAst(ast);
}

function messages(source: string): string[] {
  return parseExpression(source).errors.map((error) => error.message);
}

void describe('parseExpression: precedence and associativity', () => {
  const cases: Array<[string, string]> = [
    ['1 + 2 * 3', '(+ 1 (* 2 3))'],
    ['(1 + 2) * 3', '(* (+ 1 2) 3)'],
    ['1 - 2 - 3', '(- (- 1 2) 3)'],
    ['8 / 4 % 3', '(% (/ 8 4) 3)'],
    ['a || b && c', '(|| a (&& b c))'],
    ['a && b || c', '(|| (&& a b) c)'],
    ['a == b && c != d', '(&& (== a b) (!= c d))'],
    ['a < b == c >= d', '(== (< a b) (>= c d))'],
    ['a + 1 > b * 2', '(> (+ a 1) (* b 2))'],
    ["tags contains 'vip' && 'a' in list", "(&& (contains tags \"vip\") (in \"a\" list))"],
    ['x includes y == true', '(== (includes x y) true)'],
    ['!a && -b < +c', '(&& (! a) (< (- b) (+ c)))'],
    ['!!a', '(! (! a))'],
    ['- -1', '(- (- 1))'],
    ['a ? b : c ? d : e', '(? a b (? c d e))'],
    ['a || b ? c + 1 : d', '(? (|| a b) (+ c 1) d)'],
    ['a ? b ? c : d : e', '(? a (? b c d) e)'],
    ['-a.b[0]', '(- ([] (. a b) 0))'],
    ['steps.fetch.output.items[0].name', '(. ([] (. (. (. steps fetch) output) items) 0) name)'],
    ["input['my-key'].length", '(. ([] input "my-key") length)'],
    ["default(steps.a.output, 'none')", '(default (. (. steps a) output) "none")'],
    ['join(keys(vars), ", ")', '(join (keys vars) ", ")'],
    ['now()', '(now)'],
    ['[1, "two", [true, null]]', '[1 "two" [true null]]'],
    ['[1, 2,]', '[1 2]'],
    ["{a: 1, 'b c': [x], 3: y}", '{a: 1, b c: [x], 3: y}'],
    ['{}', '{}'],
    ['$now', '$now'],
    ['loop.parent.item', '(. (. loop parent) item)'],
    ['x.in.contains', '(. (. x in) contains)'],
    ['1.5.toFixed', '(. 1.5 toFixed)'],
  ];
  for (const [source, expected] of cases) {
    void it(source, () => assert.equal(shape(source), expected));
  }
});

void describe('parseExpression: ranges', () => {
  void it('gives every node document offsets including the base offset', () => {
    const text = 'xx<<steps.a.output[0] + 1>>';
    const base = 4;
    const { ast } = parseExpression(text.slice(base, -2), base);
    assert.ok(ast?.kind === 'Binary');
    assert.equal(slice(text, ast.range), 'steps.a.output[0] + 1');
    assert.equal(slice(text, ast.operatorRange), '+');
    const index = ast.left;
    assert.ok(index.kind === 'Index');
    assert.equal(slice(text, index.range), 'steps.a.output[0]');
    assert.equal(slice(text, index.index.range), '0');
    const member = index.object as MemberNode;
    assert.equal(slice(text, member.range), 'steps.a.output');
    assert.equal(slice(text, member.nameRange), 'output');
    assert.equal(slice(text, ast.right.range), '1');
  });

  void it('ranges of calls, unary operators, literals and conditionals', () => {
    const text = " !lower(  input.name ) ? 'yes' : [1, {k: 2}] ";
    const { ast } = parseExpression(text);
    assert.ok(ast?.kind === 'Conditional');
    assert.equal(slice(text, ast.range), "!lower(  input.name ) ? 'yes' : [1, {k: 2}]");
    assert.ok(ast.test.kind === 'Unary');
    assert.equal(slice(text, ast.test.operatorRange), '!');
    const call = ast.test.operand as CallNode;
    assert.equal(slice(text, call.range), 'lower(  input.name )');
    assert.equal(slice(text, call.callee.range), 'lower');
    assert.equal(slice(text, call.args[0].range), 'input.name');
    assert.equal(slice(text, ast.consequent.range), "'yes'");
    assert.ok(ast.alternate.kind === 'ArrayLiteral');
    const object = ast.alternate.elements[1];
    assert.ok(object.kind === 'ObjectLiteral');
    assert.equal(slice(text, object.range), '{k: 2}');
    assert.equal(slice(text, object.properties[0].keyRange), 'k');
  });

  void it('a parenthesized expression has the range of its content', () => {
    const text = '( a + b ) * c';
    const { ast } = parseExpression(text);
    assert.ok(ast?.kind === 'Binary');
    assert.equal(slice(text, ast.left.range), 'a + b');
    assert.equal(slice(text, ast.range), '( a + b ) * c');
    const member = parseExpression('((a)).b').ast;
    assert.ok(member?.kind === 'Member');
    assert.deepEqual(member.range, { start: 0, end: 7 });
    assert.deepEqual(member.object.range, { start: 2, end: 3 });
  });
});

void describe('parseExpression: recovery on half-typed input', () => {
  void it('steps. gives a member with an empty name right after the dot', () => {
    const { ast, errors } = parseExpression('steps.', 100);
    assert.equal(printAst(ast), "(. steps '')");
    assert.ok(ast?.kind === 'Member');
    assert.deepEqual(ast.nameRange, { start: 106, end: 106 });
    assert.deepEqual(ast.range, { start: 100, end: 106 });
    assert.deepEqual(errors, [{ message: "expected a property name after '.'", range: { start: 105, end: 106 } }]);
  });

  void it('input. and steps.fetch.output. keep the path typed so far', () => {
    assert.equal(printAst(parseExpression('input.').ast), "(. input '')");
    assert.equal(printAst(parseExpression('steps.fetch.output.').ast), "(. (. (. steps fetch) output) '')");
  });

  void it('default(steps.a.output,  gives a call with the parsed argument and a missing one', () => {
    const source = 'default(steps.a.output, ';
    const { ast, errors } = parseExpression(source);
    assert.equal(printAst(ast), '(default (. (. steps a) output) ?missing …)');
    assert.ok(ast?.kind === 'Call');
    assert.equal(ast.closed, false);
    assert.deepEqual(ast.args[1].range, { start: source.length, end: source.length });
    assert.equal(errors.length, 1);
    assert.equal(errors[0].message, 'expected an expression');
  });

  void it('an unclosed call, index, group, array and object', () => {
    assert.equal(printAst(parseExpression('lower(input.name').ast), '(lower (. input name) …)');
    assert.deepEqual(messages('lower(input.name'), ["missing ')' to close the call of lower"]);
    assert.equal(printAst(parseExpression('default(').ast), '(default ?missing …)');
    assert.equal(printAst(parseExpression('items[0').ast), '([] items 0)');
    assert.deepEqual(messages('items[0'), ["missing ']' after the index"]);
    assert.equal(printAst(parseExpression('(a + b').ast), '(+ a b)');
    assert.deepEqual(messages('(a + b'), ["missing ')' to match '('"]);
    assert.equal(printAst(parseExpression('[1, 2').ast), '[1 2]');
    assert.equal(printAst(parseExpression('{a: 1, b').ast), '{a: 1, b: ?missing}');
  });

  void it('a dangling operator gives a missing operand', () => {
    assert.equal(printAst(parseExpression('a + ').ast), '(+ a ?missing)');
    assert.equal(printAst(parseExpression('a ? b').ast), '(? a b ?missing)');
    assert.equal(printAst(parseExpression('* 3').ast), '(* ?missing 3)');
    assert.equal(printAst(parseExpression('!').ast), '(! ?missing)');
  });

  void it('a number after a dot reads as an index with a hint', () => {
    const { ast, errors } = parseExpression('items.0.name');
    assert.equal(printAst(ast), '(. ([] items 0) name)');
    assert.deepEqual(errors, [{ message: "expected a property name after '.'; use [0] to index an array", range: { start: 6, end: 7 } }]);
  });

  void it('reports trailing text and keeps the parsed expression', () => {
    const { ast, errors } = parseExpression('a b');
    assert.equal(printAst(ast), 'a');
    assert.deepEqual(errors, [{ message: "unexpected 'b'", range: { start: 2, end: 3 } }]);
  });

  void it('refuses calls of anything but a library function name', () => {
    assert.deepEqual(messages('input.name()'), ['only library functions can be called, as in lower(x)']);
    assert.deepEqual(messages('(lower)(x)'), ['only library functions can be called, as in lower(x)']);
  });

  void it('reports an empty expression', () => {
    const { ast, errors } = parseExpression('   ', 7);
    assert.equal(ast, null);
    assert.deepEqual(errors, [{ message: 'empty expression', range: { start: 10, end: 10 } }]);
  });

  void it('keeps an invalid character as an Invalid node with a single error', () => {
    const { ast, errors } = parseExpression('a + #');
    assert.equal(printAst(ast), '(+ a ?invalid)');
    assert.deepEqual(errors.map((error) => error.message), ["unexpected character '#'"]);
  });

  void it('word operators cannot be names', () => {
    assert.equal(printAst(parseExpression('in x').ast), '(in ?missing x)');
    assert.deepEqual(messages('in x'), ["expected an expression before 'in'"]);
  });
});

void describe('parseExpression: forbidden names', () => {
  const cases: Array<[string, string]> = [
    ['input.__proto__', '__proto__'],
    ['input.constructor', 'constructor'],
    ['keys.constructor', 'constructor'],
    ['vars.x.prototype.y', 'prototype'],
    ['constructor', 'constructor'],
    ['__proto__.x', '__proto__'],
    ["input['__proto__']", "'__proto__'"],
    ['input["constructor"]', '"constructor"'],
    ['{__proto__: 1}', '__proto__'],
    ["{'prototype': 1}", "'prototype'"],
    ['prototype(1)', 'prototype'],
  ];
  for (const [source, underlined] of cases) {
    void it(source, () => {
      const { errors } = parseExpression(source);
      assert.equal(errors.length, 1, JSON.stringify(errors));
      const name = underlined.replace(/['"]/g, '');
      assert.equal(errors[0].message, `'${name}' is not allowed in expressions`);
      assert.equal(slice(source, errors[0].range), underlined);
    });
  }

  void it('allows the words inside ordinary strings', () => {
    assert.deepEqual(messages("input.kind == 'constructor'"), []);
  });

  void it('does not treat unknown function names as errors', () => {
    assert.deepEqual(messages('frobnicate(1, 2)'), []);
  });
});

void describe('parseExpression: robustness', () => {
  void it('stops at the nesting limit with one error instead of overflowing the stack', () => {
    for (const [open, close] of [['(', ')'], ['[', ']'], ['lower(', ')'], ['a[', ']'], ['{a:', '}']]) {
      const source = open.repeat(1000) + '1' + close.repeat(1000);
      const { errors } = parseExpression(source);
      assert.equal(errors.length, 1, `${open}: ${JSON.stringify(errors.slice(0, 3))}`);
      assert.match(errors[0].message, /nested too deeply/);
    }
    for (const prefix of ['!', '-', 'a ? b : ']) {
      const { errors } = parseExpression(prefix.repeat(5000) + 'x');
      assert.equal(errors.length, 1);
      assert.match(errors[0].message, /nested too deeply/);
    }
  });

  void it('accepts nesting up to the limit', () => {
    const depth = MAX_NESTING - 1;
    const { ast, errors } = parseExpression('('.repeat(depth) + '1' + ')'.repeat(depth));
    assert.deepEqual(errors, []);
    assert.equal(printAst(ast), '1');
  });

  void it('refuses very long operator chains whose trees would be too tall to walk safely', () => {
    const long = parseExpression(Array.from({ length: MAX_TREE_HEIGHT + 10 }, () => '1').join(' + '));
    assert.equal(long.ast, null);
    assert.match(long.errors[0].message, /too complex/);
    const fine = parseExpression(Array.from({ length: 100 }, () => '1').join(' + '));
    assert.deepEqual(fine.errors, []);
  });

  void it('never throws on random input and stays fast', () => {
    const alphabet = [
      'steps', 'input', '.', '.', '[', ']', '(', ')', '{', '}', ',', ':', '?', '!', '+', '-', '*', '/', '%',
      '==', '!=', '<', '>', '<=', '>=', '&&', '||', ' contains ', ' in ', 'includes', "'", '"', '\\', '0', '12',
      '1.5e', 'true', 'null', 'a', '__proto__', 'default', ' ', '#', '=', '&', '|', '<<', '>>', '\n', 'é', '\ud83d',
    ];
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const started = performance.now();
    for (let i = 0; i < 5000; i++) {
      let source = '';
      const length = random(40);
      for (let j = 0; j < length; j++) source += alphabet[random(alphabet.length)];
      const base = random(50);
      const { ast, errors } = parseExpression(source, base);
      for (const error of errors) {
        assert.ok(error.range.start >= base && error.range.end <= base + source.length && error.range.start <= error.range.end, source);
      }
      if (ast !== null) assertRangesInside(ast, base, base + source.length, source);
    }
    for (let i = 0; i < 500; i++) {
      let source = '';
      const length = random(200);
      for (let j = 0; j < length; j++) source += String.fromCharCode(random(128));
      parseExpression(source);
    }
    assert.ok(performance.now() - started < 5000, 'fuzzing took too long');
  });
});

function assertRangesInside(node: Expr, start: number, end: number, source: string): void {
  assert.ok(node.range.start >= start && node.range.end <= end && node.range.start <= node.range.end, `${node.kind} in ${JSON.stringify(source)}`);
  for (const child of childExpressions(node)) assertRangesInside(child, node.range.start, node.range.end, source);
}
