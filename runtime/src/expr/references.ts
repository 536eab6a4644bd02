// Tree queries for tools: the member paths an expression reads (for the analyzer's reference
// checks), a generic walk, and the innermost node at an offset (for hover and completion).

import { rangeContains, type SourceRange } from '../language/source-range.ts';
import type { Expr, IndexNode, MemberNode } from './ast.ts';
import { childExpressions } from './ast.ts';

export interface ReferenceSegment {
  /**
   * A property name (`.output`, `['output']`), an array index (`[0]`), or null for a computed
   * index (`[vars.key]`). '' for a half-typed `steps.` (the analyzer should skip it; completion uses it).
   */
  readonly name: string | number | null;
  /** The property name's range, or the index expression's range (inside the brackets). */
  readonly range: SourceRange;
}

/** A maximal chain of members and indexes starting at a root name: `steps.fetch.output[0].id`. */
export interface ReferencePath {
  readonly root: string;
  readonly rootRange: SourceRange;
  readonly segments: readonly ReferenceSegment[];
  /** From the root to the end of the last segment. */
  readonly range: SourceRange;
  /** The outermost node of the chain (the Identifier itself when there are no segments). */
  readonly node: Expr;
}

/** Every root-based path the expression reads, in source order, including paths inside computed indexes and arguments. */
export function collectReferences(ast: Expr | null): ReferencePath[] {
  const references: ReferencePath[] = [];
  if (ast !== null) visitForReferences(ast, references);
  return references;
}

function visitForReferences(node: Expr, references: ReferencePath[]): void {
  // A switch instead of `childExpressions`: this runs on every template of a document, and the
  // small arrays that function returns per node add up.
  switch (node.kind) {
    case 'Member':
    case 'Index':
    case 'Identifier':
      visitPath(node, references);
      return;
    case 'ArrayLiteral':
      for (const element of node.elements) visitForReferences(element, references);
      return;
    case 'ObjectLiteral':
      for (const property of node.properties) visitForReferences(property.value, references);
      return;
    case 'Call':
      for (const arg of node.args) visitForReferences(arg, references);
      return;
    case 'Unary':
      visitForReferences(node.operand, references);
      return;
    case 'Binary':
      visitForReferences(node.left, references);
      visitForReferences(node.right, references);
      return;
    case 'Conditional':
      visitForReferences(node.test, references);
      visitForReferences(node.consequent, references);
      visitForReferences(node.alternate, references);
      return;
    default:
      return;
  }
}

/** A chain of members and indexes (or a lone identifier): one path when it starts at a name. */
function visitPath(node: Expr, references: ReferencePath[]): void {
  let base: Expr = node;
  let hasIndex = false;
  // Segments come outermost first while walking in; reversed below into source order.
  const segments: ReferenceSegment[] = [];
  while (base.kind === 'Member' || base.kind === 'Index') {
    if (base.kind === 'Index') hasIndex = true;
    segments.push(segmentOf(base));
    base = base.object;
  }
  if (base.kind === 'Identifier') {
    references.push({ root: base.name, rootRange: base.range, segments: segments.reverse(), range: node.range, node });
  } else {
    // `(a || b).c` or `keys(x).length`: the base is not a path, but it may contain some.
    visitForReferences(base, references);
  }
  if (!hasIndex) return;
  // Paths inside computed indexes, in source order (innermost link first).
  const indexes: Expr[] = [];
  for (let link: Expr = node; link.kind === 'Member' || link.kind === 'Index'; link = link.object) if (link.kind === 'Index') indexes.push(link.index);
  for (let i = indexes.length - 1; i >= 0; i--) visitForReferences(indexes[i]!, references);
}

function segmentOf(link: MemberNode | IndexNode): ReferenceSegment {
  if (link.kind === 'Member') return { name: link.name, range: link.nameRange };
  const index = link.index;
  const name = index.kind === 'Literal' && (typeof index.value === 'string' || typeof index.value === 'number') ? index.value : null;
  return { name, range: index.range };
}

/** Return false to skip a node's children. */
export type ExpressionVisitor = (node: Expr, parent: Expr | null) => void | boolean;

/** Visits every node depth-first, parents before children, children in source order. */
export function walkExpression(ast: Expr | null, visitor: ExpressionVisitor): void {
  if (ast !== null) walk(ast, null, visitor);
}

function walk(node: Expr, parent: Expr | null, visitor: ExpressionVisitor): void {
  if (visitor(node, parent) === false) return;
  for (const child of childExpressions(node)) walk(child, node, visitor);
}

/**
 * The nodes containing `offset`, outermost first (ranges include their end, so a cursor right
 * after `steps.` is inside the Member with the empty name). Empty when the offset is outside.
 */
export function expressionPathAt(ast: Expr | null, offset: number): Expr[] {
  const path: Expr[] = [];
  let current: Expr | null = ast !== null && rangeContains(ast.range, offset) ? ast : null;
  while (current !== null) {
    path.push(current);
    let next: Expr | null = null;
    // The last child wins where two touch, e.g. `a,|` gives the Missing argument after the comma.
    for (const child of childExpressions(current)) if (rangeContains(child.range, offset)) next = child;
    current = next;
  }
  return path;
}

/** The innermost node at `offset`, or null. Check `nameRange` / `callee.range` to tell a name from its node. */
export function expressionAt(ast: Expr | null, offset: number): Expr | null {
  const path = expressionPathAt(ast, offset);
  return path.length > 0 ? path[path.length - 1] : null;
}
