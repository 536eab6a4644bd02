// The names a workflow declares and uses — step slugs, inputs, vars, secrets and loop item
// aliases — found at an offset and collected across the file. Definition, references, rename and
// hover all ask this one place, so they always agree on what a name is and where it occurs.

import { scopeFor } from '../../../runtime/src/analysis/reference-scope.ts';
import type { TemplateSite } from '../../../runtime/src/analysis/template-sites.ts';
import { collectReferences, type ReferencePath } from '../../../runtime/src/expr/index.ts';
import { RESERVED_TARGETS } from '../../../runtime/src/language/step-types.ts';
import { rangeContains, shiftRange, type SourceRange } from '../../../runtime/src/language/source-range.ts';
import type { Step } from '../../../runtime/src/language/workflow-model.ts';
import { getPair, getValue, type YScalar } from '../../../runtime/src/language/yaml-tree.ts';
import type { DocumentState } from './document-cache.ts';
import { scalarContentRange, treeLocationAt } from './tree-path.ts';

export type SymbolKind = 'step' | 'input' | 'var' | 'secret' | 'alias';

export interface WorkflowSymbol {
  kind: SymbolKind;
  name: string;
  /** The text of this occurrence (the name only, quotes excluded). */
  range: SourceRange;
  /** For an alias: the loop that binds it. */
  loop?: Step;
}

export interface Occurrence {
  range: SourceRange;
  isDeclaration: boolean;
}

const ROOT_KINDS: Record<string, SymbolKind> = { steps: 'step', input: 'input', vars: 'var', secrets: 'secret' };

function stringScalar(node: unknown): YScalar | undefined {
  const scalar = node as YScalar | null | undefined;
  return scalar?.kind === 'scalar' && typeof scalar.value === 'string' ? scalar : undefined;
}

/** The reference under the cursor in a template, with the site it belongs to. */
export function referenceAt(state: DocumentState, offset: number): { site: TemplateSite; reference: ReferencePath } | undefined {
  for (const site of state.structure().sites) {
    if (!rangeContains(site.node, offset) || !site.exact) continue;
    for (const template of site.templates) {
      if (!rangeContains(template.range, offset)) continue;
      for (const reference of collectReferences(template.ast)) {
        if (rangeContains(reference.range, offset)) return { site, reference };
      }
    }
  }
  return undefined;
}

export function symbolAt(state: DocumentState, offset: number): WorkflowSymbol | undefined {
  const { workflow, root } = state.document;
  const found = referenceAt(state, offset);
  if (found) {
    const { reference, site } = found;
    if (rangeContains(reference.rootRange, offset)) {
      const scope = scopeFor(site.context, state.structure().graph, state.structure().order);
      const loop = scope.aliases.get(reference.root);
      return loop ? { kind: 'alias', name: reference.root, range: reference.rootRange, loop } : undefined;
    }
    const first = reference.segments[0];
    const kind = ROOT_KINDS[reference.root];
    if (kind && first && typeof first.name === 'string' && first.name !== '' && rangeContains(first.range, offset)) {
      return { kind, name: first.name, range: first.range };
    }
    return undefined;
  }
  const location = treeLocationAt(root, offset);
  if (!location) return undefined;
  const [top, index, section, key, sub] = location.path;
  const scalar = stringScalar(location.node);
  if (!scalar) return undefined;
  const range = scalarContentRange(scalar);
  const value = scalar.value as string;
  if (top === 'inputs' && location.onKey && location.path.length === 2) return { kind: 'input', name: value, range };
  if (top === 'vars' && location.onKey && location.path.length === 2) return { kind: 'var', name: value, range };
  if (top === 'secrets' && location.path.length === 2 && !location.onKey) return { kind: 'secret', name: value, range };
  if (top !== 'steps' || typeof index !== 'number') return undefined;
  const step = workflow.steps[index];
  if (!step) return undefined;
  if (section === 'stepSlug' && location.path.length === 3 && !location.onKey) return { kind: 'step', name: value, range };
  if (section === 'nextSteps' && location.path.length === 4 && !location.onKey) {
    return (RESERVED_TARGETS as readonly string[]).includes(value) ? undefined : { kind: 'step', name: value, range };
  }
  if (section === 'config' && key === 'branches' && typeof sub === 'number' && !location.onKey && step.type === 'parallel') return { kind: 'step', name: value, range };
  if (section === 'config' && key === 'itemVariable' && location.path.length === 4 && !location.onKey && step.type === 'loop') return { kind: 'alias', name: value, range, loop: step };
  if (section === 'config' && key === 'parameters' && location.onKey && location.path.length === 5 && isSetVariables(step)) return { kind: 'var', name: value, range };
  return undefined;
}

