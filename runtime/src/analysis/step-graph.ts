// The control-flow structure of a workflow: edges between steps by port, loop and parallel
// bodies, which loops enclose each step, and reachability from the trigger. Built once per
// analysis and shared by the graph checks, the reference scopes and the language server.

import { STEP_TYPE_INFO, type StepType } from '../language/step-types.ts';
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

/**
 * The graph's per-step facts as lists by `step.index`: the same edges, blocks and reachability the
 * maps hold, for passes that ask about every step (no hashing of a step per question).
 */
export interface StepGraphIndex {
  readonly edgesFrom: readonly (readonly GraphEdge[])[];
  /** The loop or parallel block a step owns, if any. */
  readonly blockOf: readonly (ScopeBlock | undefined)[];
  readonly enclosing: readonly (readonly ScopeBlock[])[];
  /** 1 for steps reachable from the trigger. */
  readonly reachable: Uint8Array;
}

/** Built beside each graph by `buildStepGraph` (graphs are not changed afterwards). */
const indexes = new WeakMap<StepGraph, StepGraphIndex>();

export function stepGraphIndex(graph: StepGraph): StepGraphIndex {
  let index = indexes.get(graph);
  if (!index) {
    // A graph put together elsewhere: read the lists off its maps.
    const { steps } = graph.workflow;
    const reachable = new Uint8Array(steps.length);
    for (const step of graph.reachable) if (steps[step.index] === step) reachable[step.index] = 1;
    index = {
      edgesFrom: steps.map((step) => graph.edgesFrom.get(step) ?? []),
      blockOf: steps.map((step) => graph.blocks.get(step)),
      enclosing: steps.map((step) => graph.enclosing.get(step) ?? []),
      reachable,
    };
    indexes.set(graph, index);
  }
  return index;
}

export function stepTypeOf(step: Step): StepType | undefined {
  const { type } = step;
  // The table's own keys are exactly the step types: one lookup instead of a search of the list.
  return type !== undefined && Object.hasOwn(STEP_TYPE_INFO, type) ? (type as StepType) : undefined;
}

/** Port names a step may use; unknown step types accept any port (the type itself is reported). */
export function portsOf(step: Step): readonly string[] | undefined {
  const type = stepTypeOf(step);
  return type ? STEP_TYPE_INFO[type].ports : undefined;
}

/*
 * Steps are numbered by their place in `workflow.steps` (`step.index`), so the work below keeps
 * its per-step state in arrays and typed arrays; the maps of the result are filled once, in step
 * order, as they always were.
 */
