// Turns the analyzer's diagnostics into LSP diagnostics: same codes, same messages, exact
// ranges, related locations ("target defined here") and the machine-readable `data` that quick
// fixes read back. The analyzer is the only source of diagnostics; this file only translates.

import { DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../../../runtime/src/analysis/analyze.ts';
import type { Diagnostic, Severity } from '../../../runtime/src/language/diagnostic.ts';
import { toLspRange, type OffsetPositions } from './text-positions.ts';
import type { ServiceEnvironment } from './service-environment.ts';
import { uriOfFile } from './workflow-uri.ts';

export const DIAGNOSTIC_SOURCE = 'stepline';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(document: TextDocument, item: Diagnostic, positions: OffsetPositions = document): LspDiagnostic {
  const related: DiagnosticRelatedInformation[] = (item.related ?? []).map((place) => ({
    message: place.message,
    location: place.file
      ? { uri: uriOfFile(place.file), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }
      : { uri: document.uri, range: toLspRange(positions, place.range) },
  }));
  const result: LspDiagnostic = {
    range: toLspRange(positions, item.range),
    severity: SEVERITY[item.severity],
    code: item.code,
    source: DIAGNOSTIC_SOURCE,
    message: item.message,
  };
  if (related.length > 0) result.relatedInformation = related;
  // An unreachable step is dead code: editors fade it instead of only underlining it.
  if (item.code === 'unreachable-step') result.tags = [DiagnosticTag.Unnecessary];
  if (item.data) result.data = { ...item.data };
  return result;
}

/**
 * `positions` may be the analysis's own line index of the document's text: a TextDocument finds
 * its line starts on first use with a loop over the whole text (7–10 ms at 5000 steps, on the way
 * from didOpen to the first diagnostics), the analyzer's index with the engine's own search.
 */
export function toLspDiagnostics(document: TextDocument, items: readonly Diagnostic[], positions: OffsetPositions = document): LspDiagnostic[] {
  return items.map((item) => toLspDiagnostic(document, item, positions));
}

/** The diagnostics of this document version, from the (cached) analysis. */
export function getDiagnostics(environment: ServiceEnvironment, document: TextDocument): LspDiagnostic[] {
  return analysisLspDiagnostics(document, environment.cache.get(document).analysis(environment.generation()));
}

/** An analysis's diagnostics of `document` (the text it analyzed), placed with its own line index. */
export function analysisLspDiagnostics(document: TextDocument, analysis: Analysis): LspDiagnostic[] {
  return toLspDiagnostics(document, analysis.diagnostics, analysis.document.lines);
}
