// Runs an expression tree against an evaluation context. It never reaches JavaScript: no eval,
// no Function, and property reads go through own-property checks only, so no template can see a
// prototype, a function or a constructor. Missing paths yield null; faults throw
// ExpressionRuntimeError with a stable code.

import type { SourceRange } from '../language/source-range.ts';
import type { BinaryNode, CallNode, Expr, IdentifierNode, UnaryNode } from './ast.ts';
import { ExpressionRuntimeError } from './errors.ts';
import type { EvaluationContext } from './evaluation-context.ts';
import { forbiddenNameMessage, isForbiddenName } from './forbidden-names.ts';
import { arityProblem, isoNow, lookupFunction, toNumber } from './functions.ts';
import { isTruthy, toText, typeName, valuesEqual } from './values.ts';

/**
 * The value of `ast`: a string, number, boolean, null, array or object (never undefined).
 * An unknown root name (`resolveRoot` returns undefined) throws "unknown name"; a missing
 * property below a known root is null.
 */
export function evaluateExpression(ast: Expr, context: EvaluationContext): unknown {
  return evaluate(ast, context);
}

function evaluate(node: Expr, context: EvaluationContext): unknown {
  switch (node.kind) {
    case 'Member':
      if (node.name === '') throw new ExpressionRuntimeError('invalid-expression', "expected a property name after '.'", node.nameRange);
      return readProperty(evaluate(node.object, context), node.name, node.nameRange);
    case 'Identifier':
      return resolveIdentifier(node, context);
    case 'Literal':
      return node.value;
    case 'Index':
      return readIndex(evaluate(node.object, context), evaluate(node.index, context), node.index.range);
    case 'Binary':
      return evaluateBinary(node, context);
    case 'Unary':
      return evaluateUnary(node, context);
    case 'Conditional':
      return isTruthy(evaluate(node.test, context)) ? evaluate(node.consequent, context) : evaluate(node.alternate, context);
    case 'Call':
      return callFunction(node, context);
    case 'ArrayLiteral':
      return node.elements.map((element) => evaluate(element, context));
    case 'ObjectLiteral': {
      const result: Record<string, unknown> = {};
      for (const property of node.properties) {
        // Checked again here because trees can be built by hand; assigning `__proto__` would set the prototype.
        if (isForbiddenName(property.key)) throw forbidden(property.key, property.keyRange);
        result[property.key] = evaluate(property.value, context);
      }
      return result;
    }
    case 'Missing':
      throw new ExpressionRuntimeError('invalid-expression', 'the expression is incomplete', node.range);
    case 'Invalid':
      throw new ExpressionRuntimeError('invalid-expression', 'the expression contains invalid text', node.range);
  }
}

function forbidden(name: string, range: SourceRange): ExpressionRuntimeError {
  return new ExpressionRuntimeError('invalid-expression', forbiddenNameMessage(name), range);
}

function resolveIdentifier(node: IdentifierNode, context: EvaluationContext): unknown {
  if (isForbiddenName(node.name)) throw forbidden(node.name, node.range);
  const value = context.resolveRoot(node.name);
  if (value === undefined) {
    if (node.name === '$now') return isoNow(context);
    throw new ExpressionRuntimeError('expression-error', `unknown name '${node.name}'`, node.range);
  }
  return checkedValue(value, node.range);
}

/** Values handed out by the context may hold functions; an expression must never get one. */
function checkedValue(value: unknown, range: SourceRange): unknown {
  if (value === undefined) return null;
  if (typeof value === 'function') {
    throw new ExpressionRuntimeError('invalid-expression', 'the path resolves to a function, which expressions cannot use', range);
  }
  return value;
}

