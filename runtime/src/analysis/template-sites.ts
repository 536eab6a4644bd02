// Finds every place a `<< >>` template (or a condition expression) can appear — string values
// in step config, the workflow `output` and initial `vars` — and parses it once, with the
// evaluation context it runs in; parses are reused from a document's previous analysis where the
// text is unchanged. The reference checks and the language server both use this.

import { parseCondition, scanTemplates, templateSegment, type Expr, type ExpressionError, type TemplateBounds } from '../expr/index.ts';
import { shiftErrors, shiftExpression } from '../expr/shift-expression.ts';
import { shiftRange, type SourceRange } from '../language/source-range.ts';
import type { Step, WorkflowDocument } from '../language/workflow-model.ts';
import type { YScalar } from '../language/yaml-tree.ts';
import { HAS_TEMPLATE, visitStrings, workflowStrings, type StringList } from './string-values.ts';

/** Where a template is evaluated, which decides what it may refer to. */
export type SiteContext =
  | { kind: 'step'; step: Step }
  | { kind: 'collect'; step: Step }
  | { kind: 'output' }
  | { kind: 'vars' };

export interface ParsedTemplate {
  /** The whole template including `<<` and `>>` (for a condition: the whole expression). */
  readonly range: SourceRange;
  readonly innerRange: SourceRange;
  /** The expression's tree, with its ranges in this document (made on first use when the template moved). */
  readonly ast: Expr | null;
  readonly errors: readonly ExpressionError[];
  /**
   * The tree and errors as they were parsed, maybe at another place in an earlier version of the
   * document, and how far this template lies from there: `ast` is `parsedAst` moved by `shift`.
   * A pass over every template (the reference check) reads these and moves only what it reports,
   * so a template that moved with an edit above it costs no copy of its tree.
   */
  readonly parsedAst: Expr | null;
  readonly parsedErrors: readonly ExpressionError[];
  readonly shift: number;
}

/** A template's parse, shared by every place its text has had since it was parsed. */
class TemplateParse implements ParsedTemplate {
  readonly range: SourceRange;
  readonly innerRange: SourceRange;
  readonly parsedAst: Expr | null;
  readonly parsedErrors: readonly ExpressionError[];
  readonly shift: number;
  private movedAst: Expr | null | undefined;
  private movedErrors: readonly ExpressionError[] | undefined;

  constructor(range: SourceRange, innerRange: SourceRange, parsedAst: Expr | null, parsedErrors: readonly ExpressionError[], shift: number) {
    this.range = range;
    this.innerRange = innerRange;
    this.parsedAst = parsedAst;
    this.parsedErrors = parsedErrors;
    this.shift = shift;
  }

  get ast(): Expr | null {
    if (this.shift === 0 || this.parsedAst === null) return this.parsedAst;
    return (this.movedAst ??= shiftExpression(this.parsedAst, this.shift));
  }

  get errors(): readonly ExpressionError[] {
    if (this.shift === 0 || this.parsedErrors.length === 0) return this.parsedErrors;
    return (this.movedErrors ??= shiftErrors(this.parsedErrors, this.shift));
  }
}

export interface TemplateSite {
  node: YScalar;
  context: SiteContext;
  isCondition: boolean;
  /**
   * False when the scalar's source differs from its value in ways that shift offsets (escapes in
   * a double-quoted string): then ranges inside it are approximate and reported on the whole scalar.
   */
  exact: boolean;
  templates: ParsedTemplate[];
}

/** Config keys whose values are data for the step, not templates. */
const NOT_TEMPLATED = new Set(['outputSchema']);

export function collectTemplateSites(document: WorkflowDocument): TemplateSite[] {
  const sites: TemplateSite[] = [];
  const { workflow, text } = document;
  // The string values were gathered in one walk shared with the other passes over strings, each
  // with the `config` entry it sits under, so the config maps need not be walked again here.
  const strings = workflowStrings(document);
  const parses = parsesFor(document);
  const { nodes, marks } = strings.config;
  const { configEntries, stepStarts } = strings;
  for (const step of workflow.steps) {
    if (!step.config) continue;
    // One context object per step and kind, shared by its sites (nothing changes them).
    let stepContext: SiteContext | undefined;
    let collectContext: SiteContext | undefined;
    if (step.type === 'condition') {
      // `expression` is one condition site whatever its scalar holds, in its place among the entries.
      for (const pair of step.config.pairs) {
        const key = pair.key.value;
        if (typeof key !== 'string' || NOT_TEMPLATED.has(key) || !pair.value) continue;
        stepContext ??= { kind: 'step', step };
        if (key === 'expression' && pair.value.kind === 'scalar') sites.push(conditionSite(pair.value, stepContext, text, parses.conditions));
        else {
          const context = stepContext;
          visitStrings(pair.value, ({ node }) => {
            if (node.value.includes('<<')) addTemplateSite(sites, node, context, text, parses.templates);
          });
        }
      }
      continue;
    }
    const isLoop = step.type === 'loop';
    const end = stepStarts[step.index + 1]!;
    for (let index = stepStarts[step.index]!; index < end; index++) {
      if ((marks[index]! & HAS_TEMPLATE) === 0) continue;
      const key = configEntries[index];
      if (key === undefined || NOT_TEMPLATED.has(key)) continue;
      const context = isLoop && key === 'collect' ? (collectContext ??= { kind: 'collect', step }) : (stepContext ??= { kind: 'step', step });
      addTemplateSite(sites, nodes[index]!, context, text, parses.templates);
    }
  }
  if (workflow.outputNode) addTemplateSites(sites, strings.output, { kind: 'output' }, text, parses.templates);
  if (workflow.varsNode) addTemplateSites(sites, strings.vars, { kind: 'vars' }, text, parses.templates);
  parses.templates.finish();
  parses.conditions.finish();
  return sites;
}

