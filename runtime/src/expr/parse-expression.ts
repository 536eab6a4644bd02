// Parses one `<< >>` expression into a tree with exact ranges. It never throws: syntax faults are
// returned as errors next to a partial tree, so a half-typed `steps.` or `default(a, ` still
// gives the language server something to complete. Precedence follows JavaScript, with
// `contains`, `includes` and `in` at the relational level.

import type { SourceRange } from '../language/source-range.ts';
import type { BinaryOperator, Expr, MissingNode, ObjectProperty, UnaryOperator } from './ast.ts';
import { childExpressions } from './ast.ts';
import type { ExpressionError } from './errors.ts';
import { forbiddenNameMessage, isForbiddenName } from './forbidden-names.ts';
import type { Token } from './tokenize.ts';
import { tokenize } from './tokenize.ts';

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
  const { tokens, errors } = tokenize(source, baseOffset);
  return parseTokens(tokens, errors);
}

/** Parses an already tokenized expression (condition mode tokenizes `<<`/`>>` as brackets first). */
export function parseTokens(tokens: readonly Token[], lexErrors: readonly ExpressionError[]): ParseResult {
  const parser = new Parser(tokens, lexErrors);
  let ast = parser.parseRoot();
  const errors = [...lexErrors, ...parser.errors];
  // A tree can only be taller than the token count, so short inputs skip the height check.
  if (ast !== null && tokens.length > MAX_TREE_HEIGHT && treeHeight(ast) > MAX_TREE_HEIGHT) {
    errors.push({ message: `expression is too complex (more than ${MAX_TREE_HEIGHT} levels deep)`, range: ast.range });
    ast = null;
  }
  errors.sort((a, b) => a.range.start - b.range.start);
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

/** ", found X" for messages, nothing at the end of the text (where "found end of expression" reads oddly). */
function found(token: Token): string {
  return token.kind === 'eof' ? '' : `, found ${describe(token)}`;
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'end of expression';
    case 'string':
      return 'string';
    case 'number':
      return `number ${token.text}`;
    default:
      return `'${token.text}'`;
  }
}

class Parser {
  readonly errors: ExpressionError[] = [];
  private readonly tokens: readonly Token[];
  private readonly lexErrorStarts: Set<number>;
  private pos = 0;
  private depth = 0;
  /** Set when nesting went too deep: the rest is skipped and no further errors are reported. */
  private abandoned = false;
  private lastErrorStart = -1;
  /**
   * The extent of parenthesized nodes including their brackets. A group is not a node of its
   * own, but a parent's range must still cover `(a + b)` whole.
   */
  private readonly groupRanges = new WeakMap<Expr, SourceRange>();

  constructor(tokens: readonly Token[], lexErrors: readonly ExpressionError[]) {
    this.tokens = tokens;
    this.lexErrorStarts = new Set(lexErrors.map((error) => error.range.start));
  }

