// An open document under a stream of incremental edits. A user typing (or an editor replaying a
// paste character by character) sends one `didChange` per keystroke; applying each to the whole
// text copies the text and shifts the line table every time (about 0.2 ms at 1000 steps, 1 ms at
// 5000). Edits that stay on one line are kept instead as one pending replacement of a stretch of
// that line, and applied to the text once, when someone reads it. Offsets of every edit are
// still reported exactly, in the coordinates of the text before it.

import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** One applied change, in offsets of the text before it. */
export interface AppliedChange {
  start: number;
  end: number;
  insertedLength: number;
}

/** Characters [startChar, endChar) of line `line` of the applied text, replaced by `text`. */
interface PendingLineEdit {
  line: number;
  lineStart: number;
  /** The line's length in the applied text, without its line break. */
  baseLength: number;
  startChar: number;
  endChar: number;
  text: string;
}

export class EditedDocument {
  private applied: TextDocument;
  private pending: PendingLineEdit | undefined;
  private currentVersion: number;

  constructor(document: TextDocument) {
    this.applied = document;
    this.currentVersion = document.version;
  }

  get uri(): string {
    return this.applied.uri;
  }

  get version(): number {
    return this.currentVersion;
  }

  /** The document as it is now (the pending line edit applied). */
  document(): TextDocument {
    this.applyPending();
    return this.applied;
  }

  /** Applies the changes in order, each exactly once; returns their offsets, each in the text before it. */
  edit(changes: readonly TextDocumentContentChangeEvent[], version: number): AppliedChange[] {
    const result: AppliedChange[] = [];
    for (const change of changes) {
      const onOneLine = 'range' in change ? this.editLine(change.range, change.text) : undefined;
      if (onOneLine) {
        result.push(onOneLine);
        continue;
      }
      this.applyPending();
      if ('range' in change) {
        result.push({ start: this.applied.offsetAt(change.range.start), end: this.applied.offsetAt(change.range.end), insertedLength: change.text.length });
      } else {
        result.push({ start: 0, end: this.applied.getText().length, insertedLength: change.text.length });
      }
      this.applied = TextDocument.update(this.applied, [change], version);
    }
    this.currentVersion = version;
    return result;
  }

  /**
   * Records an edit within one line as part of the pending line edit, when it can be: the edit
   * inserts no line break and its characters exist on the line. Undefined otherwise.
   */
  private editLine(range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): AppliedChange | undefined {
    const { start, end } = range;
    if (start.line !== end.line || start.character > end.character || start.character < 0 || /[\r\n]/.test(text)) return undefined;
    if (this.pending && this.pending.line !== start.line) this.applyPending();
    const pending = this.pending ?? this.startPending(start.line);
    if (!pending) return undefined;
    const lineLength = pending.baseLength - (pending.endChar - pending.startChar) + pending.text.length;
    if (end.character > lineLength) return undefined;
    // Widen the pending stretch to cover this edit, in the applied text's characters: before
    // the stretch nothing has moved; after it, characters moved by its change in length.
    const moved = pending.text.length - (pending.endChar - pending.startChar);
    const startChar = Math.min(pending.startChar, start.character);
    const endCurrent = Math.max(pending.startChar + pending.text.length, end.character);
    const endChar = endCurrent - moved;
    const source = this.applied.getText();
    const current = source.slice(pending.lineStart + startChar, pending.lineStart + pending.startChar) + pending.text + source.slice(pending.lineStart + pending.endChar, pending.lineStart + endChar);
    pending.text = current.slice(0, start.character - startChar) + text + current.slice(end.character - startChar);
    pending.startChar = startChar;
    pending.endChar = endChar;
    return { start: pending.lineStart + start.character, end: pending.lineStart + end.character, insertedLength: text.length };
  }

  private startPending(line: number): PendingLineEdit | undefined {
    if (line >= this.applied.lineCount) return undefined;
    const lineStart = this.applied.offsetAt({ line, character: 0 });
    // offsetAt stops before the line break, whatever the character asked for.
    const baseLength = this.applied.offsetAt({ line, character: Number.MAX_SAFE_INTEGER }) - lineStart;
    this.pending = { line, lineStart, baseLength, startChar: 0, endChar: 0, text: '' };
    return this.pending;
  }

  private applyPending(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    // An empty stretch (an edit started one and then could not use it, or inserted nothing)
    // changes no text: only the version moves, without copying the text.
    const empty = pending.startChar === pending.endChar && pending.text === '';
    const range = { start: { line: pending.line, character: pending.startChar }, end: { line: pending.line, character: pending.endChar } };
    this.applied = TextDocument.update(this.applied, empty ? [] : [{ range, text: pending.text }], this.currentVersion);
  }
}
