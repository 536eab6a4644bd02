// Renders diagnostics for the terminal (`file:line:col severity code message`, then a summary)
// and as the stable JSON records of spec §8. Lines and columns are 1-based; a column counts
// UTF-16 code units, as in the language server, and `endColumn` is just past the range.

import type { Diagnostic, Severity } from '../language/diagnostic.ts';
import type { LineIndex } from '../language/line-index.ts';
import type { TerminalStyle } from './terminal-style.ts';

/** One diagnostic of one file: the `stepline validate --format json` record. */
export interface FileDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  /** A DiagnosticCode, or `unreadable-file` when the file could not be read as text. */
  code: string;
  message: string;
}

export function toFileDiagnostics(file: string, lines: LineIndex, diagnostics: readonly Diagnostic[]): FileDiagnostic[] {
  return diagnostics.map((item) => {
    const start = lines.positionAt(item.range.start);
    const end = lines.positionAt(item.range.end);
    return { file, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, severity: item.severity, code: item.code, message: item.message };
  });
}

/** Orders by file, then position, then code, so output is stable from run to run. */
export function compareFileDiagnostics(a: FileDiagnostic, b: FileDiagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || a.endLine - b.endLine || a.endColumn - b.endColumn || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

export function formatDiagnosticLine(item: FileDiagnostic, style: TerminalStyle): string {
  const paint = { error: style.red, warning: style.yellow, info: style.blue, hint: style.dim }[item.severity];
  // One diagnostic per line, whatever the message holds, so the output stays grep-able.
  const message = item.message.replace(/\s*[\r\n]+\s*/g, ' ');
  return `${style.bold(`${item.file}:${item.line}:${item.column}`)} ${paint(item.severity)} ${style.dim(item.code)} ${message}`;
}

/** `2 errors, 1 warning in 3 files`; infos and hints are mentioned only when there are some. */
export function formatSummary(diagnostics: readonly FileDiagnostic[], fileCount: number, style: TerminalStyle): string {
  const count = (severity: Severity) => diagnostics.filter((item) => item.severity === severity).length;
  const errors = count('error');
  const warnings = count('warning');
  const parts = [plural(errors, 'error'), plural(warnings, 'warning')];
  if (count('info') > 0) parts.push(plural(count('info'), 'info'));
  if (count('hint') > 0) parts.push(plural(count('hint'), 'hint'));
  const text = `${parts.join(', ')} in ${plural(fileCount, 'file')}`;
  return errors > 0 ? style.red(text) : warnings > 0 ? style.yellow(text) : text;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
