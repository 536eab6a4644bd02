// Finds every place a `<< >>` template (or a condition expression) can appear — string values
// in step config, the workflow `output` and initial `vars` — and parses it once, with the
// evaluation context it runs in. The reference checks and the language server both use this.

import { findTemplates, parseCondition, type Expr, type ExpressionError } from '../expr/index.ts';
import type { SourceRange } from '../language/source-range.ts';
import type { Step, WorkflowDocument } from '../language/workflow-model.ts';
import type { YNode, YScalar } from '../language/yaml-tree.ts';

/** Where a template is evaluated, which decides what it may refer to. */
export type SiteContext =
  | { kind: 'step'; step: Step }
  | { kind: 'collect'; step: Step }
  | { kind: 'output' }
  | { kind: 'vars' };

export interface ParsedTemplate {
  /** The whole template including `<<` and `>>` (for a condition: the whole expression). */
  range: SourceRange;
  innerRange: SourceRange;
  ast: Expr | null;
  errors: readonly ExpressionError[];
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
  for (const step of workflow.steps) {
    if (!step.config) continue;
    // One context object per step and kind, shared by its sites (nothing changes them).
    let stepContext: SiteContext | undefined;
    for (const pair of step.config.pairs) {
      const key = pair.key.value;
      if (typeof key !== 'string' || NOT_TEMPLATED.has(key) || !pair.value) continue;
      if (step.type === 'condition' && key === 'expression' && pair.value.kind === 'scalar') {
        sites.push(conditionSite(pair.value, (stepContext ??= { kind: 'step', step }), text));
      } else if (step.type === 'loop' && key === 'collect') {
        addTemplateSites(sites, pair.value, { kind: 'collect', step }, text);
      } else {
        addTemplateSites(sites, pair.value, (stepContext ??= { kind: 'step', step }), text);
      }
    }
  }
  if (workflow.outputNode) addTemplateSites(sites, workflow.outputNode, { kind: 'output' }, text);
  if (workflow.varsNode) addTemplateSites(sites, workflow.varsNode, { kind: 'vars' }, text);
  return sites;
}

/** A site for every string under `node` (in document order) that holds a template. */
function addTemplateSites(sites: TemplateSite[], node: YNode, context: SiteContext, text: string): void {
  const stack: YNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.kind === 'scalar') {
      if (typeof current.value === 'string') addTemplateSite(sites, current, context, text);
    } else if (current.kind === 'seq') {
      for (let i = current.items.length - 1; i >= 0; i--) stack.push(current.items[i]!);
    } else {
      for (let i = current.pairs.length - 1; i >= 0; i--) {
        const value = current.pairs[i]!.value;
        if (value) stack.push(value);
      }
    }
  }
}

/** The text of a scalar as written in the source, and the offset it starts at. */
export function scalarSource(node: YScalar, text: string): { source: string; base: number; exact: boolean } {
  const raw = text.slice(node.range.start, node.range.end);
  switch (node.style) {
    case 'plain':
      return { source: raw, base: node.range.start, exact: true };
    case 'single':
      return { source: raw.slice(1, -1), base: node.range.start + 1, exact: !raw.includes("''") };
    case 'double':
      return raw.includes('\\') ? { source: String(node.value), base: node.range.start, exact: false } : { source: raw.slice(1, -1), base: node.range.start + 1, exact: true };
    case 'literal':
    case 'folded': {
      // Skip the header line (`|`, `>-`, …); the content's indentation is whitespace to expressions.
      const newline = raw.search(/\r?\n/);
      if (newline < 0) return { source: '', base: node.range.end, exact: true };
      const skip = raw[newline] === '\r' ? newline + 2 : newline + 1;
      return { source: raw.slice(skip), base: node.range.start + skip, exact: true };
    }
  }
}

function addTemplateSite(sites: TemplateSite[], node: YScalar, context: SiteContext, text: string): void {
  const value = node.value as string;
  if (!value.includes('<<')) return;
  const { source, base, exact } = scalarSource(node, text);
  const templates: ParsedTemplate[] = [];
  for (const segment of findTemplates(source, base)) {
    if (segment.kind !== 'template') continue;
    templates.push({ range: segment.range, innerRange: segment.innerRange, ast: segment.ast, errors: segment.errors });
  }
  if (templates.length > 0) sites.push({ node, context, isCondition: false, exact, templates });
}

function conditionSite(node: YScalar, context: SiteContext, text: string): TemplateSite {
  const { source, base, exact } = scalarSource(node, text);
  const parsed = parseCondition(source, base);
  const range = { start: base, end: base + source.length };
  return { node, context, isCondition: true, exact, templates: [{ range, innerRange: range, ast: parsed.ast, errors: parsed.errors }] };
}
