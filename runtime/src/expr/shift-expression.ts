// Moves a parsed expression to another place in a document. A tree's ranges are its source's
// offsets plus the base offset it was parsed at, so parsing the same text at base B + d gives
// this tree with every range moved by d: a copy is cheaper than tokenizing and parsing again.

import { shiftRange } from '../language/source-range.ts';
import type { Expr } from './ast.ts';
import type { ExpressionError } from './errors.ts';

/** A copy of `node` with every range moved by `delta`; the same objects, key for key, the parser makes. */
export function shiftExpression(node: Expr, delta: number): Expr {
  switch (node.kind) {
    case 'Literal':
      return { kind: 'Literal', value: node.value, range: shiftRange(node.range, delta) };
    case 'ArrayLiteral':
      return { kind: 'ArrayLiteral', elements: node.elements.map((element) => shiftExpression(element, delta)), range: shiftRange(node.range, delta) };
    case 'ObjectLiteral':
      return {
        kind: 'ObjectLiteral',
        properties: node.properties.map((property) => ({ key: property.key, keyRange: shiftRange(property.keyRange, delta), value: shiftExpression(property.value, delta) })),
        range: shiftRange(node.range, delta),
      };
    case 'Identifier':
      return { kind: 'Identifier', name: node.name, range: shiftRange(node.range, delta) };
    case 'Member':
      return { kind: 'Member', object: shiftExpression(node.object, delta), name: node.name, nameRange: shiftRange(node.nameRange, delta), range: shiftRange(node.range, delta) };
    case 'Index':
      return { kind: 'Index', object: shiftExpression(node.object, delta), index: shiftExpression(node.index, delta), range: shiftRange(node.range, delta) };
    case 'Call':
      return {
        kind: 'Call',
        callee: { name: node.callee.name, range: shiftRange(node.callee.range, delta) },
        args: node.args.map((arg) => shiftExpression(arg, delta)),
        closed: node.closed,
        range: shiftRange(node.range, delta),
      };
    case 'Unary':
      return { kind: 'Unary', operator: node.operator, operatorRange: shiftRange(node.operatorRange, delta), operand: shiftExpression(node.operand, delta), range: shiftRange(node.range, delta) };
    case 'Binary':
      return {
        kind: 'Binary',
        operator: node.operator,
        operatorRange: shiftRange(node.operatorRange, delta),
        left: shiftExpression(node.left, delta),
        right: shiftExpression(node.right, delta),
        range: shiftRange(node.range, delta),
      };
    case 'Conditional':
      return {
        kind: 'Conditional',
        test: shiftExpression(node.test, delta),
        consequent: shiftExpression(node.consequent, delta),
        alternate: shiftExpression(node.alternate, delta),
        range: shiftRange(node.range, delta),
      };
    case 'Missing':
      return { kind: 'Missing', range: shiftRange(node.range, delta) };
    case 'Invalid':
      return { kind: 'Invalid', range: shiftRange(node.range, delta) };
  }
}

/** Syntax errors moved by `delta` (a new list). */
export function shiftErrors(errors: readonly ExpressionError[], delta: number): ExpressionError[] {
  return errors.map((error) => ({ message: error.message, range: shiftRange(error.range, delta) }));
}