  parseRoot(): Expr | null {
    const first = this.peek();
    if (first.kind === 'eof') {
      this.error('empty expression', first.range);
      return null;
    }
    const ast = this.parseExpr();
    const rest = this.peek();
    if (rest.kind !== 'eof') this.error(`unexpected ${describe(rest)}`, rest.range);
    return ast;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private next(): Token {
    const token = this.tokens[this.pos];
    if (token.kind !== 'eof') this.pos++;
    return token;
  }

  private isOperator(text: string): boolean {
    const token = this.tokens[this.pos];
    return token.kind === 'operator' && token.value === text;
  }

  /** Cascading faults tend to land on the same token; only the first one there is worth showing. */
  private error(message: string, range: SourceRange): void {
    if (this.abandoned || range.start === this.lastErrorStart || this.lexErrorStarts.has(range.start)) return;
    this.lastErrorStart = range.start;
    this.errors.push({ message, range });
  }

  /** The node's range, widened to its enclosing brackets when it was parenthesized. */
  private outer(node: Expr): SourceRange {
    return this.groupRanges.get(node) ?? node.range;
  }

  private span(from: Expr, to: Expr): SourceRange {
    const start = this.outer(from).start;
    return { start, end: Math.max(start, this.outer(to).end) };
  }

  private missing(): MissingNode {
    const at = this.peek().range.start;
    return { kind: 'Missing', range: { start: at, end: at } };
  }

  private enter(): boolean {
    if (this.depth < MAX_NESTING) {
      this.depth++;
      return true;
    }
    if (!this.abandoned) {
      this.error(`expression is nested too deeply (more than ${MAX_NESTING} levels)`, this.peek().range);
      this.abandoned = true;
      this.pos = this.tokens.length - 1;
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
    this.next();
    if (!this.enter()) return test;
    const consequent = this.parseConditional();
    let alternate: Expr;
    if (this.isOperator(':')) {
      this.next();
      alternate = this.parseConditional();
    } else {
      this.error(`expected ':' in a conditional expression${found(this.peek())}`, this.peek().range);
      alternate = this.missing();
    }
    this.leave();
    return { kind: 'Conditional', test, consequent, alternate, range: this.span(test, alternate) };
  }

  private binaryPrecedence(): number {
    const token = this.peek();
    if (token.kind === 'operator' || (token.kind === 'name' && WORD_OPERATORS.has(token.text))) {
      return BINARY_PRECEDENCE.get(token.text) ?? 0;
    }
    return 0;
  }

  /** Precedence climbing: loops for left-associative chains, recurses only for tighter operators. */
  private parseBinary(minPrecedence: number): Expr {
    let left = this.parseUnary();
    for (;;) {
      const precedence = this.binaryPrecedence();
      if (precedence === 0 || precedence < minPrecedence) return left;
      const operatorToken = this.next();
      const right = this.parseBinary(precedence + 1);
      left = {
        kind: 'Binary',
        operator: operatorToken.text as BinaryOperator,
        operatorRange: operatorToken.range,
        left,
        right,
        range: this.span(left, right),
      };
    }
  }

  private parseUnary(): Expr {
    const token = this.peek();
    if (token.kind === 'operator' && (token.value === '!' || token.value === '-' || token.value === '+')) {
      this.next();
      if (!this.enter()) return this.missing();
      const operand = this.parseUnary();
      this.leave();
      return { kind: 'Unary', operator: token.value as UnaryOperator, operatorRange: token.range, operand, range: { start: token.range.start, end: this.outer(operand).end } };
    }
    return this.parsePostfix();
  }

  private parsePostfix(): Expr {
    let expr = this.parsePrimary();
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'operator') return expr;
      if (token.value === '.') {
        this.next();
        const nameToken = this.peek();
        if (nameToken.kind === 'name') {
          this.next();
          if (isForbiddenName(nameToken.text)) this.error(forbiddenNameMessage(nameToken.text), nameToken.range);
          expr = { kind: 'Member', object: expr, name: nameToken.text, nameRange: nameToken.range, range: { start: this.outer(expr).start, end: nameToken.range.end } };
          continue;
        }
        if (nameToken.kind === 'number') {
          // `items.0` is a common habit from other template languages: read it as `items[0]`.
          this.next();
          this.error(`expected a property name after '.'; use [${nameToken.text}] to index an array`, nameToken.range);
          const index: Expr = { kind: 'Literal', value: nameToken.value, range: nameToken.range };
          expr = { kind: 'Index', object: expr, index, range: { start: this.outer(expr).start, end: nameToken.range.end } };
          continue;
        }
        // A half-typed `steps.`: keep a member with an empty name right after the dot.
        this.error(`expected a property name after '.'`, token.range);
        const at = token.range.end;
        return { kind: 'Member', object: expr, name: '', nameRange: { start: at, end: at }, range: { start: this.outer(expr).start, end: at } };
      }
      if (token.value === '[') {
        this.next();
        if (!this.enter()) return expr;
        const index = this.parseExpr();
        this.leave();
        if (index.kind === 'Literal' && typeof index.value === 'string' && isForbiddenName(index.value)) {
          this.error(forbiddenNameMessage(index.value), index.range);
        }
        let end = this.outer(index).end;
        if (this.isOperator(']')) end = this.next().range.end;
        else this.error(`missing ']' after the index${found(this.peek())}`, this.peek().range);
        expr = { kind: 'Index', object: expr, index, range: { start: this.outer(expr).start, end } };
        continue;
      }
      if (token.value === '(') {
        this.error('only library functions can be called, as in lower(x)', token.range);
        return expr;
      }
      return expr;
    }
  }

  private parsePrimary(): Expr {
    const token = this.peek();
    switch (token.kind) {
      case 'number':
      case 'string':
        this.next();
        return { kind: 'Literal', value: token.value, range: token.range };
      case 'name':
        return this.parseName();
      case 'invalid':
        // The tokenizer already reported it; consuming it lets parsing go on.
        this.next();
        return { kind: 'Invalid', range: token.range };
      case 'open-template':
        return this.parseGroup(token, 'close-template', '>>');
      case 'operator':
        if (token.value === '(') return this.parseGroup(token, 'operator', ')');
        if (token.value === '[') return this.parseArray();
        if (token.value === '{') return this.parseObject();
        break;
      default:
        break;
    }
    this.error(`expected an expression${found(token)}`, token.range);
    return this.missing();
  }

