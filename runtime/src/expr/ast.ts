// The syntax tree of a `<< >>` expression. Plain data with exact source ranges, shared by the
// analyzer (references, diagnostics), the language server (completion, hover, semantic tokens)
// and the evaluator. Recovery nodes (`Missing`, `Invalid`) keep half-typed input representable.

import type { SourceRange } from '../language/source-range.ts';

export type UnaryOperator = '!' | '-' | '+';

export type BinaryOperator =
  | '*' | '/' | '%'
  | '+' | '-'
  | '<' | '<=' | '>' | '>=' | 'contains' | 'includes' | 'in'
  | '==' | '!='
  | '&&'
  | '||';

export type LiteralValue = string | number | boolean | null;

export interface LiteralNode {
  readonly kind: 'Literal';
  readonly value: LiteralValue;
  readonly range: SourceRange;
}

export interface ArrayLiteralNode {
  readonly kind: 'ArrayLiteral';
  readonly elements: readonly Expr[];
  readonly range: SourceRange;
}

export interface ObjectProperty {
  readonly key: string;
  readonly keyRange: SourceRange;
  readonly value: Expr;
}

export interface ObjectLiteralNode {
  readonly kind: 'ObjectLiteral';
  readonly properties: readonly ObjectProperty[];
  readonly range: SourceRange;
}

/** A root name (`input`, `steps`, `vars`, `loop`, `secrets`, `execution`, `workflow`, `$now`) or a loop's item alias. */
export interface IdentifierNode {
  readonly kind: 'Identifier';
  readonly name: string;
  readonly range: SourceRange;
}

/**
 * `object.name`. `name` is '' when the property name has not been typed yet (`steps.`), with an
 * empty `nameRange` just after the dot, so completion has a node to work from.
 */
export interface MemberNode {
  readonly kind: 'Member';
  readonly object: Expr;
  readonly name: string;
  readonly nameRange: SourceRange;
  readonly range: SourceRange;
}

/** `object[index]`; `range` includes the closing bracket when present. */
export interface IndexNode {
  readonly kind: 'Index';
  readonly object: Expr;
  readonly index: Expr;
  readonly range: SourceRange;
}

/** A call of a library function. Unknown names parse fine; the analyzer reports them. */
export interface CallNode {
  readonly kind: 'Call';
  readonly callee: { readonly name: string; readonly range: SourceRange };
  readonly args: readonly Expr[];
  /** False when the closing parenthesis is missing (a half-typed call). */
  readonly closed: boolean;
  readonly range: SourceRange;
}

export interface UnaryNode {
  readonly kind: 'Unary';
  readonly operator: UnaryOperator;
  readonly operatorRange: SourceRange;
  readonly operand: Expr;
  readonly range: SourceRange;
}

export interface BinaryNode {
  readonly kind: 'Binary';
  readonly operator: BinaryOperator;
  readonly operatorRange: SourceRange;
  readonly left: Expr;
  readonly right: Expr;
  readonly range: SourceRange;
}

export interface ConditionalNode {
  readonly kind: 'Conditional';
  readonly test: Expr;
  readonly consequent: Expr;
  readonly alternate: Expr;
  readonly range: SourceRange;
}

/** Nothing where an expression was expected (`a + `); the range is empty, at the place it belongs. */
export interface MissingNode {
  readonly kind: 'Missing';
  readonly range: SourceRange;
}

/** Text that could not be read as an expression (an invalid character); an error was reported for it. */
export interface InvalidNode {
  readonly kind: 'Invalid';
  readonly range: SourceRange;
}

export type Expr =
  | LiteralNode
  | ArrayLiteralNode
  | ObjectLiteralNode
  | IdentifierNode
  | MemberNode
  | IndexNode
  | CallNode
  | UnaryNode
  | BinaryNode
  | ConditionalNode
  | MissingNode
  | InvalidNode;

export type ExprKind = Expr['kind'];

/** The direct sub-expressions of a node, in source order. */
export function childExpressions(node: Expr): readonly Expr[] {
  const children: Expr[] = [];
  pushChildExpressions(node, children);
  return children;
}

/**
 * Appends the direct sub-expressions of a node to `into`, in source order, without a new array
 * per node (for walks over whole documents); `childExpressions` collects them into one.
 */
export function pushChildExpressions(node: Expr, into: Expr[]): void {
  switch (node.kind) {
    case 'ArrayLiteral':
      for (const element of node.elements) into.push(element);
      return;
    case 'ObjectLiteral':
      for (const property of node.properties) into.push(property.value);
      return;
    case 'Member':
      into.push(node.object);
      return;
    case 'Index':
      into.push(node.object, node.index);
      return;
    case 'Call':
      for (const arg of node.args) into.push(arg);
      return;
    case 'Unary':
      into.push(node.operand);
      return;
    case 'Binary':
      into.push(node.left, node.right);
      return;
    case 'Conditional':
      into.push(node.test, node.consequent, node.alternate);
      return;
    case 'Literal':
    case 'Identifier':
    case 'Missing':
    case 'Invalid':
      return;
  }
}
