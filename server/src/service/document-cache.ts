// Parses and analyzes each document once per version. A completion, a hover and the diagnostics
// of the same version share one parse and one analysis; a new version replaces the old entry,
// so results of stale versions are never served. A new version is parsed from the previous one
// when the edit lies inside one step (only that step is re-parsed). The last version that parsed
// without syntax errors is kept too: completion falls back to it while the current text is half
// typed.

import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument, type Analysis } from '../../../runtime/src/analysis/analyze.ts';
import type { ObservedOutputs } from '../../../runtime/src/analysis/analysis-context.ts';
import { computeRunOrder, type RunOrder } from '../../../runtime/src/analysis/run-order.ts';
import { buildStepGraph, type StepGraph } from '../../../runtime/src/analysis/step-graph.ts';
import { collectTemplateSites, type TemplateSite } from '../../../runtime/src/analysis/template-sites.ts';
import type { ActionCatalog } from '../../../runtime/src/catalog/action-catalog.ts';
import { parseWorkflow } from '../../../runtime/src/language/parse-workflow.ts';
import { editKeepsSyntaxClean, reparseWorkflow } from '../../../runtime/src/language/reparse-workflow.ts';
import type { Diagnostic } from '../../../runtime/src/language/diagnostic.ts';
import type { WorkflowDocument } from '../../../runtime/src/language/workflow-model.ts';
import { fileOfUri } from './workflow-uri.ts';

/** The control-flow facts completion and navigation need; cheaper than a full analysis. */
export interface DocumentStructure {
  graph: StepGraph;
  order: RunOrder;
  sites: TemplateSite[];
}

/** What the cache needs from the service: the catalog and last-run facts at analysis time. */
export interface AnalysisInputs {
  catalog(): ActionCatalog;
  observedOutputs(file: string): ObservedOutputs | undefined;
}

export class DocumentState {
  readonly uri: string;
  readonly version: number;
  readonly file: string;
  readonly document: WorkflowDocument;
  readonly hasSyntaxErrors: boolean;

  private readonly inputs: AnalysisInputs;
  private cachedStructure: DocumentStructure | undefined;
  private cachedAnalysis: Analysis | undefined;
  private analysisGeneration = -1;

  /**
   * `previous` is the newest parse of the same document: an edit inside one step re-parses that
   * step only, and takes over `previous`'s nodes, which nobody may read afterwards.
   */
  constructor(uri: string, version: number, text: string, inputs: AnalysisInputs, previous?: WorkflowDocument) {
    this.uri = uri;
    this.version = version;
    this.file = fileOfUri(uri);
    this.inputs = inputs;
    // The cache replaces the previous version with this one (see DocumentCache.getText), so the
    // re-parse may move the previous version's nodes instead of copying them.
    this.document = (previous && reparseWorkflow(previous, text, this.file, 'consume')) ?? parseWorkflow(text, this.file);
    this.hasSyntaxErrors = this.document.syntaxDiagnostics.length > 0;
  }

  get text(): string {
    return this.document.text;
  }

  /** Graph, run order and template sites, from the analysis when it exists. */
  structure(): DocumentStructure {
    if (this.cachedAnalysis) return this.cachedAnalysis;
    if (!this.cachedStructure) {
      const graph = buildStepGraph(this.document.workflow);
      this.cachedStructure = { graph, order: computeRunOrder(graph), sites: collectTemplateSites(this.document) };
    }
    return this.cachedStructure;
  }

  /** The full analysis for the given generation of catalog and last-run facts. */
  analysis(generation: number): Analysis {
    if (!this.cachedAnalysis || this.analysisGeneration !== generation) {
      const observedOutputs = this.inputs.observedOutputs(this.file);
      // Graph, run order and sites depend on the text alone: built once per version, for completion and analysis alike.
      this.cachedAnalysis = analyzeDocument(this.document, { file: this.file, catalog: this.inputs.catalog(), ...(observedOutputs ? { observedOutputs } : {}), structure: this.structure() });
      this.analysisGeneration = generation;
      this.cachedStructure = undefined;
    }
    return this.cachedAnalysis;
  }

