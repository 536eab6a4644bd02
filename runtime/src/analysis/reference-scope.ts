// What a template may refer to at a given site: which steps have run (always / sometimes),
// which loops enclose it (for `loop.*` and item aliases), and the names of inputs, vars and
// secrets. Shared by the reference checks and by completion in the language server.

import { EXPRESSION_ROOTS, STEP_RECORD_FIELDS } from '../expr/index.ts';
import type { Step, Workflow } from '../language/workflow-model.ts';
import { getPair, getValue } from '../language/yaml-tree.ts';
import type { RunFacts, RunOrder } from './run-order.ts';
import { stepGraphIndex, type StepGraph } from './step-graph.ts';
import { stringsOfWorkflow } from './string-values.ts';
import type { SiteContext } from './template-sites.ts';

// Names as lists, from the expression language's one table of roots and fields (which also
// holds their descriptions for completion and hover).
export const ROOT_NAMES: readonly string[] = Object.keys(EXPRESSION_ROOTS);
export const STEP_FIELDS: readonly string[] = Object.keys(STEP_RECORD_FIELDS);
export const LOOP_FIELDS: readonly string[] = Object.keys(EXPRESSION_ROOTS['loop']!.fields);
export const EXECUTION_FIELDS: readonly string[] = Object.keys(EXPRESSION_ROOTS['execution']!.fields);
export const WORKFLOW_FIELDS: readonly string[] = Object.keys(EXPRESSION_ROOTS['workflow']!.fields);

export interface ReferenceScope {
  context: SiteContext;
  facts: RunFacts;
  /** Loops whose iteration the site runs in, outermost first. */
  loops: Step[];
  /** Item aliases in scope (`itemVariable`), innermost loop winning. */
  aliases: Map<string, Step>;
}

export function scopeFor(context: SiteContext, graph: StepGraph, order: RunOrder): ReferenceScope {
  let facts: RunFacts;
  let loops: Step[] = [];
  switch (context.kind) {
    case 'step':
      facts = order.before(context.step);
      loops = enclosingLoops(graph, context.step);
      break;
    case 'collect':
      facts = order.atIterationEnd(context.step);
      loops = [...enclosingLoops(graph, context.step), context.step];
      break;
    case 'output':
      facts = order.atExit;
      break;
    case 'vars':
      facts = order.atStart;
      break;
  }
  const aliases = new Map<string, Step>();
  for (const loop of loops) {
    const alias = itemVariableOf(loop);
    if (alias) aliases.set(alias, loop);
  }
  return { context, facts, loops, aliases };
}

function enclosingLoops(graph: StepGraph, step: Step): Step[] {
  const loops: Step[] = [];
  const { steps } = graph.workflow;
  // A step of this workflow is looked up by its index; any other one through the map.
  const blocks = steps[step.index] === step ? stepGraphIndex(graph).enclosing[step.index]! : (graph.enclosing.get(step) ?? []);
  for (const block of blocks) if (block.kind === 'loop') loops.push(block.owner);
  return loops;
}

export function itemVariableOf(loop: Step): string | undefined {
  const value = getValue(loop.config, 'itemVariable');
  return value?.kind === 'scalar' && typeof value.value === 'string' ? value.value : undefined;
}

/** Variable names: declared under `vars` or set by any `set_variables` step. */
export function knownVariables(workflow: Workflow): Map<string, { step?: Step }> {
  const names = new Map<string, { step?: Step }>();
  for (const declared of workflow.vars) names.set(declared.name, {});
  // A `set_variables` step has the string `set_variables` under its `type`: the strings the passes
  // share find those few steps without reading every step's config; each is then checked fully.
  const { config, configEntries, stepStarts } = stringsOfWorkflow(workflow);
  const { values } = config;
  let stepIndex = 0;
  let lastCandidate = -1;
  for (let at = 0; at < values.length; at++) {
    if (values[at] !== 'set_variables' || configEntries[at] !== 'type') continue;
    while (stepStarts[stepIndex + 1]! <= at) stepIndex++;
    if (stepIndex === lastCandidate) continue;
    lastCandidate = stepIndex;
    const step = workflow.steps[stepIndex]!;
    if (step.type !== 'action' || getValue(step.config, 'type')?.kind !== 'scalar') continue;
    if ((getValue(step.config, 'type') as { value: unknown }).value !== 'set_variables') continue;
    const parameters = getPair(step.config, 'parameters')?.value;
    if (parameters?.kind === 'map') for (const pair of parameters.pairs) if (!names.has(String(pair.key.value))) names.set(String(pair.key.value), { step });
  }
  return names;
}
