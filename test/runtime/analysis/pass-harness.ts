// Runs one analysis pass on real workflow text, the way the analyzer does, and gives tests the
// reported diagnostics plus the exact source text each one covers.

import { ActionCatalog } from '../../../runtime/src/catalog/action-catalog.ts';
import type { AnalysisPass } from '../../../runtime/src/analysis/analysis-context.ts';
import type { Diagnostic } from '../../../runtime/src/language/diagnostic.ts';
import { parseWorkflow } from '../../../runtime/src/language/parse-workflow.ts';

export interface ReportedDiagnostic extends Diagnostic {
  /** The source text under the diagnostic's range. */
  readonly text: string;
}

export interface PassOptions {
  catalog?: ActionCatalog;
  file?: string;
}

export function runPass(pass: AnalysisPass, text: string, options: PassOptions = {}): ReportedDiagnostic[] {
  const document = parseWorkflow(text, options.file ?? 'test.flow.yaml');
  const reported: ReportedDiagnostic[] = [];
  pass({
    document,
    catalog: options.catalog ?? ActionCatalog.builtin(),
    report: (item) => reported.push({ ...item, text: text.slice(item.range.start, item.range.end) }),
  });
  return reported;
}

/** `[code, covered text]` pairs: the shape most assertions compare. */
export function codesAndTexts(diagnostics: readonly ReportedDiagnostic[]): [string, string][] {
  return diagnostics.map((item) => [item.code, item.text]);
}

/** A minimal valid workflow around the given step lines (already indented by four spaces). */
export function workflowWith(stepsYaml: string, header = ''): string {
  return `name: Test\n${header}steps:\n  - stepSlug: start\n    stepType: trigger\n    nextSteps: { success: end }\n${stepsYaml}`;
}
