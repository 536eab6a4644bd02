// Conversions between the analyzer's UTF-16 offsets and LSP positions and ranges. The analyzer
// speaks offsets; the protocol speaks lines and characters. Both count UTF-16 code units, so a
// TextDocument of the same text converts exactly.

import type { Position, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SourceRange } from '../../../runtime/src/language/source-range.ts';

/** Turns offsets into positions: a TextDocument, or the analyzer's LineIndex of the same text. */
export interface OffsetPositions {
  positionAt(offset: number): Position;
}

export function toLspRange(positions: OffsetPositions, range: SourceRange): Range {
  return { start: positions.positionAt(range.start), end: positions.positionAt(range.end) };
}

export function toSourceRange(document: TextDocument, range: Range): SourceRange {
  return { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
}

/** The offsets where the line holding `offset` starts and ends (line break excluded). */
export function lineBoundsAt(text: string, offset: number): { start: number; end: number } {
  let start = offset;
  while (start > 0 && text.charCodeAt(start - 1) !== 10 && text.charCodeAt(start - 1) !== 13) start--;
  let end = offset;
  while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
  return { start, end };
}
