// Reads the expression being typed at the cursor from the text alone: the enclosing `<<` on the
// line (or the start of a condition expression), then the member chain just before the cursor
// (`steps.fetch.output.` → root `steps`, segments `fetch`, `output`, partial ''). Works on any
// half-typed text because it only tokenizes what lies between the `<<` and the cursor.

import { tokenize, type Token } from '../../../runtime/src/expr/tokenize.ts';
import type { SourceRange } from '../../../runtime/src/language/source-range.ts';

export interface TemplateCursor {
  /** Where the expression text starts: just after `<<`, or the start of a condition. */
  expressionStart: number;
  /**
   * The completed names of the member chain before the cursor, root first: for
   * `steps.fetch.output.na|` it is `['steps', 'fetch', 'output']`. Empty when the cursor is
   * on a root or function name. Indexes (`[0]`) appear as numbers.
   */
  chain: (string | number)[];
  /** The word being typed (`na` above); '' right after a dot or an operator. */
  partial: string;
  /** Whether the word is a member (after a dot) rather than a root or a function. */
  member: boolean;
  /** The word under the cursor, to be replaced by a completion. */
  replace: SourceRange;
  /** True when the cursor is in a string literal or a number, where nothing is completed. */
  inLiteral: boolean;
}

/** The offset just after the `<<` that encloses `offset` on its line, or undefined. */
export function enclosingTemplateStart(text: string, offset: number): number | undefined {
  let lineStart = offset;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  const before = text.slice(lineStart, offset);
  const open = before.lastIndexOf('<<');
  if (open < 0) return undefined;
  if (before.indexOf('>>', open + 2) >= 0) return undefined;
  return lineStart + open + 2;
}

function isNameChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_$]/.test(ch);
}

/**
 * The cursor's place in the expression that starts at `expressionStart`. `condition` reads
 * `<<` and `>>` as brackets, as condition expressions do.
 */
export function templateCursorAt(text: string, expressionStart: number, offset: number, condition = false): TemplateCursor {
  const source = text.slice(expressionStart, offset);
  const { tokens } = tokenize(source, expressionStart, { templateBrackets: condition });
  const list: Token[] = tokens.filter((token) => token.kind !== 'eof');
  let end = offset;
  while (isNameChar(text[end])) end++;
  let index = list.length - 1;
  let partial = '';
  let replaceStart = offset;
  const last = list[index];
  if (last && last.range.end === offset) {
    if (last.kind === 'name') {
      partial = last.text;
      replaceStart = last.range.start;
      index--;
    } else if (last.kind === 'string' || last.kind === 'number' || last.kind === 'invalid') {
      return { expressionStart, chain: [], partial: '', member: false, replace: { start: offset, end: offset }, inLiteral: true };
    }
  }
  const result = (chain: (string | number)[], member: boolean): TemplateCursor => ({
    expressionStart,
    chain,
    partial,
    member,
    replace: { start: replaceStart, end },
    inLiteral: false,
  });
  const dot = list[index];
  if (!dot || dot.kind !== 'operator' || dot.text !== '.') return result([], false);
  // Walk the chain backwards: name (. name | [ literal ])* before the dot.
  const chain: (string | number)[] = [];
  let position = index - 1;
  for (;;) {
    const token = list[position];
    if (!token) return result([], true);
    if (token.kind === 'name') {
      chain.unshift(token.text);
      position--;
    } else if (token.kind === 'operator' && token.text === ']') {
      const literal = list[position - 1];
      const open = list[position - 2];
      if (!literal || !open || open.text !== '[' || (literal.kind !== 'number' && literal.kind !== 'string')) return result([], true);
      chain.unshift(literal.value);
      position -= 3;
      continue;
    } else {
      return result([], true);
    }
    const before = list[position];
    if (before && before.kind === 'operator' && before.text === '.') {
      position--;
      continue;
    }
    // The chain starts here; a `)` or a literal before a dot means a computed base we cannot follow.
    break;
  }
  return result(chain, true);
}