/** A canonical array index (`0`, `12`, not `01` or `-1`) from a string key, or -1. */
function indexFromString(key: string): number {
  const length = key.length;
  if (length === 0 || length > 15) return -1;
  const first = key.charCodeAt(0);
  if (first === 48 /* 0 */) return length === 1 ? 0 : -1;
  let value = 0;
  for (let i = 0; i < length; i++) {
    const digit = key.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function readProperty(target: unknown, key: string, range: SourceRange): unknown {
  if (isForbiddenName(key)) throw forbidden(key, range);
  if (typeof target !== 'object' || target === null) {
    if (typeof target === 'string') {
      if (key === 'length') return target.length;
      const index = indexFromString(key);
      return index >= 0 && index < target.length ? target[index] : null;
    }
    return null;
  }
  if (Array.isArray(target)) {
    if (key === 'length') return target.length;
    const index = indexFromString(key);
    return index >= 0 && index < target.length ? checkedValue(target[index], range) : null;
  }
  // Own properties only: inherited members (toString, hasOwnProperty...) read as missing.
  if (!Object.hasOwn(target, key)) return null;
  return checkedValue((target as Record<string, unknown>)[key], range);
}

function readIndex(target: unknown, key: unknown, range: SourceRange): unknown {
  if (typeof key === 'string') return readProperty(target, key, range);
  if (typeof key !== 'number') return null;
  if (Array.isArray(target) || typeof target === 'string') {
    if (!Number.isInteger(key) || key < 0 || key >= target.length) return null;
    return checkedValue(target[key], range);
  }
  return readProperty(target, String(key), range);
}

function callFunction(node: CallNode, context: EvaluationContext): unknown {
  const name = node.callee.name;
  const fn = lookupFunction(name);
  if (!fn) throw new ExpressionRuntimeError('expression-error', `unknown function '${name}'`, node.callee.range);
  const problem = arityProblem(name, node.args.length);
  if (problem !== null) throw new ExpressionRuntimeError('expression-error', problem, node.range);
  const args = node.args.map((arg) => evaluate(arg, context));
  const result = fn.call(args, { evaluation: context, range: node.range });
  return result === undefined ? null : result;
}

function evaluateUnary(node: UnaryNode, context: EvaluationContext): unknown {
  const value = evaluate(node.operand, context);
  switch (node.operator) {
    case '!':
      return !isTruthy(value);
    case '-':
      if (typeof value !== 'number') {
        throw new ExpressionRuntimeError('expression-error', `cannot negate ${typeName(value)}: '-' needs a number`, node.range);
      }
      return -value;
    case '+':
      return toNumber(value, "unary '+'", node.range);
  }
}

function evaluateBinary(node: BinaryNode, context: EvaluationContext): unknown {
  // The logical operators short-circuit and return an operand, as in JavaScript.
  if (node.operator === '&&') {
    const left = evaluate(node.left, context);
    return isTruthy(left) ? evaluate(node.right, context) : left;
  }
  if (node.operator === '||') {
    const left = evaluate(node.left, context);
    return isTruthy(left) ? left : evaluate(node.right, context);
  }
  const left = evaluate(node.left, context);
  const right = evaluate(node.right, context);
  switch (node.operator) {
    case '+':
      return add(left, right, node.range);
    case '-':
    case '*':
    case '/':
    case '%':
      return arithmetic(node.operator, left, right, node.range);
    case '==':
      return valuesEqual(left, right);
    case '!=':
      return !valuesEqual(left, right);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(node.operator, left, right);
    case 'contains':
    case 'includes':
      return containsValue(left, right, node.operator, 'left', node.range);
    case 'in':
      return containsValue(right, left, 'in', 'right', node.range);
  }
}

/** Numbers add; a string on either side concatenates (the other side written as in a template); arrays concatenate. */
function add(left: unknown, right: unknown, range: SourceRange): unknown {
  if (typeof left === 'number' && typeof right === 'number') return left + right;
  if (typeof left === 'string' || typeof right === 'string') return toText(left, range) + toText(right, range);
  if (Array.isArray(left) && Array.isArray(right)) return [...left, ...right];
  throw new ExpressionRuntimeError('expression-error', `cannot add ${typeName(left)} and ${typeName(right)}`, range);
}

function arithmetic(operator: '-' | '*' | '/' | '%', left: unknown, right: unknown, range: SourceRange): number {
  if (typeof left !== 'number' || typeof right !== 'number') {
    throw new ExpressionRuntimeError('expression-error', `'${operator}' needs two numbers, got ${typeName(left)} and ${typeName(right)}`, range);
  }
  switch (operator) {
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
    case '%':
      // JavaScript would give Infinity or NaN, which JSON cannot carry; a clear error is kinder.
      if (right === 0) throw new ExpressionRuntimeError('expression-error', 'division by zero', range);
      return operator === '/' ? left / right : left % right;
  }
}

/** Numbers with numbers, strings with strings (code unit order, so ISO times compare right); any other pair is false. */
function compare(operator: '<' | '<=' | '>' | '>=', left: unknown, right: unknown): boolean {
  const comparable =
    (typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string');
  if (!comparable) return false;
  const a = left as number | string;
  const b = right as number | string;
  switch (operator) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

/**
 * Substring of a string, element of an array (structural equality), or own key of an object.
 * A null container (a missing path) contains nothing.
 */
function containsValue(container: unknown, item: unknown, operator: string, side: 'left' | 'right', range: SourceRange): boolean {
  if (container === null || container === undefined) return false;
  if (typeof container === 'string') {
    if (typeof item === 'string') return container.includes(item);
    if (typeof item === 'number' || typeof item === 'boolean') return container.includes(String(item));
    return false;
  }
  if (Array.isArray(container)) return container.some((element) => valuesEqual(element, item));
  if (typeof container === 'object') {
    if (typeof item === 'string' || typeof item === 'number') return Object.hasOwn(container, String(item));
    return false;
  }
  throw new ExpressionRuntimeError(
    'expression-error',
    `'${operator}' needs a string, an array or an object on its ${side}, got ${typeName(container)}`,
    range,
  );
}