  /** The analysis if it was already computed for this generation (never computes one). */
  existingAnalysis(generation: number): Analysis | undefined {
    return this.analysisGeneration === generation ? this.cachedAnalysis : undefined;
  }
}

/**
 * Characters of an expression that cannot end a YAML scalar or start a comment, a key, a flow
 * collection or a quoted string, wherever in a scalar they are typed.
 */
const STRUCTURE_NEUTRAL = /^[A-Za-z0-9_$. ()+\-*\/<>=!&|%]*$/;

interface CacheSlot {
  current: DocumentState;
  lastGood?: DocumentState;
}

export class DocumentCache {
  private readonly slots = new Map<string, CacheSlot>();
  private readonly inputs: AnalysisInputs;

  constructor(inputs: AnalysisInputs) {
    this.inputs = inputs;
  }

  /** The state of exactly this version of the document, parsing it when it is new. */
  get(document: TextDocument): DocumentState {
    return this.getText(document.uri, document.version, document.getText());
  }

  getText(uri: string, version: number, text: string): DocumentState {
    const slot = this.slots.get(uri);
    if (slot && slot.current.version === version && slot.current.text === text) return slot.current;
    if (slot?.lastGood && slot.lastGood.version === version && slot.lastGood.text === text) return slot.lastGood;
    const state = new DocumentState(uri, version, text, this.inputs, slot?.current.document);
    const lastGood = !state.hasSyntaxErrors && state.document.root ? state : slot?.lastGood ?? (slot && !slot.current.hasSyntaxErrors ? slot.current : undefined);
    this.slots.set(uri, { current: state, ...(lastGood ? { lastGood } : {}) });
    return state;
  }

  /**
   * The newest parse of the document when the text has changed since only between `start` and
   * `end` (offsets in `text`), and only by characters that cannot change the YAML structure:
   * letters, digits and the operators of an expression. Completion inside a template uses it
   * while the user types there, instead of parsing the whole document on every keystroke: the
   * steps, their order and scopes are those of the newest parse, since the edit only touched the
   * expression being typed. Undefined when the text differs anywhere else.
   */
  parsedExceptExpression(uri: string, text: string, start: number, end: number): DocumentState | undefined {
    const newest = this.slots.get(uri)?.current;
    if (!newest) return undefined;
    const old = newest.text;
    if (old === text) return newest;
    const tail = text.length - end;
    const oldEnd = old.length - tail;
    if (oldEnd < start || tail < 0) return undefined;
    if (!STRUCTURE_NEUTRAL.test(text.slice(start, end)) || !STRUCTURE_NEUTRAL.test(old.slice(start, oldEnd))) return undefined;
    return old.slice(0, start) === text.slice(0, start) && old.slice(oldEnd) === text.slice(end) ? newest : undefined;
  }

  /**
   * The syntax errors of this version, for the fast pass after an edit. When the newest parse was
   * clean and the edit since then stays inside one step that still parses on its own, there are
   * none, and the version is not built: a fast pass runs after each keystroke, and building each
   * version it sees (a new root, steps list and workflow model, the previous version handed over)
   * is work only the full pass needs, once for the version it analyzes. Otherwise the version's own
   * parse says.
   */
  syntaxDiagnostics(document: TextDocument): readonly Diagnostic[] {
    const newest = this.slots.get(document.uri)?.current;
    if (newest && newest.version !== document.version && editKeepsSyntaxClean(newest.document, document.getText())) return [];
    return this.get(document).document.syntaxDiagnostics;
  }

  /** The latest version of the document that parsed without syntax errors. */
  lastGood(uri: string): DocumentState | undefined {
    return this.slots.get(uri)?.lastGood;
  }

  /** The current entry, without parsing anything. */
  peek(uri: string): DocumentState | undefined {
    return this.slots.get(uri)?.current;
  }

  forget(uri: string): void {
    this.slots.delete(uri);
  }

  uris(): string[] {
    return [...this.slots.keys()];
  }
}
