// A single-pass scanner for the plain YAML subset that workflow files use. It follows the `yaml`
// library's Lexer state by state (stream, line start, block start, document, flow, quoted, block
// and plain scalars), but writes the tokens straight into the typed arrays the fast tree builder
// reads, with no generator, no substrings and no per-token strings. Whenever the Lexer would emit
// a lexeme outside that subset (tags, anchors, aliases, directives, `?` keys, document ends, the
// byte order mark, tabs in separating space, flow errors), meets what the tree builder refuses
// anyway (comments in flow collections, unterminated quotes or flows, unusual block scalar
// headers), or the input holds a lone carriage return, it declines and the caller falls back to
// the Lexer itself. The differential test (test/runtime/language/yaml-scanner.test.ts) holds its
// tokens equal to the Lexer's and its trees to the full parser's.

import {
  BLOCK_BODY,
  BLOCK_HEADER,
  COMMA,
  COMMENT,
  DOC_MODE,
  DOC_START,
  DOUBLE_QUOTED,
  END_OF_INPUT,
  FLOW_MAP_END,
  FLOW_MAP_START,
  FLOW_SEQ_END,
  FLOW_SEQ_START,
  MAP_VALUE,
  NEWLINE,
  PLAIN,
  SEQ_ITEM,
  SINGLE_QUOTED,
  SPACE,
  type YamlTokens,
} from './yaml-tokens.ts';
import { decline, unlessDeclined } from './decline.ts';

/** Scans `text` into the Lexer's tokens, or returns undefined when the Lexer must do it. Never throws. */
export function scanYaml(text: string): YamlTokens | undefined {
  if (hasLoneCarriageReturn(text)) return undefined;
  return unlessDeclined(() => new YamlScanner(text).scan());
}

// Character codes.
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE_CHAR = 32;
const DOUBLE_QUOTE = 34;
const HASH = 35;
const AMPERSAND = 38;
const SINGLE_QUOTE = 39;
const STAR = 42;
const PLUS = 43;
const COMMA_CHAR = 44;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const GREATER = 62;
const QUESTION = 63;
const BANG = 33;
const PERCENT = 37;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const PIPE = 124;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const BYTE_ORDER_MARK = 0xfeff;

// The Lexer's states that a step can hand on to; scalars are only ever entered directly.
const STREAM = 0;
const BLOCK_START = 1;
const DOC = 2;
const FLOW = 3;

/** The Lexer's `isEmpty`: a space, a tab, a line break or the end of the input (NaN or -1). */
function isEmpty(code: number): boolean {
  return code === SPACE_CHAR || code === LF || code === CR || code === TAB || code === -1 || code !== code;
}

// What a character can do to a plain scalar, for its hot loop: nothing (most characters), end it
// if a blank follows (`:`), end it in flow collections (`,[]{}`), or be a blank itself.
const ORDINARY = 0;
const COLON_CLASS = 1;
const FLOW_CLASS = 2;
const BLANK_CLASS = 3;
const PLAIN_CLASS = new Uint8Array(128);
PLAIN_CLASS[COLON] = COLON_CLASS;
for (const code of [COMMA_CHAR, OPEN_BRACKET, CLOSE_BRACKET, OPEN_BRACE, CLOSE_BRACE]) PLAIN_CLASS[code] = FLOW_CLASS;
for (const code of [SPACE_CHAR, TAB, LF, CR]) PLAIN_CLASS[code] = BLANK_CLASS;

function isFlowIndicator(code: number): boolean {
  return code === COMMA_CHAR || code === OPEN_BRACKET || code === CLOSE_BRACKET || code === OPEN_BRACE || code === CLOSE_BRACE;
}

/** A carriage return not followed by a line feed: the Lexer treats it unevenly, so the Lexer should. */
function hasLoneCarriageReturn(text: string): boolean {
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== LF) return true;
  return false;
}

class YamlScanner {
  private readonly text: string;
  private readonly length: number;
  private pos = 0;

  // The Lexer's own state, under its names.
  private indentNext = 0;
  private indentValue = 0;
  private flowKey = false;
  private flowLevel = 0;
  private blockScalarIndent = -1;
  private blockScalarKeep = false;
  /** Where the line holding `pos` ends (before `\r\n` or `\n`); -1 until looked up. */
  private lineEndAt = -1;
  /** The `\n` the cached line end was found from, or the text length. */
  private newlineAt = -1;