/** A site for every string of the list that holds a template. */
function addTemplateSites(sites: TemplateSite[], strings: StringList, context: SiteContext, text: string, cache: ScalarParses): void {
  const { nodes, marks } = strings;
  for (let index = 0; index < nodes.length; index++) if ((marks[index]! & HAS_TEMPLATE) !== 0) addTemplateSite(sites, nodes[index]!, context, text, cache);
}

/** The text of a scalar as written in the source, and the offset it starts at. */
export function scalarSource(node: YScalar, text: string): { source: string; base: number; exact: boolean } {
  return sourceOfRaw(node, text.slice(node.start, node.end));
}

/** `scalarSource` from the scalar's raw text: everything it gives depends on that text and the scalar's offset alone. */
function sourceOfRaw(node: YScalar, raw: string): { source: string; base: number; exact: boolean } {
  switch (node.style) {
    case 'plain':
      return { source: raw, base: node.start, exact: true };
    case 'single':
      return { source: raw.slice(1, -1), base: node.start + 1, exact: !raw.includes("''") };
    case 'double':
      return raw.includes('\\') ? { source: String(node.value), base: node.start, exact: false } : { source: raw.slice(1, -1), base: node.start + 1, exact: true };
    case 'literal':
    case 'folded': {
      // Skip the header line (`|`, `>-`, …); the content's indentation is whitespace to expressions.
      const newline = raw.search(/\r?\n/);
      if (newline < 0) return { source: '', base: node.end, exact: true };
      const skip = raw[newline] === '\r' ? newline + 2 : newline + 1;
      return { source: raw.slice(skip), base: node.start + skip, exact: true };
    }
  }
}

function addTemplateSite(sites: TemplateSite[], node: YScalar, context: SiteContext, text: string, cache: ScalarParses): void {
  const parsed = cache.parse(node, text, parseTemplates);
  if (parsed.templates.length > 0) sites.push({ node, context, isCondition: false, exact: parsed.exact, templates: parsed.templates });
}

function conditionSite(node: YScalar, context: SiteContext, text: string, cache: ScalarParses): TemplateSite {
  const parsed = cache.parse(node, text, parseConditionTemplate);
  return { node, context, isCondition: true, exact: parsed.exact, templates: parsed.templates };
}

/**
 * The closed templates parsed so far in this analysis, by their expression's text. Templates
 * repeat (`<<input.tier>>`, a loop item's `<<customer.email>>`, the same step output in several
 * steps): about half of those in the benchmark's workflows are repeats, and a repeat shares the
 * first one's tree with a shift, like a template that moved (see `ParsedTemplate`).
 */
type ExpressionParses = Map<string, ParsedTemplate>;

function parseTemplates(node: YScalar, raw: string, born: number, expressions: ExpressionParses): ParsedScalar {
  const { source, base, exact } = sourceOfRaw(node, raw);
  const templates: ParsedTemplate[] = [];
  scanTemplates(source, (bounds) => templates.push(parseTemplate(source, bounds, base, expressions)));
  return { raw, style: node.style, start: node.start, exact, templates, born };
}

function parseTemplate(source: string, bounds: TemplateBounds, base: number, expressions: ExpressionParses): ParsedTemplate {
  // An unclosed template's errors include one about its own `<<`: never shared.
  const expression = bounds.closed ? source.slice(bounds.innerStart, bounds.innerEnd) : undefined;
  const earlier = expression === undefined ? undefined : expressions.get(expression);
  if (earlier !== undefined) return movedTemplate(earlier, base + bounds.innerStart - earlier.innerRange.start);
  const segment = templateSegment(source, bounds, base);
  const parsed = new TemplateParse(segment.range, segment.innerRange, segment.ast, segment.errors, 0);
  if (expression !== undefined) expressions.set(expression, parsed);
  return parsed;
}

function parseConditionTemplate(node: YScalar, raw: string, born: number): ParsedScalar {
  const { source, base, exact } = sourceOfRaw(node, raw);
  const parsed = parseCondition(source, base);
  const range = { start: base, end: base + source.length };
  return { raw, style: node.style, start: node.start, exact, templates: [new TemplateParse(range, range, parsed.ast, parsed.errors, 0)], born };
}

