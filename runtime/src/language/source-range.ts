// Source positions as UTF-16 offsets into the file's text. Offsets are what the parser and the
// analyzer speak; lines and columns are computed only at the edges (CLI, LSP, DAP).

/** A half-open range `[start, end)` of UTF-16 offsets into a document's text. */
export interface SourceRange {
  readonly start: number;
  readonly end: number;
}

export function rangeOf(start: number, end: number): SourceRange {
  return { start, end: Math.max(start, end) };
}

/** The range of anything that has a start and an end (a YAML node or pair), as a range of its own. */
export function spanOf(spanned: { readonly start: number; readonly end: number }): SourceRange {
  return { start: spanned.start, end: spanned.end };
}

export function rangeContains(range: SourceRange, offset: number): boolean {
  return offset >= range.start && offset <= range.end;
}

/** Moves a range found in a substring to the coordinates of the whole text. */
export function shiftRange(range: SourceRange, by: number): SourceRange {
  return { start: range.start + by, end: range.end + by };
}
