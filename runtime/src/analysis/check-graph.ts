// Structural rules of the step graph (spec §3–4): one trigger, unique and non-reserved slugs,
// wired targets and ports that exist, every step reachable, and no cycle that bypasses a loop.

import { closestMatch } from '../catalog/similar.ts';
import { diagnostic } from '../language/diagnostic.ts';
import { RESERVED_TARGETS } from '../language/step-types.ts';
import type { Step } from '../language/workflow-model.ts';
import { getPair } from '../language/yaml-tree.ts';
import type { AnalysisContext } from './analysis-context.ts';
import { portsOf, stepGraphIndex, type StepGraph } from './step-graph.ts';
import { spanOf } from '../language/source-range.ts';

export function checkGraph(context: AnalysisContext, graph: StepGraph): void {
  checkTriggers(context, graph);
  checkSlugs(context, graph);
  checkEdges(context, graph);
  checkReachability(context, graph);
  checkCycles(context, graph);
}

/** The node to underline for "this step": its slug, else its first key, else the whole item. */
export function stepAnchor(step: Step) {
  if (step.slugNode) return spanOf(step.slugNode);
  if (step.node.kind === 'map' && step.node.pairs[0]) return spanOf(step.node.pairs[0].key);
  return spanOf(step.node);
}

function checkTriggers(context: AnalysisContext, graph: StepGraph): void {
  const { workflow } = graph;
  const triggers = workflow.steps.filter((step) => step.type === 'trigger');
  if (triggers.length === 0 && workflow.stepsNode) {
    const stepsKey = getPair(context.document.root, 'steps')?.key;
    context.report(diagnostic('missing-trigger', 'This workflow has no trigger step: add a step with `stepType: trigger` (execution starts there).', spanOf(stepsKey ?? workflow.stepsNode)));
  }
  for (const extra of triggers.slice(1)) {
    context.report(
      diagnostic('multiple-triggers', 'A workflow has exactly one trigger; this is a second one. Split the workflow or change this step’s type.', spanOf(extra.typeNode ?? extra.node), {
        related: [{ message: 'First trigger defined here', range: stepAnchor(triggers[0]!) }],
      }),
    );
  }
}

function checkSlugs(context: AnalysisContext, graph: StepGraph): void {
  for (const step of graph.workflow.steps) {
    if (step.slug === undefined || !step.slugNode) continue;
    if ((RESERVED_TARGETS as readonly string[]).includes(step.slug)) {
      context.report(diagnostic('reserved-slug', `\`${step.slug}\` is reserved for the \`nextSteps\` target that ${step.slug === 'end' ? 'completes' : 'fails'} the run; choose another slug.`, spanOf(step.slugNode)));
      continue;
    }
    const first = graph.workflow.stepsBySlug.get(step.slug);
    if (first && first !== step) {
      context.report(
        diagnostic('duplicate-slug', `Step slug \`${step.slug}\` is already used; slugs must be unique in a workflow.`, spanOf(step.slugNode), {
          related: [{ message: `\`${step.slug}\` first defined here`, range: stepAnchor(first) }],
        }),
      );
    }
  }
}

