// The analyzer's facade: text in, diagnostics out, as plain data. `stepline validate` and the
// language server both call this, so they always report the same set (an architecture
// invariant). Each rule lives in its own pass; this file only orders them.

import { ActionCatalog } from '../catalog/action-catalog.ts';
import { diagnostic, type Diagnostic } from '../language/diagnostic.ts';
import { parseWorkflow } from '../language/parse-workflow.ts';
import type { WorkflowDocument } from '../language/workflow-model.ts';
import type { AnalysisContext, ObservedOutputs } from './analysis-context.ts';
import { checkActions } from './check-actions.ts';
import { checkCron } from './check-cron.ts';
import { checkGraph } from './check-graph.ts';
import { checkMustache } from './check-mustache.ts';
import { checkReferences } from './check-references.ts';
import { checkSchema } from './check-schema.ts';
import { checkSecrets } from './check-secrets.ts';
import { computeRunOrder, type RunOrder } from './run-order.ts';
import { buildStepGraph, type StepGraph } from './step-graph.ts';
import { applySuppressions } from './suppressions.ts';
import { collectTemplateSites, type TemplateSite } from './template-sites.ts';

export interface AnalyzeOptions {
  file?: string;
  catalog?: ActionCatalog;
  observedOutputs?: ObservedOutputs;
  /** Graph, run order and sites already built for this very document (the language server builds them for completion first). */
  structure?: { graph: StepGraph; order: RunOrder; sites: TemplateSite[] };
}

/** Everything the analysis computed, so the language server can reuse it for completion and hover. */
export interface Analysis {
  document: WorkflowDocument;
  graph: StepGraph;
  order: RunOrder;
  sites: TemplateSite[];
  catalog: ActionCatalog;
  /** Sorted by position, suppressions applied. */
  diagnostics: Diagnostic[];
}

export interface AnalysisResult {
  document: WorkflowDocument;
  diagnostics: Diagnostic[];
}

export function analyzeText(text: string, options: AnalyzeOptions = {}): AnalysisResult {
  const analysis = analyzeDocument(parseWorkflow(text, options.file), options);
  return { document: analysis.document, diagnostics: analysis.diagnostics };
}

export function analyzeDocument(document: WorkflowDocument, options: AnalyzeOptions = {}): Analysis {
  const catalog = options.catalog ?? ActionCatalog.builtin();
  const diagnostics: Diagnostic[] = [...document.syntaxDiagnostics];
  const context: AnalysisContext = {
    document,
    catalog,
    ...(options.observedOutputs ? { observedOutputs: options.observedOutputs } : {}),
    report: (item) => diagnostics.push(item),
  };
  const graph = options.structure?.graph ?? buildStepGraph(document.workflow);
  const order = options.structure?.order ?? computeRunOrder(graph);
  const sites = options.structure?.sites ?? collectTemplateSites(document);
  if (!document.root) {
    if (document.syntaxDiagnostics.length === 0) diagnostics.push(diagnostic('schema', 'This file is empty: a workflow needs at least `name` and `steps`.', { start: 0, end: 0 }));
  } else {
    checkSchema(context);
    checkGraph(context, graph);
    checkActions(context);
    checkCron(context);
    checkSecrets(context);
    checkMustache(context);
    checkReferences(context, graph, order, sites);
  }
  // While a YAML syntax error stands, the tree is a guess: schema and trigger complaints about it are noise.
  const kept = document.syntaxDiagnostics.length > 0 ? diagnostics.filter((item) => item.code !== 'schema' && item.code !== 'missing-trigger') : diagnostics;
  // `kept` may be the list the passes filled: sorting it in place is fine, nothing else holds it.
  const sorted = dedupeSorted(kept.sort(byPosition));
  return { document, graph, order, sites, catalog, diagnostics: applySuppressions(sorted, document.text, document.lines) };
}

/**
 * Codes compare by their characters (they are ASCII words): the same order everywhere, and
 * without `localeCompare`, whose first call loads the collation tables of ICU.
 */
function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.range.start - b.range.start || a.range.end - b.range.end || (a.code === b.code ? 0 : a.code < b.code ? -1 : 1);
}

/**
 * Two passes may notice the same fault at the same place; report it once (the first reported).
 * The sort is stable and orders by place and code, so repeats sit next to each other, first one
 * first: comparing each item with the last one kept is enough.
 */
function dedupeSorted(diagnostics: Diagnostic[]): Diagnostic[] {
  const kept: Diagnostic[] = [];
  let last: Diagnostic | undefined;
  for (const item of diagnostics) {
    if (last !== undefined && item.code === last.code && item.range.start === last.range.start && item.range.end === last.range.end) continue;
    kept.push(item);
    last = item;
  }
  return kept;
}