  // The token arrays and the indentation bookkeeping of tokenizeYaml.
  private capacity: number;
  private kinds: Uint8Array;
  private starts: Int32Array;
  private indents: Int32Array;
  private count = 0;
  private indent = 0;
  private atNewLine = true;
  private previousKind = -1;

  constructor(text: string) {
    this.text = text;
    this.length = text.length;
    // Workflow files run at about one token per four characters; growing is the rare case.
    this.capacity = Math.max(64, ((text.length / 3) | 0) + 16);
    this.kinds = new Uint8Array(this.capacity);
    this.starts = new Int32Array(this.capacity);
    this.indents = new Int32Array(this.capacity);
  }

  scan(): YamlTokens {
    this.run();
    // An unclosed flow collection is an error the library reports.
    if (this.flowLevel > 0) decline();
    return this.finish();
  }

  /** The Lexer's main loop. Kept apart from `finish`, so the optimized loop never meets code it has no feedback for. */
  private run(): void {
    const length = this.length;
    let state = STREAM;
    while (this.pos < length) {
      if (state === DOC) state = this.parseDocument();
      else if (state === FLOW) state = this.parseFlowCollection();
      else if (state === BLOCK_START) state = this.parseBlockStart();
      else state = this.parseStream();
    }
  }

  /** Appends the END_OF_INPUT token, indented less than anything, so the builder can look ahead freely. */
  private finish(): YamlTokens {
    this.ensureCapacity(this.count + 2);
    const { count, kinds, starts, indents, length } = this;
    kinds[count] = END_OF_INPUT;
    starts[count] = length;
    starts[count + 1] = length;
    indents[count] = -1;
    return { count, kinds, starts, ends: starts.subarray(1), indents, text: this.text };
  }

  /** The character code at `i`, or -1 outside the text (which isEmpty takes as the end). */
  private at(i: number): number {
    // Checked here, as reading past either end makes the engine fall back to a slower read.
    return i >>> 0 < this.length ? this.text.charCodeAt(i) : -1;
  }

  /** The Lexer's `getLine` end: the next `\n`, less a `\r` before it, or the end of the input. */
  private lineEnd(): number {
    const pos = this.pos;
    this.nextNewline(pos);
    // Only reachable if a `\r` were consumed apart from its `\n`; the Lexer's answer would be odd.
    if (this.lineEndAt < pos) decline();
    return this.lineEndAt;
  }

  /**
   * The first `\n` at or after `from` (which never moves backwards), or the text length. It is
   * remembered, so that the many tokens of one long line (a minified JSON file) do not each
   * search to its end, which would take time quadratic in the line's length.
   */
  private nextNewline(from: number): number {
    if (this.newlineAt < from || this.lineEndAt < 0) {
      let newline = this.text.indexOf('\n', from);
      if (newline === -1) newline = this.length;
      this.newlineAt = newline;
      this.lineEndAt = newline < this.length && newline > 0 && this.text.charCodeAt(newline - 1) === CR ? newline - 1 : newline;
    }
    return this.newlineAt;
  }

  private ensureCapacity(needed: number): void {
    if (needed <= this.capacity) return;
    while (this.capacity < needed) this.capacity *= 2;
    const kinds = new Uint8Array(this.capacity);
    kinds.set(this.kinds);
    this.kinds = kinds;
    const starts = new Int32Array(this.capacity);
    starts.set(this.starts);
    this.starts = starts;
    const indents = new Int32Array(this.capacity);
    indents.set(this.indents);
    this.indents = indents;
  }

  /** Records a token of `length` characters at `pos` and moves past it, as tokenizeYaml does. */
  private push(kind: number, length: number): void {
    if (kind === COMMENT) {
      // The library reports a comment that touches what precedes it.
      const previous = this.previousKind;
      if (previous !== -1 && previous !== SPACE && previous !== NEWLINE) decline();
    }
    const count = this.count;
    if (count + 2 >= this.capacity) this.ensureCapacity(count + 3);
    this.kinds[count] = kind;
    this.starts[count] = this.pos;
    this.indents[count] = this.indent;
    this.count = count + 1;
    this.previousKind = kind;
    switch (kind) {
      case DOC_MODE:
        return;
      case NEWLINE:
        this.atNewLine = true;
        this.indent = 0;
        break;
      case SPACE:
      case SEQ_ITEM:
      case MAP_VALUE:
        if (this.atNewLine) this.indent += length;
        break;
      case BLOCK_BODY:
        // A block scalar's body ends at the start of a line.
        this.atNewLine = true;
        this.indent = 0;
        break;
      default:
        this.atNewLine = false;
    }
    this.pos += length;
  }

