// Parses one `<< >>` expression into a tree with exact ranges. It never throws: syntax faults are
// returned as errors next to a partial tree, so a half-typed `steps.` or `default(a, ` still
// gives the language server something to complete. Precedence follows JavaScript, with
// `contains`, `includes` and `in` at the relational level.

import type { SourceRange } from '../language/source-range.ts';
import type { BinaryOperator, Expr, MissingNode, ObjectProperty } from './ast.ts';
import { childExpressions } from './ast.ts';
import type { ExpressionError } from './errors.ts';
import { forbiddenNameMessage, isForbiddenName } from './forbidden-names.ts';
import type { Token, TokenKind } from './tokenize.ts';
import { Lexer } from './tokenize.ts';

export interface ParseResult {
  /** The tree, partial when there are errors; null when there is nothing to parse. */
  readonly ast: Expr | null;
  /** Syntax errors in source order, ranges in document offsets. */
  readonly errors: ExpressionError[];
}

/** Brackets, unary operators and call arguments nest at most this deep; beyond, parsing stops with an error. */
export const MAX_NESTING = 100;

/** Trees taller than this (e.g. a chain of hundreds of `+`) are refused, so walking them can never exhaust the stack. */
export const MAX_TREE_HEIGHT = 400;

const BINARY_PRECEDENCE = new Map<string, number>([
  ['||', 1],
  ['&&', 2],
  ['==', 3], ['!=', 3],
  ['<', 4], ['<=', 4], ['>', 4], ['>=', 4], ['contains', 4], ['includes', 4], ['in', 4],
  ['+', 5], ['-', 5],
  ['*', 6], ['/', 6], ['%', 6],
]);

const WORD_OPERATORS = new Set(['contains', 'includes', 'in']);

/** Parses `source`; ranges are `baseOffset` plus offsets into `source`. */
export function parseExpression(source: string, baseOffset = 0): ParseResult {
  return parseFrom(new Lexer(source, baseOffset, false));
}

/** Parses a condition's text, where `<<` and `>>` are grouping brackets (see condition.ts). */
export function parseConditionSource(source: string, baseOffset = 0): ParseResult {
  return parseFrom(new Lexer(source, baseOffset, true));
}

/** Parses an already tokenized expression. */
export function parseTokens(tokens: readonly Token[], lexErrors: readonly ExpressionError[]): ParseResult {
  return parseFrom(new TokenListCursor(tokens, lexErrors));
}

/** Where the parser reads tokens: the lexer itself, or a list `tokenize` made. */
interface TokenCursor {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  readonly value: string | number;
  /** Tokens read so far, the current one included; all of them once drained. */
  readonly count: number;
  readonly errors: readonly ExpressionError[];
  text(): string;
  advance(): void;
  drain(): void;
  isErrorAt(offset: number): boolean;
}

class TokenListCursor implements TokenCursor {
  kind: TokenKind;
  start: number;
  end: number;
  value: string | number;
  count = 1;
  readonly errors: readonly ExpressionError[];
  private readonly tokens: readonly Token[];
  private readonly errorStarts: Set<number>;
  private position = 0;

  constructor(tokens: readonly Token[], errors: readonly ExpressionError[]) {
    this.tokens = tokens;
    this.errors = errors;
    this.errorStarts = new Set(errors.map((error) => error.range.start));
    const first = tokens[0]!;
    this.kind = first.kind;
    this.start = first.range.start;
    this.end = first.range.end;
    this.value = first.value;
  }

  text(): string {
    return this.tokens[this.position]!.text;
  }

  advance(): void {
    if (this.kind === 'eof') return;
    const token = this.tokens[++this.position]!;
    this.kind = token.kind;
    this.start = token.range.start;
    this.end = token.range.end;
    this.value = token.value;
    this.count = this.position + 1;
  }

  drain(): void {
    while (this.kind !== 'eof') this.advance();
    this.count = this.tokens.length;
  }

  isErrorAt(offset: number): boolean {
    return this.errorStarts.has(offset);
  }
}

function parseFrom(cursor: TokenCursor): ParseResult {
  const parser = new Parser(cursor);
  let ast = parser.parseRoot();
  // Tokens the parser did not reach still count, and their faults are still reported.
  cursor.drain();
  const lexErrors = cursor.errors;
  // Most expressions have no errors at all: skip the copy and the sort for them.
  const errors = lexErrors.length === 0 ? parser.errors : parser.errors.length === 0 ? lexErrors.slice() : [...lexErrors, ...parser.errors];
  // A tree can only be taller than the token count, so short inputs skip the height check.
  if (ast !== null && cursor.count > MAX_TREE_HEIGHT && treeHeight(ast) > MAX_TREE_HEIGHT) {
    errors.push({ message: `expression is too complex (more than ${MAX_TREE_HEIGHT} levels deep)`, range: ast.range });
    ast = null;
  }
  if (errors.length > 1) errors.sort((a, b) => a.range.start - b.range.start);
  return { ast, errors };
}