function checkEdges(context: AnalysisContext, graph: StepGraph): void {
  // The list of slugs is only needed for suggestions, when a target is unknown.
  let slugs: string[] | undefined;
  const knownSlugs = (): string[] => (slugs ??= [...graph.workflow.stepsBySlug.keys()]);
  const { edgesFrom } = stepGraphIndex(graph);
  for (const step of graph.workflow.steps) {
    const ports = portsOf(step);
    for (const edge of edgesFrom[step.index]!) {
      if (ports && !ports.includes(edge.port)) {
        const suggestion = closestMatch(edge.port, ports);
        context.report(
          diagnostic('unknown-port', `${/^[aeiou]/.test(step.type ?? '') ? 'An' : 'A'} ${step.type} step has no port \`${edge.port}\`${suggestion ? `. Did you mean \`${suggestion}\`?` : ''} Its ports are ${ports.map((port) => `\`${port}\``).join(', ')}.`, spanOf(edge.edge.portNode), {
            data: { ports: [...ports], ...(suggestion ? { suggestion } : {}) },
          }),
        );
      }
      const { target, targetNode } = edge.edge;
      if (target === undefined || !targetNode) continue;
      if (!edge.to && !(RESERVED_TARGETS as readonly string[]).includes(target)) {
        reportUnknownStep(context, target, spanOf(targetNode), knownSlugs(), step);
      }
    }
    if (step.type === 'parallel') {
      const branches = getPair(step.config, 'branches')?.value;
      if (branches?.kind === 'seq') {
        for (const item of branches.items) {
          if (item.kind === 'scalar' && typeof item.value === 'string' && !graph.workflow.stepsBySlug.has(item.value)) {
            reportUnknownStep(context, item.value, spanOf(item), knownSlugs(), step);
          }
        }
      }
    }
  }
}

function reportUnknownStep(context: AnalysisContext, target: string, range: { start: number; end: number }, slugs: string[], from: Step): void {
  const suggestion = closestMatch(target, [...slugs.filter((slug) => slug !== from.slug), ...RESERVED_TARGETS]);
  context.report(
    diagnostic('unknown-step', `No step \`${target}\` in this workflow${suggestion ? `. Did you mean \`${suggestion}\`?` : '.'} Targets are step slugs, \`end\` or \`fail\`.`, range, {
      data: { target, ...(suggestion ? { suggestion } : {}) },
    }),
  );
}

function checkReachability(context: AnalysisContext, graph: StepGraph): void {
  if (!graph.trigger) return;
  const { reachable } = stepGraphIndex(graph);
  for (const step of graph.workflow.steps) {
    if (reachable[step.index] || step.type === 'trigger') continue;
    // A duplicate or reserved slug is reported as such; it cannot be routed to, so "unreachable" would only repeat it.
    if (step.slug !== undefined && (graph.workflow.stepsBySlug.get(step.slug) !== step || (RESERVED_TARGETS as readonly string[]).includes(step.slug))) continue;
    context.report(diagnostic('unreachable-step', `Step \`${step.slug ?? `#${step.index + 1}`}\` is never run: no path from the trigger leads to it.`, stepAnchor(step)));
  }
}

/**
 * A cycle is allowed only through a loop (or parallel) step: removing every edge into such a
 * step must leave the graph acyclic. The edge that closes each remaining cycle is reported.
 */
function checkCycles(context: AnalysisContext, graph: StepGraph): void {
  const WHITE = 0;
  const GRAY = 1;
  const BLACK = 2;
  const { edgesFrom } = stepGraphIndex(graph);
  // Colors by step index; every edge target is one of the workflow's steps.
  const color = new Uint8Array(graph.workflow.steps.length);
  const isScopeOwner = (step: Step) => step.type === 'loop' || step.type === 'parallel';
  // The depth-first stack as two parallel lists: the step and the next edge to follow from it.
  const stackSteps: Step[] = [];
  const stackNext: number[] = [];
  for (const root of graph.workflow.steps) {
    if (color[root.index] !== WHITE) continue;
    stackSteps.push(root);
    stackNext.push(0);
    color[root.index] = GRAY;
    while (stackSteps.length > 0) {
      const top = stackSteps.length - 1;
      const step = stackSteps[top]!;
      const edges = edgesFrom[step.index]!;
      if (stackNext[top]! >= edges.length) {
        color[step.index] = BLACK;
        stackSteps.pop();
        stackNext.pop();
        continue;
      }
      const edge = edges[stackNext[top]!++]!;
      const to = edge.to;
      if (!to || isScopeOwner(to)) continue;
      const state = color[to.index];
      if (state === GRAY) {
        context.report(
          diagnostic('cycle-without-loop', `Routing back to \`${to.slug}\` makes a cycle with no loop step on it. Use a \`loop\` step to repeat steps.`, spanOf(edge.edge.targetNode ?? edge.edge.portNode), {
            related: [{ message: `\`${to.slug}\` defined here`, range: stepAnchor(to) }],
          }),
        );
      } else if (state === WHITE) {
        color[to.index] = GRAY;
        stackSteps.push(to);
        stackNext.push(0);
      }
    }
  }
}
