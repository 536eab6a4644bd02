// The control-flow structure of a workflow: edges between steps by port, loop and parallel
// bodies, which loops enclose each step, and reachability from the trigger. Built once per
// analysis and shared by the graph checks, the reference scopes and the language server.

import { STEP_TYPE_INFO, isStepType, type StepType } from '../language/step-types.ts';
import type { PortEdge, Step, Workflow } from '../language/workflow-model.ts';

export interface GraphEdge {
  from: Step;
  port: string;
  edge: PortEdge;
  /** The target step; undefined for `end`, `fail` and unknown targets. */
  to?: Step;
  /** An edge from a loop (or parallel) body back to its own loop (or parallel): "next item". */
  reentry: boolean;
}

/** A loop or parallel step with the steps of its body (for a parallel: of all its branches). */
export interface ScopeBlock {
  owner: Step;
  kind: 'loop' | 'parallel';
  /** The body's entry steps: the `next` target of a loop, the `branches` of a parallel. */
  entries: Step[];
  body: Set<Step>;
  /** Body steps where an iteration (or branch) ends: a re-entry edge or an unwired non-error port. */
  exits: Step[];
}

export interface StepGraph {
  workflow: Workflow;
  trigger?: Step;
  edgesFrom: Map<Step, GraphEdge[]>;
  edgesTo: Map<Step, GraphEdge[]>;
  blocks: Map<Step, ScopeBlock>;
  /** For each step, the loop/parallel blocks whose bodies contain it, outermost first. */
  enclosing: Map<Step, ScopeBlock[]>;
  reachable: Set<Step>;
  /** Steps in an order where, ignoring re-entry edges, every step follows its predecessors. */
  order: Step[];
}

export function stepTypeOf(step: Step): StepType | undefined {
  return isStepType(step.type) ? step.type : undefined;
}

/** Port names a step may use; unknown step types accept any port (the type itself is reported). */
export function portsOf(step: Step): readonly string[] | undefined {
  const type = stepTypeOf(step);
  return type ? STEP_TYPE_INFO[type].ports : undefined;
}

export function buildStepGraph(workflow: Workflow): StepGraph {
  const { steps, stepsBySlug } = workflow;
  const edgesFrom = new Map<Step, GraphEdge[]>();
  const edgesTo = new Map<Step, GraphEdge[]>();
  for (const step of steps) {
    edgesFrom.set(step, []);
    edgesTo.set(step, []);
  }
  const trigger = steps.find((step) => step.type === 'trigger');

  for (const step of steps) {
    for (const edge of step.nextSteps) {
      const to = edge.target !== undefined ? stepsBySlug.get(edge.target) : undefined;
      const graphEdge: GraphEdge = { from: step, port: edge.port, edge, ...(to ? { to } : {}), reentry: false };
      edgesFrom.get(step)!.push(graphEdge);
      if (to) edgesTo.get(to)!.push(graphEdge);
    }
  }

  const blocks = new Map<Step, ScopeBlock>();
  for (const step of steps) {
    if (step.type === 'loop') {
      const next = edgesFrom.get(step)!.find((edge) => edge.port === 'next')?.to;
      blocks.set(step, buildBlock(step, 'loop', next ? [next] : [], edgesFrom));
    } else if (step.type === 'parallel') {
      blocks.set(step, buildBlock(step, 'parallel', branchEntries(step, stepsBySlug), edgesFrom));
    }
  }

  const enclosing = new Map<Step, ScopeBlock[]>();
  for (const step of steps) enclosing.set(step, []);
  // Larger bodies enclose smaller ones, so sorting by size gives outermost first.
  const bySize = [...blocks.values()].sort((a, b) => b.body.size - a.body.size);
  for (const block of bySize) for (const member of block.body) enclosing.get(member)!.push(block);

  const reachable = new Set<Step>();
  if (trigger) {
    const stack = [trigger];
    reachable.add(trigger);
    while (stack.length > 0) {
      const step = stack.pop()!;
      const successors = edgesFrom.get(step)!.map((edge) => edge.to);
      const block = blocks.get(step);
      if (block) successors.push(...block.entries);
      for (const next of successors) {
        if (next && !reachable.has(next)) {
          reachable.add(next);
          stack.push(next);
        }
      }
    }
  }

  return { workflow, ...(trigger ? { trigger } : {}), edgesFrom, edgesTo, blocks, enclosing, reachable, order: topologicalOrder(steps, edgesFrom, blocks) };
}

function branchEntries(step: Step, stepsBySlug: Map<string, Step>): Step[] {
  const branches = step.config?.pairs.find((pair) => pair.key.value === 'branches')?.value;
  if (branches?.kind !== 'seq') return [];
  const entries: Step[] = [];
  for (const item of branches.items) {
    const target = item.kind === 'scalar' && typeof item.value === 'string' ? stepsBySlug.get(item.value) : undefined;
    if (target) entries.push(target);
  }
  return entries;
}

function buildBlock(owner: Step, kind: 'loop' | 'parallel', entries: Step[], edgesFrom: Map<Step, GraphEdge[]>): ScopeBlock {
  const body = new Set<Step>();
  const exits: Step[] = [];
  const stack = entries.filter((entry) => entry !== owner);
  for (const entry of stack) body.add(entry);
  while (stack.length > 0) {
    const step = stack.pop()!;
    let endsHere = false;
    const edges = edgesFrom.get(step)!;
    const wired = new Set(edges.map((edge) => edge.port));
    for (const edge of edges) {
      if (edge.to === owner) {
        // Routing back to the loop (or parallel) ends this iteration (or branch).
        edge.reentry = true;
        endsHere = true;
      } else if (edge.to && !body.has(edge.to)) {
        body.add(edge.to);
        stack.push(edge.to);
      }
    }
    for (const port of portsOf(step) ?? []) if (port !== 'error' && !wired.has(port)) endsHere = true;
    if (endsHere) exits.push(step);
  }
  return { owner, kind, entries, body, exits };
}

/** Depth-first post-order over forward edges (re-entry edges ignored), reversed. */
function topologicalOrder(steps: Step[], edgesFrom: Map<Step, GraphEdge[]>, blocks: Map<Step, ScopeBlock>): Step[] {
  const visited = new Set<Step>();
  const postOrder: Step[] = [];
  for (const root of steps) {
    if (visited.has(root)) continue;
    // An explicit stack keeps 5000-step chains from exhausting the call stack.
    const stack: Array<{ step: Step; successors: Step[]; next: number }> = [];
    const push = (step: Step) => {
      visited.add(step);
      // A block's body is explored last so that, reversed, it comes before the `done` successors.
      const block = blocks.get(step);
      const successors: Step[] = [];
      for (const edge of edgesFrom.get(step)!) if (edge.to && !edge.reentry && !(block && edge.port === 'next')) successors.push(edge.to);
      if (block) successors.push(...block.entries);
      stack.push({ step, successors, next: 0 });
    };
    push(root);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (frame.next < frame.successors.length) {
        const successor = frame.successors[frame.next++]!;
        if (!visited.has(successor)) push(successor);
      } else {
        postOrder.push(frame.step);
        stack.pop();
      }
    }
  }
  return postOrder.reverse();
}