/** Height without recursion: this runs exactly on the trees that could exhaust the stack. */
function treeHeight(root: Expr): number {
  let height = 0;
  const stack: Array<{ node: Expr; depth: number }> = [{ node: root, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > height) height = depth;
    for (const child of childExpressions(node)) stack.push({ node: child, depth: depth + 1 });
  }
  return height;
}

/**
 * The parser reads the current token from the cursor's fields. Ranges are made only where a node
 * or an error keeps one, so an expression costs its tree, not a token object per token.
 */
class Parser {
  readonly errors: ExpressionError[] = [];
  private readonly lex: TokenCursor;
  private depth = 0;
  /** Set when nesting went too deep: the rest is skipped and no further errors are reported. */
  private abandoned = false;
  private lastErrorStart = -1;
  /**
   * The extent of parenthesized nodes including their brackets. A group is not a node of its
   * own, but a parent's range must still cover `(a + b)` whole. Made on the first group only.
   */
  private groupRanges: WeakMap<Expr, SourceRange> | null = null;

  constructor(lex: TokenCursor) {
    this.lex = lex;
  }

  parseRoot(): Expr | null {
    if (this.lex.kind === 'eof') {
      this.error('empty expression', this.here());
      return null;
    }
    const ast = this.parseExpr();
    if (this.currentKind() !== 'eof') this.error(`unexpected ${this.describe()}`, this.here());
    return ast;
  }

  /** The current token's kind, read afresh (a cursor moves under the type checker's narrowing). */
  private currentKind(): TokenKind {
    return this.lex.kind;
  }

  /** The current token's range. */
  private here(): SourceRange {
    return { start: this.lex.start, end: this.lex.end };
  }

  private isOperator(text: string): boolean {
    return this.lex.kind === 'operator' && this.lex.value === text;
  }

  /** ", found X" for messages, nothing at the end of the text (where "found end of expression" reads oddly). */
  private found(): string {
    return this.lex.kind === 'eof' ? '' : `, found ${this.describe()}`;
  }

  private describe(): string {
    switch (this.lex.kind) {
      case 'eof':
        return 'end of expression';
      case 'string':
        return 'string';
      case 'number':
        return `number ${this.lex.text()}`;
      default:
        return `'${this.lex.text()}'`;
    }
  }

  /**
   * Cascading faults tend to land on the same token; only the first one there is worth showing.
   * A fault where the tokenizer already reported one is left to it (the parser's faults are at
   * tokens already read, so the tokenizer's faults there are known).
   */
  private error(message: string, range: SourceRange): void {
    if (this.abandoned || range.start === this.lastErrorStart || (this.lex.errors.length > 0 && this.lex.isErrorAt(range.start))) return;
    this.lastErrorStart = range.start;
    this.errors.push({ message, range });
  }

  /** The node's range, widened to its enclosing brackets when it was parenthesized. */
  private outer(node: Expr): SourceRange {
    return (this.groupRanges !== null && this.groupRanges.get(node)) || node.range;
  }

  private span(from: Expr, to: Expr): SourceRange {
    const start = this.outer(from).start;
    return { start, end: Math.max(start, this.outer(to).end) };
  }

  private missing(): MissingNode {
    const at = this.lex.start;
    return { kind: 'Missing', range: { start: at, end: at } };
  }

  private enter(): boolean {
    if (this.depth < MAX_NESTING) {
      this.depth++;
      return true;
    }
    if (!this.abandoned) {
      this.error(`expression is nested too deeply (more than ${MAX_NESTING} levels)`, this.here());
      this.abandoned = true;
      this.lex.drain();
    }
    return false;
  }

  private leave(): void {
    this.depth--;
  }

  private parseExpr(): Expr {
    return this.parseConditional();
  }

  private parseConditional(): Expr {
    const test = this.parseBinary(1);
    if (!this.isOperator('?')) return test;
    this.lex.advance();
    if (!this.enter()) return test;
    const consequent = this.parseConditional();
    let alternate: Expr;
    if (this.isOperator(':')) {
      this.lex.advance();
      alternate = this.parseConditional();
    } else {
      this.error(`expected ':' in a conditional expression${this.found()}`, this.here());
      alternate = this.missing();
    }
    this.leave();
    return { kind: 'Conditional', test, consequent, alternate, range: this.span(test, alternate) };
  }