export function buildStepGraph(workflow: Workflow): StepGraph {
  const { steps, stepsBySlug } = workflow;
  const count = steps.length;
  const outgoing: GraphEdge[][] = new Array<GraphEdge[]>(count);
  const incoming: GraphEdge[][] = new Array<GraphEdge[]>(count);
  const enclosingLists: ScopeBlock[][] = new Array<ScopeBlock[]>(count);
  const edgesFrom = new Map<Step, GraphEdge[]>();
  const edgesTo = new Map<Step, GraphEdge[]>();
  const enclosing = new Map<Step, ScopeBlock[]>();
  let trigger: Step | undefined;
  // One sweep sets up every map (each in step order); the lists are filled below.
  for (let index = 0; index < count; index++) {
    const step = steps[index]!;
    edgesFrom.set(step, (outgoing[index] = []));
    edgesTo.set(step, (incoming[index] = []));
    enclosing.set(step, (enclosingLists[index] = []));
    if (trigger === undefined && step.type === 'trigger') trigger = step;
  }

  for (let index = 0; index < count; index++) {
    const step = steps[index]!;
    const from = outgoing[index]!;
    for (const edge of step.nextSteps) {
      const to = edge.target !== undefined ? stepsBySlug.get(edge.target) : undefined;
      // Both shapes written out (not spread), with the keys in the same order.
      const graphEdge: GraphEdge = to ? { from: step, port: edge.port, edge, to, reentry: false } : { from: step, port: edge.port, edge, reentry: false };
      from.push(graphEdge);
      if (to) incoming[to.index]!.push(graphEdge);
    }
  }

  const blocks = new Map<Step, ScopeBlock>();
  const blockOf = new Array<ScopeBlock | undefined>(count).fill(undefined);
  for (let index = 0; index < count; index++) {
    const step = steps[index]!;
    if (step.type === 'loop') {
      let next: Step | undefined;
      for (const edge of outgoing[index]!) {
        if (edge.port === 'next') {
          next = edge.to;
          break;
        }
      }
      blocks.set(step, (blockOf[index] = buildBlock(step, 'loop', next ? [next] : [], outgoing)));
    } else if (step.type === 'parallel') {
      blocks.set(step, (blockOf[index] = buildBlock(step, 'parallel', branchEntries(step, stepsBySlug), outgoing)));
    }
  }

  // Larger bodies enclose smaller ones, so sorting by size gives outermost first.
  const bySize = [...blocks.values()].sort((a, b) => b.body.size - a.body.size);
  for (const block of bySize) for (const member of block.body) enclosingLists[member.index]!.push(block);

  const reachable = new Set<Step>();
  const seen = new Uint8Array(count);
  if (trigger) {
    const stack = [trigger];
    reachable.add(trigger);
    seen[trigger.index] = 1;
    const visit = (next: Step | undefined): void => {
      if (next && seen[next.index] === 0) {
        seen[next.index] = 1;
        reachable.add(next);
        stack.push(next);
      }
    };
    while (stack.length > 0) {
      const step = stack.pop()!;
      for (const edge of outgoing[step.index]!) visit(edge.to);
      const block = blockOf[step.index];
      if (block) for (const entry of block.entries) visit(entry);
    }
  }

  const graph: StepGraph = { workflow, ...(trigger ? { trigger } : {}), edgesFrom, edgesTo, blocks, enclosing, reachable, order: topologicalOrder(steps, outgoing, blockOf) };
  indexes.set(graph, { edgesFrom: outgoing, blockOf, enclosing: enclosingLists, reachable: seen });
  return graph;
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

function buildBlock(owner: Step, kind: 'loop' | 'parallel', entries: Step[], outgoing: readonly GraphEdge[][]): ScopeBlock {
  const body = new Set<Step>();
  const exits: Step[] = [];
  const stack = entries.filter((entry) => entry !== owner);
  for (const entry of stack) body.add(entry);
  while (stack.length > 0) {
    const step = stack.pop()!;
    let endsHere = false;
    const edges = outgoing[step.index]!;
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
    if (!endsHere) endsHere = hasUnwiredPort(step, edges);
    if (endsHere) exits.push(step);
  }
  return { owner, kind, entries, body, exits };
}

/** Whether the step has a port, other than the `ignored` ones, that no edge wires. */
export function hasUnwiredPort(step: Step, edges: readonly GraphEdge[], ignored: readonly string[] = ['error']): boolean {
  const ports = portsOf(step);
  if (!ports) return false;
  for (const port of ports) {
    if (ignored.includes(port)) continue;
    let wired = false;
    for (const edge of edges) {
      if (edge.port === port) {
        wired = true;
        break;
      }
    }
    if (!wired) return true;
  }
  return false;
}

/** Depth-first post-order over forward edges (re-entry edges ignored), reversed. */
function topologicalOrder(steps: readonly Step[], outgoing: readonly GraphEdge[][], blockOf: readonly (ScopeBlock | undefined)[]): Step[] {
  const count = steps.length;
  const visited = new Uint8Array(count);
  const postOrder: Step[] = [];
  // An explicit stack keeps 5000-step chains from exhausting the call stack. A frame is a step
  // and a cursor over its successors: its forward edges, then (for a block) its body entries.
  const stackSteps: Step[] = [];
  const stackBlocks: (ScopeBlock | undefined)[] = [];
  const stackNext: number[] = [];
  const push = (step: Step): void => {
    visited[step.index] = 1;
    stackSteps.push(step);
    stackBlocks.push(blockOf[step.index]);
    stackNext.push(0);
  };
  for (const root of steps) {
    if (visited[root.index] === 1) continue;
    push(root);
    while (stackSteps.length > 0) {
      const top = stackSteps.length - 1;
      const step = stackSteps[top]!;
      const block = stackBlocks[top];
      const edges = outgoing[step.index]!;
      // A block's body is explored last so that, reversed, it comes before the `done` successors.
      let successor: Step | undefined;
      let cursor = stackNext[top]!;
      while (successor === undefined && cursor < edges.length) {
        const edge = edges[cursor++]!;
        if (edge.to && !edge.reentry && !(block && edge.port === 'next')) successor = edge.to;
      }
      if (successor === undefined && block && cursor - edges.length < block.entries.length) successor = block.entries[cursor++ - edges.length];
      if (successor === undefined) {
        postOrder.push(step);
        stackSteps.pop();
        stackBlocks.pop();
        stackNext.pop();
        continue;
      }
      stackNext[top] = cursor;
      if (visited[successor.index] === 0) push(successor);
    }
  }
  return postOrder.reverse();
}