  /** The Lexer's `pushSpaces`; separating space with a tab in it is left to the Lexer. */
  private pushSpaces(allowTabs: boolean): number {
    const { text, pos: start } = this;
    let i = start;
    // Past the end, charCodeAt gives NaN, which stops the loop.
    while (text.charCodeAt(i) === SPACE_CHAR) i++;
    if (allowTabs && text.charCodeAt(i) === TAB) decline();
    const n = i - start;
    if (n > 0) this.push(SPACE, n);
    return n;
  }

  private pushNewline(): number {
    const code = this.at(this.pos);
    if (code === LF) {
      this.push(NEWLINE, 1);
      return 1;
    }
    if (code === CR && this.at(this.pos + 1) === LF) {
      this.push(NEWLINE, 2);
      return 2;
    }
    return 0;
  }

  /** The Lexer's `atLineEnd`: only spaces and tabs before a comment, a line break or the end. */
  private atLineEnd(): boolean {
    let i = this.pos;
    let code = this.at(i);
    while (code === SPACE_CHAR || code === TAB) code = this.at(++i);
    if (code === -1 || code === HASH || code === LF) return true;
    return code === CR && this.at(i + 1) === LF;
  }

  /** Comment and blank lines before the document, or the start of the document. */
  private parseStream(): number {
    const first = this.at(this.pos);
    if (first === BYTE_ORDER_MARK || first === PERCENT) decline();
    if (this.atLineEnd()) {
      this.pushSpaces(true);
      const rest = this.lineEnd() - this.pos;
      if (rest > 0) this.push(COMMENT, rest);
      this.pushNewline();
      return STREAM;
    }
    this.push(DOC_MODE, 0);
    return this.parseLineStart();
  }

  private parseLineStart(): number {
    const code = this.at(this.pos);
    if ((code === DASH || code === DOT) && this.at(this.pos + 1) === code && this.at(this.pos + 2) === code && isEmpty(this.at(this.pos + 3))) {
      // `...` ends a document; `---` is supported only as the first line of the single document.
      if (code === DOT || this.previousKind !== DOC_MODE) decline();
      this.push(DOC_START, 3);
      this.indentValue = 0;
      this.indentNext = 0;
      return DOC;
    }
    this.indentValue = this.pushSpaces(false);
    // The Lexer looks at the character after the first one here; so do we, to stay in step.
    if (this.indentNext > this.indentValue && !isEmpty(this.at(this.pos + 1))) this.indentNext = this.indentValue;
    return this.parseBlockStart();
  }

  private parseBlockStart(): number {
    const code = this.at(this.pos);
    if ((code === DASH || code === QUESTION || code === COLON) && isEmpty(this.at(this.pos + 1))) {
      // Explicit keys, and values without keys, are left to the Lexer.
      if (code !== DASH) decline();
      this.push(SEQ_ITEM, 1);
      const n = 1 + this.pushSpaces(true);
      this.indentNext = this.indentValue + 1;
      this.indentValue += n;
      return BLOCK_START;
    }
    return DOC;
  }

  private parseDocument(): number {
    this.pushSpaces(true);
    const lineEnd = this.lineEnd();
    this.pushIndicators();
    const code = this.pos < lineEnd ? this.at(this.pos) : -1;
    switch (code) {
      case HASH:
        this.push(COMMENT, lineEnd - this.pos);
        this.pushNewline();
        return this.parseLineStart();
      case -1:
        this.pushNewline();
        return this.parseLineStart();
      case OPEN_BRACE:
      case OPEN_BRACKET:
        this.push(code === OPEN_BRACE ? FLOW_MAP_START : FLOW_SEQ_START, 1);
        this.flowKey = false;
        this.flowLevel = 1;
        return FLOW;
      case CLOSE_BRACE:
      case CLOSE_BRACKET:
      case STAR:
        return decline();
      case DOUBLE_QUOTE:
      case SINGLE_QUOTE:
        return this.parseQuotedScalar();
      case PIPE:
      case GREATER: {
        this.parseBlockScalarHeader();
        this.pushSpaces(true);
        const rest = lineEnd - this.pos;
        if (rest > 0) {
          if (this.at(this.pos) !== HASH) decline();
          this.push(COMMENT, rest);
        }
        this.pushNewline();
        return this.parseBlockScalar();
      }
      default:
        return this.parsePlainScalar();
    }
  }

