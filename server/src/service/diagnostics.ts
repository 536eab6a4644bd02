// Turns the analyzer's diagnostics into LSP diagnostics: same codes, same messages, exact
// ranges, related locations ("target defined here") and the machine-readable `data` that quick
// fixes read back. The analyzer is the only source of diagnostics; this file only translates.

import { DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Severity } from '../../../runtime/src/language/diagnostic.ts';
import { toLspRange } from './text-positions.ts';
import type { ServiceEnvironment } from './service-environment.ts';
import { uriOfFile } from './workflow-uri.ts';

export const DIAGNOSTIC_SOURCE = 'stepline';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(document: TextDocument, item: Diagnostic): LspDiagnostic {
  const related: DiagnosticRelatedInformation[] = (item.related ?? []).map((place) => ({
    message: place.message,
    location: place.file
      ? { uri: uriOfFile(place.file), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }
      : { uri: document.uri, range: toLspRange(document, place.range) },
  }));
  const result: LspDiagnostic = {
    range: toLspRange(document, item.range),
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

export function toLspDiagnostics(document: TextDocument, items: readonly Diagnostic[]): LspDiagnostic[] {
  return items.map((item) => toLspDiagnostic(document, item));
}

/** The diagnostics of this document version, from the (cached) analysis. */
export function getDiagnostics(environment: ServiceEnvironment, document: TextDocument): LspDiagnostic[] {
  return toLspDiagnostics(document, environment.cache.get(document).analysis(environment.generation()).diagnostics);
}