/*
 * Parses are kept from one analysis of a document to the next. The language server analyses
 * every version of a document, and most of its scalars are the same text as before, at the same
 * offset (before the edit) or moved (after it). What a scalar gives depends only on its raw text
 * and its offset: the same text at the same offset reuses the templates as they are, the same
 * text elsewhere (also a repeat within one document) gets the same trees with a shift to its
 * offset (see `ParsedTemplate`), and only new text is parsed. Nothing changes parsed templates,
 * so sharing them between analyses is safe.
 *
 * Strings in a tree (long names, string literals) may be slices of the text they were parsed
 * from and keep it alive, so a parse is reused for a few analyses only, then made again: the
 * texts of old versions kept this way stay few.
 */

/** Analyses a parse is reused for before it is made again from the current text. */
const MAX_REUSES = 8;

/** What one scalar gave, with the raw text and offset it was parsed at. */
interface ParsedScalar {
  /** The raw text, from the latest text it was found in (so only that text is kept for it). */
  raw: string;
  readonly style: YScalar['style'];
  readonly start: number;
  readonly exact: boolean;
  readonly templates: ParsedTemplate[];
  /** The analysis (count) whose text the trees were parsed from. */
  readonly born: number;
}

/** The parses of one kind (templates or conditions) for one document: its last analysis and the current one. */
class ScalarParses {
  /** Analyses finished so far. */
  private generation = 0;
  private previousByStart = new Map<number, ParsedScalar>();
  /** The previous parses by raw text, made on the first scalar not found at its offset. */
  private previousByText: Map<string, ParsedScalar> | undefined;
  private currentByStart = new Map<number, ParsedScalar>();
  /** This analysis's new parses (not the ones reused as they were) by raw text, for repeats. */
  private currentByText = new Map<string, ParsedScalar>();

  /** This analysis's parsed templates by expression text, for repeats (see `ExpressionParses`). */
  private expressions: ExpressionParses = new Map();

  parse(node: YScalar, text: string, parseFresh: (node: YScalar, raw: string, born: number, expressions: ExpressionParses) => ParsedScalar): ParsedScalar {
    const { start, end } = node;
    const raw = text.slice(start, end);
    let parsed = this.previousByStart.get(start);
    if (parsed !== undefined && parsed.raw === raw && parsed.style === node.style && this.reusable(parsed)) {
      parsed.raw = raw;
    } else if (this.previousByStart.size === 0) {
      // A first analysis has nothing to reuse: parse without looking texts up (a repeat within
      // the document costs a parse, which is about what a moved copy costs the first time).
      parsed = parseFresh(node, raw, this.generation, this.expressions);
    } else {
      const same = this.currentByText.get(raw) ?? this.previousTexts().get(raw);
      parsed = same !== undefined && same.style === node.style && this.reusable(same) ? moved(same, raw, start) : parseFresh(node, raw, this.generation, this.expressions);
      this.currentByText.set(raw, parsed);
    }
    this.currentByStart.set(start, parsed);
    return parsed;
  }

  private previousTexts(): Map<string, ParsedScalar> {
    if (this.previousByText === undefined) {
      this.previousByText = new Map();
      for (const parsed of this.previousByStart.values()) this.previousByText.set(parsed.raw, parsed);
    }
    return this.previousByText;
  }

  private reusable(parsed: ParsedScalar): boolean {
    return this.generation - parsed.born < MAX_REUSES;
  }

  /** The analysis is done: its parses become the ones the next analysis starts from. */
  finish(): void {
    this.generation++;
    this.previousByStart = this.currentByStart;
    this.previousByText = undefined;
    this.currentByStart = new Map();
    this.currentByText = new Map();
    this.expressions = new Map();
  }
}

/** The parses of `parsed` as the same raw text at `start` gives them. */
function moved(parsed: ParsedScalar, raw: string, start: number): ParsedScalar {
  const delta = start - parsed.start;
  const templates = parsed.templates.map((template) => movedTemplate(template, delta));
  // The moved parse shares the trees (and their strings), so it counts from the same analysis.
  return { raw, style: parsed.style, start, exact: parsed.exact, templates, born: parsed.born };
}

/** `template` `delta` characters further on: new ranges, the same trees with a larger shift. */
function movedTemplate(template: ParsedTemplate, delta: number): ParsedTemplate {
  const range = shiftRange(template.range, delta);
  // A condition's two ranges are one object; keep them so.
  const innerRange = template.innerRange === template.range ? range : shiftRange(template.innerRange, delta);
  return new TemplateParse(range, innerRange, template.parsedAst, template.parsedErrors, template.shift + delta);
}

interface DocumentParses {
  readonly templates: ScalarParses;
  readonly conditions: ScalarParses;
}

/** Parses by document file (the most recently analysed few), so switching between files keeps each one's. */
const parsesByFile = new Map<string, DocumentParses>();
const FILES_KEPT = 4;

function parsesFor(document: WorkflowDocument): DocumentParses {
  const file = document.file ?? '';
  let parses = parsesByFile.get(file);
  if (parses === undefined) {
    parses = { templates: new ScalarParses(), conditions: new ScalarParses() };
    if (parsesByFile.size >= FILES_KEPT) parsesByFile.delete(parsesByFile.keys().next().value!);
  } else {
    parsesByFile.delete(file);
  }
  parsesByFile.set(file, parses);
  return parses;
}
