// Converts offsets to line/column pairs and back. Built once per document text; lookups are a
// binary search, so converting thousands of diagnostics stays cheap. The line starts are found
// on first use: analysing a file without findings or suppressions never needs them.

/** A zero-based line and a zero-based UTF-16 column (the LSP convention). */
export interface LineColumn {
  line: number;
  character: number;
}

export class LineIndex {
  private starts: number[] | undefined;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  /** Offsets where lines start: after `\n`, `\r\n` or a lone `\r`. */
  private get lineStarts(): number[] {
    return (this.starts ??= findLineStarts(this.text));
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): LineColumn {
    const lineStarts = this.lineStarts;
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    const character = clamped - lineStarts[low]!;
    // Between the `\r` and `\n` of a line break is no position at all: it counts as before the
    // break, as the LSP library's TextDocument has it, so both convert every offset alike.
    if (character > 0 && this.text.charCodeAt(clamped) === 10 && this.text.charCodeAt(clamped - 1) === 13) return { line: low, character: character - 1 };
    return { line: low, character };
  }

  offsetAt(position: LineColumn): number {
    const lineStarts = this.lineStarts;
    if (position.line < 0) return 0;
    if (position.line >= lineStarts.length) return this.text.length;
    const lineStart = lineStarts[position.line]!;
    const nextStart = position.line + 1 < lineStarts.length ? lineStarts[position.line + 1]! : this.text.length;
    return Math.min(lineStart + Math.max(0, position.character), nextStart);
  }

  /** The offset where a zero-based line starts. */
  lineStart(line: number): number {
    const lineStarts = this.lineStarts;
    return lineStarts[Math.max(0, Math.min(line, lineStarts.length - 1))]!;
  }

  /** The text of a zero-based line, without its line break. */
  lineText(line: number): string {
    const lineStarts = this.lineStarts;
    const start = this.lineStart(line);
    const end = line + 1 < lineStarts.length ? lineStarts[line + 1]! : this.text.length;
    return this.text.slice(start, end).replace(/\r?\n$|\r$/, '');
  }
}

function findLineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    // The common case: the engine's own search finds each `\n` far faster than a loop in script.
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 /* \n */) starts.push(i + 1);
    else if (ch === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}