function isSetVariables(step: Step): boolean {
  const type = getValue(step.config, 'type');
  return step.type === 'action' && type?.kind === 'scalar' && type.value === 'set_variables';
}

/** Every place the symbol is declared or used in this document, in source order. */
export function occurrencesOf(state: DocumentState, symbol: Pick<WorkflowSymbol, 'kind' | 'name' | 'loop'>): Occurrence[] {
  const { workflow } = state.document;
  const result: Occurrence[] = [];
  const add = (range: SourceRange, isDeclaration: boolean) => result.push({ range, isDeclaration });
  switch (symbol.kind) {
    case 'step':
      for (const step of workflow.steps) {
        if (step.slugNode && step.slug === symbol.name) add(scalarContentRange(step.slugNode), true);
        for (const edge of step.nextSteps) {
          const target = stringScalar(edge.targetNode);
          if (target && target.value === symbol.name) add(scalarContentRange(target), false);
        }
        if (step.type === 'parallel') {
          const branches = getPair(step.config, 'branches')?.value;
          if (branches?.kind === 'seq') for (const item of branches.items) if (stringScalar(item)?.value === symbol.name) add(scalarContentRange(item as YScalar), false);
        }
      }
      break;
    case 'input':
      for (const input of workflow.inputs) if (input.name === symbol.name) add(scalarContentRange(input.keyNode), true);
      break;
    case 'var':
      for (const declared of workflow.vars) if (declared.name === symbol.name) add(scalarContentRange(declared.keyNode), true);
      for (const step of workflow.steps) {
        if (!isSetVariables(step)) continue;
        const parameters = getPair(step.config, 'parameters')?.value;
        if (parameters?.kind === 'map') for (const pair of parameters.pairs) if (pair.key.value === symbol.name) add(scalarContentRange(pair.key), !workflow.vars.some((item) => item.name === symbol.name));
      }
      break;
    case 'secret':
      for (const secret of workflow.secrets) if (secret.name === symbol.name) add(scalarContentRange(secret.node), true);
      break;
    case 'alias': {
      const loop = symbol.loop;
      const node = loop ? stringScalar(getValue(loop.config, 'itemVariable')) : undefined;
      if (node) add(scalarContentRange(node), true);
      break;
    }
  }
  for (const range of templateOccurrences(state, symbol)) add(range, false);
  return result.sort((a, b) => a.range.start - b.range.start);
}

function templateOccurrences(state: DocumentState, symbol: Pick<WorkflowSymbol, 'kind' | 'name' | 'loop'>): SourceRange[] {
  const structure = state.structure();
  const ranges: SourceRange[] = [];
  const root = symbol.kind === 'step' ? 'steps' : symbol.kind === 'input' ? 'input' : symbol.kind === 'var' ? 'vars' : symbol.kind === 'secret' ? 'secrets' : symbol.name;
  for (const site of structure.sites) {
    if (!site.exact) {
      ranges.push(...rawOccurrences(state, site, root, symbol));
      continue;
    }
    // Every template of the document: walk each tree as parsed and move only the ranges found.
    for (const template of site.templates) {
      for (const reference of collectReferences(template.parsedAst)) {
        if (reference.root !== root) continue;
        if (symbol.kind === 'alias') {
          const scope = scopeFor(site.context, structure.graph, structure.order);
          if (scope.aliases.get(symbol.name) === symbol.loop) ranges.push(shiftRange(reference.rootRange, template.shift));
          continue;
        }
        const first = reference.segments[0];
        if (first && first.name === symbol.name) ranges.push(shiftRange(first.range, template.shift));
      }
    }
  }
  return ranges;
}

/**
 * In a scalar whose source differs from its value (escapes in double quotes), parsed ranges are
 * not exact, so occurrences are found in the source text itself.
 */
function rawOccurrences(state: DocumentState, site: TemplateSite, root: string, symbol: Pick<WorkflowSymbol, 'kind' | 'name'>): SourceRange[] {
  const { text } = state.document;
  const raw = text.slice(site.node.start, site.node.end);
  const escaped = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = symbol.kind === 'alias' ? new RegExp(`(?<![\\w$.])(${escaped(symbol.name)})(?![\\w$])`, 'g') : new RegExp(`(?<![\\w$.])${escaped(root)}\\s*\\.\\s*(${escaped(symbol.name)})(?![\\w$])`, 'g');
  const ranges: SourceRange[] = [];
  for (const match of raw.matchAll(pattern)) {
    const start = site.node.start + match.index + match[0].length - match[1]!.length;
    ranges.push({ start, end: start + match[1]!.length });
  }
  return ranges;
}