  private parseName(): Expr {
    const token = this.peek();
    const name = token.text;
    if (WORD_OPERATORS.has(name)) {
      // Left unconsumed: the binary loop then reads it as the operator it is.
      this.error(`expected an expression before '${name}'`, token.range);
      return this.missing();
    }
    this.next();
    if (name === 'true' || name === 'false') return { kind: 'Literal', value: name === 'true', range: token.range };
    if (name === 'null') return { kind: 'Literal', value: null, range: token.range };
    if (isForbiddenName(name)) this.error(forbiddenNameMessage(name), token.range);
    if (this.isOperator('(')) return this.parseCall(token);
    return { kind: 'Identifier', name, range: token.range };
  }

  private parseCall(nameToken: Token): Expr {
    const open = this.next();
    const args: Expr[] = [];
    let end = open.range.end;
    let closed = false;
    const callee = { name: nameToken.text, range: nameToken.range };
    if (!this.enter()) return { kind: 'Call', callee, args, closed, range: { start: nameToken.range.start, end } };
    for (;;) {
      if (this.isOperator(')')) {
        end = this.next().range.end;
        closed = true;
        break;
      }
      // An argument that is not there yet becomes a Missing node, so signature help can count it.
      const arg = this.parseExpr();
      args.push(arg);
      end = Math.max(end, this.outer(arg).end);
      if (this.isOperator(',')) {
        end = this.next().range.end;
        continue;
      }
      if (this.isOperator(')')) continue;
      this.error(`missing ')' to close the call of ${callee.name}${found(this.peek())}`, this.peek().range);
      break;
    }
    this.leave();
    return { kind: 'Call', callee, args, closed, range: { start: nameToken.range.start, end } };
  }

  private parseGroup(open: Token, closeKind: Token['kind'], closeText: string): Expr {
    this.next();
    if (!this.enter()) return this.missing();
    const inner = this.parseExpr();
    this.leave();
    const close = this.peek();
    let end = this.outer(inner).end;
    if (close.kind === closeKind && close.text === closeText) end = this.next().range.end;
    else this.error(`missing '${closeText}' to match '${open.text}'${found(close)}`, close.range);
    this.groupRanges.set(inner, { start: open.range.start, end });
    return inner;
  }

  private parseArray(): Expr {
    const open = this.next();
    const elements: Expr[] = [];
    let end = open.range.end;
    if (!this.enter()) return { kind: 'ArrayLiteral', elements, range: open.range };
    for (;;) {
      if (this.isOperator(']')) {
        end = this.next().range.end;
        break;
      }
      const element = this.parseExpr();
      elements.push(element);
      end = Math.max(end, this.outer(element).end);
      if (this.isOperator(',')) {
        end = this.next().range.end;
        continue;
      }
      if (this.isOperator(']')) continue;
      this.error(`expected ',' or ']' in the array${found(this.peek())}`, this.peek().range);
      break;
    }
    this.leave();
    return { kind: 'ArrayLiteral', elements, range: { start: open.range.start, end } };
  }

  private parseObject(): Expr {
    const open = this.next();
    const properties: ObjectProperty[] = [];
    let end = open.range.end;
    if (!this.enter()) return { kind: 'ObjectLiteral', properties, range: open.range };
    for (;;) {
      if (this.isOperator('}')) {
        end = this.next().range.end;
        break;
      }
      const keyToken = this.peek();
      if (keyToken.kind !== 'name' && keyToken.kind !== 'string' && keyToken.kind !== 'number') {
        this.error(`expected a property name or '}'${found(keyToken)}`, keyToken.range);
        break;
      }
      this.next();
      const key = String(keyToken.value);
      if (isForbiddenName(key)) this.error(forbiddenNameMessage(key), keyToken.range);
      end = keyToken.range.end;
      let value: Expr;
      if (this.isOperator(':')) {
        end = this.next().range.end;
        value = this.parseExpr();
      } else {
        this.error(`expected ':' after the property name${found(this.peek())}`, this.peek().range);
        value = this.missing();
      }
      properties.push({ key, keyRange: keyToken.range, value });
      end = Math.max(end, this.outer(value).end);
      if (this.isOperator(',')) {
        end = this.next().range.end;
        continue;
      }
      if (this.isOperator('}')) continue;
      this.error(`expected ',' or '}' in the object${found(this.peek())}`, this.peek().range);
      break;
    }
    this.leave();
    return { kind: 'ObjectLiteral', properties, range: { start: open.range.start, end } };
  }
}
