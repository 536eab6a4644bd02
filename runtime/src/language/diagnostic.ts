// The analyzer's output: plain data, no LSP types, so the CLI and the language server can both
// render it. Every diagnostic has a stable code (spec §9) and the tightest range we can give.

import { spanOf, type SourceRange } from './source-range.ts';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A secondary location that explains a diagnostic ("target defined here"). */
export interface RelatedLocation {
  message: string;
  range: SourceRange;
  /** Another file, when the related place is not in the analyzed document. */
  file?: string;
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  range: SourceRange;
  related?: RelatedLocation[];
  /** Machine-readable facts for quick fixes (e.g. `{ suggestion: 'fetch_orders' }`). */
  data?: Record<string, unknown>;
}

/** Every code the analyzer can report. Adding one means adding a golden test for it. */
export const DIAGNOSTIC_CODES = [
  'yaml-syntax',
  'schema',
  'unknown-step',
  'unknown-port',
  'missing-trigger',
  'multiple-triggers',
  'duplicate-slug',
  'reserved-slug',
  'unreachable-step',
  'cycle-without-loop',
  'unknown-action',
  'invalid-parameter',
  'unknown-reference',
  'unknown-field',
  'reference-not-yet-run',
  'reference-maybe-not-run',
  'error-reference-outside-error-path',
  'loop-outside-scope',
  'undeclared-secret',
  'hardcoded-secret',
  'invalid-expression',
  'invalid-cron',
  'mustache-template',
  'unknown-input',
] as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

/** Severity when not stated otherwise: spec §9 lists the warnings, every other code is an error. */
export const DEFAULT_SEVERITY: Record<DiagnosticCode, Severity> = Object.fromEntries(
  DIAGNOSTIC_CODES.map((code) => [code, 'error' as Severity]),
) as Record<DiagnosticCode, Severity>;
for (const code of [
  'unreachable-step',
  'reference-maybe-not-run',
  'hardcoded-secret',
  'mustache-template',
  'unknown-field',
  'error-reference-outside-error-path',
] as const) {
  DEFAULT_SEVERITY[code] = 'warning';
}

export function diagnostic(
  code: DiagnosticCode,
  message: string,
  range: SourceRange,
  extra: Partial<Pick<Diagnostic, 'severity' | 'related' | 'data'>> = {},
): Diagnostic {
  // A range of its own: a YAML node has a start and an end too, and the language server moves a
  // superseded version's nodes in place (reparse-workflow.ts), which must not move a diagnostic.
  return { code, severity: extra.severity ?? DEFAULT_SEVERITY[code], message, range: spanOf(range), ...(extra.related ? { related: extra.related } : {}), ...(extra.data ? { data: extra.data } : {}) };
}
