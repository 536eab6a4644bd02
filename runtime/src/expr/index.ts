// The public face of the `<< >>` expression language: parsing (with recovery), templates inside
// strings, conditions, tree queries for tools, the function library, and safe evaluation.

export type {
  ArrayLiteralNode,
  BinaryNode,
  BinaryOperator,
  CallNode,
  ConditionalNode,
  Expr,
  ExprKind,
  IdentifierNode,
  IndexNode,
  InvalidNode,
  LiteralNode,
  LiteralValue,
  MemberNode,
  MissingNode,
  ObjectLiteralNode,
  ObjectProperty,
  UnaryNode,
  UnaryOperator,
} from './ast.ts';
export { childExpressions, pushChildExpressions } from './ast.ts';
export type { ExpressionError, ExpressionErrorCode } from './errors.ts';
export { ExpressionRuntimeError } from './errors.ts';
export { FORBIDDEN_NAMES, isForbiddenName } from './forbidden-names.ts';
export type { Token, TokenKind, TokenizeOptions, TokenizeResult } from './tokenize.ts';
export { tokenize } from './tokenize.ts';
export type { ParseResult } from './parse-expression.ts';
export { MAX_NESTING, MAX_TREE_HEIGHT, parseExpression } from './parse-expression.ts';
export type { TemplateExpressionSegment, TemplateSegment, TextSegment } from './templates.ts';
export { containsTemplate, findTemplateExpressions, findTemplates, isWholeTemplate, scanTemplates, templateSegment, type TemplateBounds } from './templates.ts';
export type { EvaluationContext } from './evaluation-context.ts';
export { evaluateExpression } from './evaluate.ts';
export type { ExpressionFunction, FunctionCallContext, FunctionParameter } from './functions.ts';
export { FUNCTIONS, FUNCTION_NAMES, arityProblem, isKnownFunction, lookupFunction } from './functions.ts';
export type { CompiledTemplate } from './render.ts';
export { clearTemplateCache, compileTemplateString, renderCompiledTemplate, renderDeep, renderTemplateString } from './render.ts';
export { compileCondition, evaluateCondition, evaluateConditionValue, parseCondition } from './condition.ts';
export type { ExpressionVisitor, ReferencePath, ReferenceSegment } from './references.ts';
export { collectReferences, expressionAt, expressionPathAt, walkExpression } from './references.ts';
export type { RootInfo } from './roots.ts';
export { EXPRESSION_ROOTS, STEP_RECORD_FIELDS, isRootName } from './roots.ts';
export { isTruthy, toText, valuesEqual } from './values.ts';