  private parseFlowCollection(): number {
    let indent = -1;
    for (;;) {
      const newline = this.pushNewline();
      let spaces = 0;
      if (newline > 0) {
        spaces = this.pushSpaces(false);
        this.indentValue = indent = spaces;
      }
      spaces += this.pushSpaces(true);
      if (newline + spaces === 0) break;
    }
    const lineEnd = this.lineEnd();
    const pos = this.pos;
    const first = pos < lineEnd ? this.at(pos) : -1;
    if (
      (indent !== -1 && indent < this.indentNext && first !== HASH) ||
      (indent === 0 && (first === DASH || first === DOT) && pos + 3 <= lineEnd && this.at(pos + 1) === first && this.at(pos + 2) === first && isEmpty(this.at(pos + 3)))
    ) {
      // A flow collection cut short by a less indented line or a document marker is an error,
      // except for its closing bracket one column left of the required indentation.
      const atFlowEndMarker = indent === this.indentNext - 1 && this.flowLevel === 1 && (first === CLOSE_BRACKET || first === CLOSE_BRACE);
      if (!atFlowEndMarker) decline();
    }
    while (this.at(this.pos) === COMMA_CHAR) {
      this.push(COMMA, 1);
      this.pushSpaces(true);
      this.flowKey = false;
    }
    this.pushIndicators();
    const code = this.pos < lineEnd ? this.at(this.pos) : -1;
    switch (code) {
      case -1:
        return FLOW;
      case HASH:
      case STAR:
        // Comments inside flow collections are left to the library.
        return decline();
      case OPEN_BRACE:
      case OPEN_BRACKET:
        this.push(code === OPEN_BRACE ? FLOW_MAP_START : FLOW_SEQ_START, 1);
        this.flowKey = false;
        this.flowLevel += 1;
        return FLOW;
      case CLOSE_BRACE:
      case CLOSE_BRACKET:
        this.push(code === CLOSE_BRACE ? FLOW_MAP_END : FLOW_SEQ_END, 1);
        this.flowKey = true;
        this.flowLevel -= 1;
        return this.flowLevel > 0 ? FLOW : DOC;
      case DOUBLE_QUOTE:
      case SINGLE_QUOTE:
        this.flowKey = true;
        return this.parseQuotedScalar();
      case COLON: {
        const next = this.at(this.pos + 1);
        if (this.flowKey || isEmpty(next) || next === COMMA_CHAR) {
          this.flowKey = false;
          this.push(MAP_VALUE, 1);
          this.pushSpaces(true);
          return FLOW;
        }
        this.flowKey = false;
        return this.parsePlainScalar();
      }
      default:
        this.flowKey = false;
        return this.parsePlainScalar();
    }
  }

  /** The Lexer's `pushIndicators`, where only the `:` value indicator is in the subset. */
  private pushIndicators(): void {
    for (;;) {
      const code = this.at(this.pos);
      if (code === BANG || code === AMPERSAND) decline();
      if (code !== DASH && code !== QUESTION && code !== COLON) return;
      const inFlow = this.flowLevel > 0;
      const next = this.at(this.pos + 1);
      if (!(isEmpty(next) || (inFlow && isFlowIndicator(next)))) return;
      if (code !== COLON) decline();
      if (!inFlow) this.indentNext = this.indentValue + 1;
      else if (this.flowKey) this.flowKey = false;
      this.push(MAP_VALUE, 1);
      this.pushSpaces(true);
    }
  }

  /** The Lexer's `continueScalar`: where a scalar's next line continues, or -1 if it does not. */
  private continueScalar(offset: number): number {
    let code = this.at(offset);
    if (this.indentNext > 0) {
      let indent = 0;
      while (code === SPACE_CHAR) code = this.at(++indent + offset);
      if (code === CR && this.at(indent + offset + 1) === LF) return offset + indent + 1;
      return code === LF || indent >= this.indentNext ? offset + indent : -1;
    }
    if ((code === DASH || code === DOT) && this.at(offset + 1) === code && this.at(offset + 2) === code && isEmpty(this.at(offset + 3))) return -1;
    return offset;
  }

