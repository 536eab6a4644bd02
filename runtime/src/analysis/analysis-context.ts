// What every analysis pass receives: the parsed document, the action catalog (built-ins plus
// workspace actions), facts from the last recorded run, and a sink for diagnostics. Passes are
// plain functions `(context) => void`, so each rule lives in its own file and is testable alone.

import type { ActionCatalog } from '../catalog/action-catalog.ts';
import type { Diagnostic } from '../language/diagnostic.ts';
import type { WorkflowDocument } from '../language/workflow-model.ts';

/** Output values observed in the last recorded run, by step slug (used for output shapes). */
export type ObservedOutputs = ReadonlyMap<string, unknown>;

export interface AnalysisContext {
  readonly document: WorkflowDocument;
  readonly catalog: ActionCatalog;
  readonly observedOutputs?: ObservedOutputs;
  report(diagnostic: Diagnostic): void;
}

export type AnalysisPass = (context: AnalysisContext) => void;
