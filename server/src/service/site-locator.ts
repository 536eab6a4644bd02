// Decides where a template at the cursor is evaluated (which step, `collect`, `output`, `vars`)
// from its YAML path, and which parse of the document knows that step: the current one, or the
// last one without syntax errors when the current text is too broken to hold it.

import type { SiteContext } from '../../../runtime/src/analysis/template-sites.ts';
import type { Step } from '../../../runtime/src/language/workflow-model.ts';
import type { DocumentState } from './document-cache.ts';
import type { PathSegment } from './yaml-cursor.ts';

export interface SiteLocation {
  context: SiteContext;
  /** The document state whose workflow holds the site's step. */
  state: DocumentState;
  step?: Step;
  /** A condition's `expression`: the whole value is one expression, `<< >>` optional. */
  isCondition: boolean;
}

/**
 * `fullPath` is the path of the value the cursor is in; `stepKeys` the keys written in the
 * step's map (its slug and type, read from the text when the parse lost them).
 */
export function locateSite(fullPath: readonly PathSegment[], stepKeys: Readonly<Record<string, string>>, states: readonly (DocumentState | undefined)[]): SiteLocation | undefined {
  const [top, index, section, key] = fullPath;
  if (top === 'output' || top === 'vars') {
    const state = states.find((candidate) => candidate !== undefined);
    return state ? { context: { kind: top }, state, isCondition: false } : undefined;
  }
  if (top !== 'steps' || typeof index !== 'number' || section !== 'config' || key === 'outputSchema') return undefined;
  const slug = stepKeys['stepSlug'] || undefined;
  for (const state of states) {
    if (!state) continue;
    const { workflow } = state.document;
    const byIndex = workflow.steps[index];
    const step = slug !== undefined ? workflow.stepsBySlug.get(slug) ?? (byIndex && byIndex.slug === undefined ? byIndex : undefined) : byIndex;
    if (!step) continue;
    const type = stepKeys['stepType'] || step.type;
    const isCondition = type === 'condition' && key === 'expression' && fullPath.length === 4;
    const context: SiteContext = type === 'loop' && key === 'collect' ? { kind: 'collect', step } : { kind: 'step', step };
    return { context, state, step, isCondition };
  }
  return undefined;
}