  private parseQuotedScalar(): number {
    const { text } = this;
    const start = this.pos;
    const quote = this.at(start);
    let end: number;
    if (quote === SINGLE_QUOTE) {
      end = text.indexOf("'", start + 1);
      while (end !== -1 && this.at(end + 1) === SINGLE_QUOTE) end = text.indexOf("'", end + 2);
    } else {
      end = text.indexOf('"', start + 1);
      while (end !== -1) {
        let backslashes = 0;
        while (this.at(end - 1 - backslashes) === BACKSLASH) backslashes += 1;
        if (backslashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
    }
    // An unterminated string, or one cut short by a less indented line, is an error.
    if (end === -1) decline();
    let newline = this.nextNewline(start);
    while (newline !== -1 && newline < end) {
      const resumes = this.continueScalar(newline + 1);
      if (resumes === -1) decline();
      newline = text.indexOf('\n', resumes);
    }
    this.push(quote === SINGLE_QUOTE ? SINGLE_QUOTED : DOUBLE_QUOTED, end + 1 - start);
    return this.flowLevel > 0 ? FLOW : DOC;
  }

  /** `|` or `>` with at most one indentation digit and one chomping indicator; others are left to the Lexer. */
  private parseBlockScalarHeader(): void {
    const start = this.pos;
    let digits = 0;
    let chomping = 0;
    this.blockScalarIndent = -1;
    this.blockScalarKeep = false;
    let i = start + 1;
    for (; ; i++) {
      const code = this.at(i);
      if (code === PLUS || code === DASH) {
        chomping++;
        if (code === PLUS) this.blockScalarKeep = true;
      } else if (code > 48 && code <= 57) {
        digits++;
        this.blockScalarIndent = code - 49;
      } else {
        break;
      }
    }
    if (digits > 1 || chomping > 1 || !(isEmpty(this.at(i)) || this.at(i) === HASH)) decline();
    this.push(BLOCK_HEADER, i - start);
  }

  /** The Lexer's `parseBlockScalar`: the body up to the first line indented less than it. */
  private parseBlockScalar(): number {
    const { text } = this;
    const start = this.pos;
    let newline = start - 1;
    let indent = 0;
    let i = start;
    for (; ; i++) {
      const code = this.at(i);
      if (code === SPACE_CHAR) indent += 1;
      else if (code === LF) {
        newline = i;
        indent = 0;
      } else if (code !== CR || this.at(i + 1) !== LF) break;
    }
    if (indent >= this.indentNext) {
      if (this.blockScalarIndent === -1) this.indentNext = indent;
      else this.indentNext = this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
      do {
        const resumes = this.continueScalar(newline + 1);
        if (resumes === -1) break;
        newline = text.indexOf('\n', resumes);
      } while (newline !== -1);
      if (newline === -1) newline = this.length;
    }
    i = newline + 1;
    let code = this.at(i);
    while (code === SPACE_CHAR) code = this.at(++i);
    // A tab after the body is an error the library finds by including it in the body.
    if (code === TAB) decline();
    if (!this.blockScalarKeep) {
      // Trailing lines that are blank, or indented no deeper than the body, are not part of it.
      for (;;) {
        let j = newline - 1;
        let c = this.at(j);
        if (c === CR) c = this.at(--j);
        const lastChar = j;
        while (c === SPACE_CHAR) c = this.at(--j);
        if (c === LF && j >= start && j + 1 + indent > lastChar) newline = j;
        else break;
      }
    }
    this.push(BLOCK_BODY, Math.min(newline + 1, this.length) - start);
    return this.parseLineStart();
  }

  /** The Lexer's `parsePlainScalar`, which may run over several lines. */
  private parsePlainScalar(): number {
    const { text, length } = this;
    const inFlow = this.flowLevel > 0;
    const start = this.pos;
    let end = start - 1;
    let i = start - 1;
    while (++i < length) {
      let code = text.charCodeAt(i);
      const kind = code < 128 ? PLAIN_CLASS[code]! : ORDINARY;
      if (kind === ORDINARY) {
        end = i;
      } else if (kind === FLOW_CLASS) {
        if (inFlow) break;
        end = i;
      } else if (kind === COLON_CLASS) {
        const next = text.charCodeAt(i + 1);
        if (isEmpty(next) || (inFlow && isFlowIndicator(next))) break;
        end = i;
      } else {
        let next = text.charCodeAt(i + 1);
        if (code === CR) {
          // Lone carriage returns were ruled out before scanning.
          i += 1;
          code = LF;
          next = text.charCodeAt(i + 1);
        }
        if (next === HASH || (inFlow && isFlowIndicator(next))) break;
        if (code === LF) {
          const resumes = this.continueScalar(i + 1);
          if (resumes === -1) break;
          i = Math.max(i, resumes - 2);
        }
      }
    }
    // The Lexer never starts a plain scalar where it would end at once; be sure of it.
    if (end < start) decline();
    this.push(PLAIN, end + 1 - start);
    return inFlow ? FLOW : DOC;
  }
}
