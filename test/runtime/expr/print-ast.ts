// Test helper: writes an expression tree as a compact S-expression, so parser tests can state
// the expected shape (precedence, recovery) in one readable line.

import type { Expr } from '../../../runtime/src/expr/index.ts';

export function printAst(node: Expr | null): string {
  if (node === null) return 'null';
  switch (node.kind) {
    case 'Literal':
      return JSON.stringify(node.value);
    case 'Identifier':
      return node.name;
    case 'Member':
      return `(. ${printAst(node.object)} ${node.name === '' ? "''" : node.name})`;
    case 'Index':
      return `([] ${printAst(node.object)} ${printAst(node.index)})`;
    case 'Call':
      return `(${node.callee.name}${node.args.map((arg) => ' ' + printAst(arg)).join('')}${node.closed ? '' : ' …'})`;
    case 'Unary':
      return `(${node.operator} ${printAst(node.operand)})`;
    case 'Binary':
      return `(${node.operator} ${printAst(node.left)} ${printAst(node.right)})`;
    case 'Conditional':
      return `(? ${printAst(node.test)} ${printAst(node.consequent)} ${printAst(node.alternate)})`;
    case 'ArrayLiteral':
      return `[${node.elements.map(printAst).join(' ')}]`;
    case 'ObjectLiteral':
      return `{${node.properties.map((property) => `${property.key}: ${printAst(property.value)}`).join(', ')}}`;
    case 'Missing':
      return '?missing';
    case 'Invalid':
      return '?invalid';
  }
}

/** The text a range covers, to assert ranges by what they underline. */
export function slice(text: string, range: { start: number; end: number }, baseOffset = 0): string {
  return text.slice(range.start - baseOffset, range.end - baseOffset);
}