  private binaryPrecedence(): number {
    const { kind, value } = this.lex;
    if (kind === 'operator') return BINARY_PRECEDENCE.get(value as string) ?? 0;
    if (kind === 'name' && WORD_OPERATORS.has(value as string)) return BINARY_PRECEDENCE.get(value as string)!;
    return 0;
  }

  /** Precedence climbing: loops for left-associative chains, recurses only for tighter operators. */
  private parseBinary(minPrecedence: number): Expr {
    let left = this.parseUnary();
    for (;;) {
      const precedence = this.binaryPrecedence();
      if (precedence === 0 || precedence < minPrecedence) return left;
      const operator = this.lex.value as BinaryOperator;
      const operatorRange = this.here();
      this.lex.advance();
      const right = this.parseBinary(precedence + 1);
      left = { kind: 'Binary', operator, operatorRange, left, right, range: this.span(left, right) };
    }
  }

  private parseUnary(): Expr {
    const { kind, value } = this.lex;
    if (kind === 'operator' && (value === '!' || value === '-' || value === '+')) {
      const operatorRange = this.here();
      this.lex.advance();
      if (!this.enter()) return this.missing();
      const operand = this.parseUnary();
      this.leave();
      return { kind: 'Unary', operator: value, operatorRange, operand, range: { start: operatorRange.start, end: this.outer(operand).end } };
    }
    return this.parsePostfix();
  }

  private parsePostfix(): Expr {
    let expr = this.parsePrimary();
    const lex = this.lex;
    for (;;) {
      if (lex.kind !== 'operator') return expr;
      const value = lex.value;
      if (value === '.') {
        const dotStart = lex.start;
        const dotEnd = lex.end;
        lex.advance();
        // Read again after moving on (the checks above narrowed the kind of the token before).
        const next = this.currentKind();
        if (next === 'name') {
          const name = lex.value as string;
          const nameRange = this.here();
          lex.advance();
          if (isForbiddenName(name)) this.error(forbiddenNameMessage(name), nameRange);
          expr = { kind: 'Member', object: expr, name, nameRange, range: { start: this.outer(expr).start, end: nameRange.end } };
          continue;
        }
        if (next === 'number') {
          // `items.0` is a common habit from other template languages: read it as `items[0]`.
          const text = lex.text();
          const number = lex.value;
          const range = this.here();
          lex.advance();
          this.error(`expected a property name after '.'; use [${text}] to index an array`, range);
          const index: Expr = { kind: 'Literal', value: number, range };
          expr = { kind: 'Index', object: expr, index, range: { start: this.outer(expr).start, end: range.end } };
          continue;
        }
        // A half-typed `steps.`: keep a member with an empty name right after the dot.
        this.error(`expected a property name after '.'`, { start: dotStart, end: dotEnd });
        return { kind: 'Member', object: expr, name: '', nameRange: { start: dotEnd, end: dotEnd }, range: { start: this.outer(expr).start, end: dotEnd } };
      }
      if (value === '[') {
        lex.advance();
        if (!this.enter()) return expr;
        const index = this.parseExpr();
        this.leave();
        if (index.kind === 'Literal' && typeof index.value === 'string' && isForbiddenName(index.value)) {
          this.error(forbiddenNameMessage(index.value), index.range);
        }
        let end = this.outer(index).end;
        if (this.isOperator(']')) {
          end = lex.end;
          lex.advance();
        } else {
          this.error(`missing ']' after the index${this.found()}`, this.here());
        }
        expr = { kind: 'Index', object: expr, index, range: { start: this.outer(expr).start, end } };
        continue;
      }
      if (value === '(') {
        this.error('only library functions can be called, as in lower(x)', this.here());
        return expr;
      }
      return expr;
    }
  }

  private parsePrimary(): Expr {
    const lex = this.lex;
    switch (lex.kind) {
      case 'number':
      case 'string': {
        const value = lex.value;
        const range = this.here();
        lex.advance();
        return { kind: 'Literal', value, range };
      }
      case 'name':
        return this.parseName();
      case 'invalid': {
        // The tokenizer already reported it; consuming it lets parsing go on.
        const range = this.here();
        lex.advance();
        return { kind: 'Invalid', range };
      }
      case 'open-template':
        return this.parseGroup('close-template', '>>');
      case 'operator':
        if (lex.value === '(') return this.parseGroup('operator', ')');
        if (lex.value === '[') return this.parseArray();
        if (lex.value === '{') return this.parseObject();
        break;
      default:
        break;
    }
    this.error(`expected an expression${this.found()}`, this.here());
    return this.missing();
  }

  private parseName(): Expr {
    const name = this.lex.value as string;
    if (WORD_OPERATORS.has(name)) {
      // Left unconsumed: the binary loop then reads it as the operator it is.
      this.error(`expected an expression before '${name}'`, this.here());
      return this.missing();
    }
    const range = this.here();
    this.lex.advance();
    if (name === 'true' || name === 'false') return { kind: 'Literal', value: name === 'true', range };
    if (name === 'null') return { kind: 'Literal', value: null, range };
    if (isForbiddenName(name)) this.error(forbiddenNameMessage(name), range);
    if (this.isOperator('(')) return this.parseCall(name, range);
    return { kind: 'Identifier', name, range };
  }

  private parseCall(name: string, nameRange: SourceRange): Expr {
    const lex = this.lex;
    let end = lex.end;
    lex.advance();
    const args: Expr[] = [];
    let closed = false;
    const callee = { name, range: nameRange };
    if (!this.enter()) return { kind: 'Call', callee, args, closed, range: { start: nameRange.start, end } };
    for (;;) {
      if (this.isOperator(')')) {
        end = lex.end;
        lex.advance();
        closed = true;
        break;
      }
      // An argument that is not there yet becomes a Missing node, so signature help can count it.
      const arg = this.parseExpr();
      args.push(arg);
      end = Math.max(end, this.outer(arg).end);
      if (this.isOperator(',')) {
        end = lex.end;
        lex.advance();
        continue;
      }
      if (this.isOperator(')')) continue;
      this.error(`missing ')' to close the call of ${callee.name}${this.found()}`, this.here());
      break;
    }
    this.leave();
    return { kind: 'Call', callee, args, closed, range: { start: nameRange.start, end } };
  }

  private parseGroup(closeKind: TokenKind, closeText: string): Expr {
    const lex = this.lex;
    const openText = lex.value as string;
    const openStart = lex.start;
    lex.advance();
    if (!this.enter()) return this.missing();
    const inner = this.parseExpr();
    this.leave();
    let end = this.outer(inner).end;
    if (lex.kind === closeKind && lex.value === closeText) {
      end = lex.end;
      lex.advance();
    } else {
      this.error(`missing '${closeText}' to match '${openText}'${this.found()}`, this.here());
    }
    (this.groupRanges ??= new WeakMap()).set(inner, { start: openStart, end });
    return inner;
  }

  private parseArray(): Expr {
    const lex = this.lex;
    const openStart = lex.start;
    let end = lex.end;
    lex.advance();
    const elements: Expr[] = [];
    if (!this.enter()) return { kind: 'ArrayLiteral', elements, range: { start: openStart, end } };
    for (;;) {
      if (this.isOperator(']')) {
        end = lex.end;
        lex.advance();
        break;
      }
      const element = this.parseExpr();
      elements.push(element);
      end = Math.max(end, this.outer(element).end);
      if (this.isOperator(',')) {
        end = lex.end;
        lex.advance();
        continue;
      }
      if (this.isOperator(']')) continue;
      this.error(`expected ',' or ']' in the array${this.found()}`, this.here());
      break;
    }
    this.leave();
    return { kind: 'ArrayLiteral', elements, range: { start: openStart, end } };
  }

  private parseObject(): Expr {
    const lex = this.lex;
    const openStart = lex.start;
    let end = lex.end;
    lex.advance();
    const properties: ObjectProperty[] = [];
    if (!this.enter()) return { kind: 'ObjectLiteral', properties, range: { start: openStart, end } };
    for (;;) {
      if (this.isOperator('}')) {
        end = lex.end;
        lex.advance();
        break;
      }
      if (lex.kind !== 'name' && lex.kind !== 'string' && lex.kind !== 'number') {
        this.error(`expected a property name or '}'${this.found()}`, this.here());
        break;
      }
      const key = String(lex.value);
      const keyRange = this.here();
      lex.advance();
      if (isForbiddenName(key)) this.error(forbiddenNameMessage(key), keyRange);
      end = keyRange.end;
      let value: Expr;
      if (this.isOperator(':')) {
        end = lex.end;
        lex.advance();
        value = this.parseExpr();
      } else {
        this.error(`expected ':' after the property name${this.found()}`, this.here());
        value = this.missing();
      }
      properties.push({ key, keyRange, value });
      end = Math.max(end, this.outer(value).end);
      if (this.isOperator(',')) {
        end = lex.end;
        lex.advance();
        continue;
      }
      if (this.isOperator('}')) continue;
      this.error(`expected ',' or '}' in the object${this.found()}`, this.here());
      break;
    }
    this.leave();
    return { kind: 'ObjectLiteral', properties, range: { start: openStart, end } };
  }
}
