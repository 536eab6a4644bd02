// Which steps have run by the time a point of a run is reached: on every path ("always"), on
// some path ("sometimes"), and whose `error` port leads there. "Always" is dominance and
// "sometimes" is reachability in the step graph, so setting up costs O(n log n) time and each
// question is a constant-time dominator-tree check or a search cached per step asked about.

import type { Step } from '../language/workflow-model.ts';
import { hasUnwiredPort, stepGraphIndex, type StepGraph, type StepGraphIndex } from './step-graph.ts';

export type RanBefore = 'always' | 'sometimes' | 'never';

/** What is known at one point of a run: before a step, at a loop iteration's end, at exit, at start. */
export interface RunFacts {
  /** Whether `step` has run by this point on every path, on some path, or on none. */
  ranBefore(step: Step): RanBefore;
  /** Whether this point lies on a path leaving `step` through its `error` port (or an enclosing loop's). */
  isOnErrorPath(step: Step): boolean;
}

export interface RunOrder {
  /** Facts at the start of a step (before it runs). */
  before(step: Step): RunFacts;
  /** Facts when a loop iteration ends, where `collect` is evaluated. */
  atIterationEnd(loop: Step): RunFacts;
  /** Facts when the run completes, where the workflow `output` is evaluated. */
  readonly atExit: RunFacts;
  /** Facts before anything runs: initial `vars`. */
  readonly atStart: RunFacts;
}

export function ranBefore(facts: RunFacts, step: Step): RanBefore {
  return facts.ranBefore(step);
}

export function isOnErrorPath(facts: RunFacts, step: Step): boolean {
  return facts.isOnErrorPath(step);
}

/*
 * The model. Facts flow along the step graph in `graph.order` (re-entry edges ignored), and
 * every question is answered as the forward data flow over that order would answer it:
 *
 * - A step's facts flow to the targets of its ports. A loop or parallel step B flows into its
 *   body's entries and into a virtual "done" node, which flows to the targets of B's `done` and
 *   `error` ports: a loop may run zero times, so after it only what ran before it is certain,
 *   plus, for a parallel, every branch's entry step.
 * - "Always" is dominance over those edges from a virtual root that leads to the trigger and to
 *   every step nothing flows into.
 * - "Sometimes" is reachability over the same edges plus one from every body step to its block's
 *   done node (whatever ran in the body may have run after it).
 * - "On the error path of S" holds where an `error` edge of S, or of a block whose body holds S,
 *   reaches without leaving through another port's facts.
 * - An edge to a step earlier in the order (a block's `done` routed back to an enclosing loop, or
 *   a cycle without a loop) adds its facts to that step only, without flowing on.
 * - A loop's iteration ends at its body's exits (or at the loop itself when the body has none),
 *   and the run exits at every top-level step that ends it; both are virtual nodes.
 */

/** Bits of a Uint32Array set. */
function hasBit(set: Uint32Array, index: number): boolean {
  return (set[index >>> 5]! & (1 << (index & 31))) !== 0;
}

const NO_NODE = -1;


/** Compressed adjacency lists. */
interface Adjacency {
  offsets: Int32Array;
  targets: Int32Array;
}

function buildAdjacency(nodeCount: number, from: number[], to: number[]): Adjacency {
  const offsets = new Int32Array(nodeCount + 1);
  for (const node of from) offsets[node + 1]!++;
  for (let node = 0; node < nodeCount; node++) offsets[node + 1]! += offsets[node]!;
  const fill = offsets.slice(0, nodeCount);
  const targets = new Int32Array(from.length);
  for (let edge = 0; edge < from.length; edge++) targets[fill[from[edge]!]!++] = to[edge]!;
  return { offsets, targets };
}

interface ErrorEdge {
  target: number;
  /** The edge goes back in the order: its facts reach its target only. */
  terminal: boolean;
}

export function computeRunOrder(graph: StepGraph): RunOrder {
  return new RunOrderIndex(graph);
}

class RunOrderIndex implements RunOrder {
  readonly atExit: RunFacts;
  readonly atStart: RunFacts;

  private readonly graph: StepGraph;
  private readonly stepCount: number;
  private readonly nodeCount: number;
  private readonly root: number;
  private readonly exit: number;
  /** For each block owner's index: its block number; -1 for other steps. */
  private readonly blockNumber: Int32Array;
  private readonly blockOwners: Step[];

  /** Forward edges that carry facts on (to a later node in the order). */
  private readonly flow: Adjacency;
  private readonly predecessors: Adjacency;
  /** Edges only "sometimes" follows: body steps to their block's done node, a top-level block's done node to the exit. */
  private readonly mayFrom: number[] = [];
  private readonly mayTo: number[] = [];
  /** Edges back in the order, by target: their sources' facts reach the target only. */
  private readonly backSources = new Map<number, number[]>();
  private readonly errorEdges = new Map<number, ErrorEdge[]>();
  /** Steps that are a branch entry of a parallel, with the parallels' done nodes. */
  private readonly entryOfParallel = new Map<number, number[]>();

  private readonly position: Int32Array;
  private readonly idom: Int32Array;
  /** Depth of each node in the dominator tree (-1 when unreached) and its skew-binary jump pointer. */
  private readonly depth: Int32Array;
  private readonly jump: Int32Array;
  private readonly preorder: Int32Array;
  private readonly postorder: Int32Array;

  private readonly flowReversed: Adjacency;
  /** The "sometimes" edges as lists, forward and reversed: made when a "sometimes" question is first asked. */
  private mayOnlyLists: { forward: Adjacency; reversed: Adjacency } | undefined;
  private readonly mayAncestors = new Map<number, Uint32Array>();
  private readonly flowAncestors = new Map<number, Uint32Array>();
  private mayComponent: Int32Array | undefined;
  private mayClosure: Uint32Array[] | undefined;
  private flowComponent: Int32Array | undefined;
  private flowClosure: Uint32Array[] | undefined;
  private readonly reachAvoiding = new Map<number, Uint32Array>();
  private readonly points = new Map<number, RunFacts>();

  constructor(graph: StepGraph) {
    this.graph = graph;
    const steps = graph.workflow.steps;
    const stepCount = steps.length;
    this.stepCount = stepCount;
    this.blockOwners = [...graph.blocks.keys()];
    const blockCount = this.blockOwners.length;
    this.exit = stepCount + 2 * blockCount;
    this.root = this.exit + 1;
    this.nodeCount = this.root + 1;
    this.blockNumber = new Int32Array(stepCount).fill(-1);
    this.blockOwners.forEach((owner, number) => (this.blockNumber[owner.index] = number));

    this.position = this.orderNodes();
    const flowFrom: number[] = [];
    const flowTo: number[] = [];
    const { mayFrom, mayTo } = this;
    // A step no path from the trigger reaches never runs, so its facts must not flow into steps
    // that do run: otherwise a mistyped target (which orphans steps) would make later steps look
    // "maybe not run". Inside the orphaned part facts still flow, so completion keeps working there.
    const live = this.liveNodes(stepGraphIndex(graph).reachable);
    const addEdge = (from: number, to: number, error: boolean): void => {
      if (!live[from] && live[to]) return;
      const terminal = this.position[from]! >= this.position[to]!;
      if (terminal) {
        const sources = this.backSources.get(to);
        if (sources) sources.push(from);
        else this.backSources.set(to, [from]);
      } else {
        flowFrom.push(from);
        flowTo.push(to);
      }
      if (error) {
        const edges = this.errorEdges.get(from);
        const edge = { target: to, terminal };
        if (edges) edges.push(edge);
        else this.errorEdges.set(from, [edge]);
      }
    };

    const trigger = graph.trigger;
    const index = stepGraphIndex(graph);
    for (const step of steps) {
      const block = index.blockOf[step.index];
      for (const edge of index.edgesFrom[step.index]!) {
        const to = edge.to;
        // Nothing flows into the trigger: it always starts from nothing.
        if (!to || to === trigger) continue;
        if (block && (edge.port === 'next' || edge.port === 'done' || edge.port === 'error')) {
          // `next` is the body entry, added below. `done` and `error` leave from the done node,
          // even when they route back to an enclosing loop.
          if (edge.port !== 'next') addEdge(this.doneNode(step), to.index, edge.port === 'error');
          continue;
        }
        if (edge.reentry) continue;
        addEdge(step.index, to.index, edge.port === 'error');
      }
      if (!block) continue;
      const done = this.doneNode(step);
      for (const entry of block.entries) {
        if (entry === trigger) continue;
        addEdge(step.index, entry.index, false);
        if (block.kind === 'parallel') {
          const parallels = this.entryOfParallel.get(entry.index);
          if (parallels) parallels.push(done);
          else this.entryOfParallel.set(entry.index, [done]);
        }
      }
      addEdge(step.index, done, false);
      for (const member of block.body) {
        mayFrom.push(member.index);
        mayTo.push(done);
      }
      const iterationEnd = this.iterationEndNode(step);
      if (block.exits.length === 0) addEdge(step.index, iterationEnd, false);
      for (const exit of block.exits) addEdge(exit.index, iterationEnd, false);
    }
    for (const step of steps) {
      if (!endsRun(step, index)) continue;
      addEdge(step.index, this.exit, false);
      if (index.blockOf[step.index]) {
        mayFrom.push(this.doneNode(step));
        mayTo.push(this.exit);
      }
    }
    // Steps nothing flows into (the trigger among them) start from nothing: they hang off the root.
    const hasPredecessor = new Uint8Array(this.nodeCount);
    for (const to of flowTo) hasPredecessor[to] = 1;
    for (let step = 0; step < stepCount; step++) {
      if (hasPredecessor[step]) continue;
      flowFrom.push(this.root);
      flowTo.push(step);
    }
    this.flow = buildAdjacency(this.nodeCount, flowFrom, flowTo);
    this.predecessors = buildAdjacency(this.nodeCount, flowTo, flowFrom);
    // The reversed flow (the root among the predecessors is never asked about).
    this.flowReversed = this.predecessors;

    ({ idom: this.idom, depth: this.depth, jump: this.jump } = this.computeDominators());
    [this.preorder, this.postorder] = this.numberDominatorTree();

    this.atStart = { ranBefore: () => 'never', isOnErrorPath: () => false };
    this.atExit = this.pointAt(this.exit);
  }

  before(step: Step): RunFacts {
    return this.isStep(step) ? this.pointAt(step.index) : this.atStart;
  }

  atIterationEnd(loop: Step): RunFacts {
    if (!this.isStep(loop)) return this.atStart;
    return this.blockNumber[loop.index]! >= 0 ? this.pointAt(this.iterationEndNode(loop)) : this.pointAt(loop.index);
  }

  isStep(step: Step): boolean {
    return this.graph.workflow.steps[step.index] === step;
  }

  /** Nodes that can run: reachable steps, the virtual nodes of reachable blocks, the exit and the root. */
  private liveNodes(reachable: Uint8Array): Uint8Array {
    const live = new Uint8Array(this.nodeCount).fill(1);
    if (!this.graph.trigger) return live;
    for (const step of this.graph.workflow.steps) {
      if (reachable[step.index]) continue;
      live[step.index] = 0;
      if (this.blockNumber[step.index]! >= 0) {
        live[this.doneNode(step)] = 0;
        live[this.iterationEndNode(step)] = 0;
      }
    }
    return live;
  }

  private doneNode(owner: Step): number {
    return this.stepCount + 2 * this.blockNumber[owner.index]!;
  }

  private iterationEndNode(owner: Step): number {
    return this.stepCount + 2 * this.blockNumber[owner.index]! + 1;
  }

  /** Positions in the flow order: root, the steps in `graph.order` (each block followed by its done node), then iteration ends and the exit. */
  private orderNodes(): Int32Array {
    const position = new Int32Array(this.nodeCount).fill(-1);
    let next = 0;
    position[this.root] = next++;
    const place = (step: Step): void => {
      if (position[step.index] !== -1) return;
      position[step.index] = next++;
      if (this.blockNumber[step.index]! >= 0) position[this.doneNode(step)] = next++;
    };
    for (const step of this.graph.order) if (this.isStep(step)) place(step);
    for (const step of this.graph.workflow.steps) place(step);
    for (const owner of this.blockOwners) position[this.iterationEndNode(owner)] = next++;
    position[this.exit] = next++;
    return position;
  }

  /**
   * Immediate dominators over the forward edges, which follow the order, so one pass in that order
   * is exact. The tree is grown with depths and skew-binary jump pointers, so the common dominator
   * of two nodes takes logarithmic time: walking up one parent at a time turns quadratic when many
   * far-apart steps meet at one node (every approval step with an unwired port ends the run).
   */
  private computeDominators(): { idom: Int32Array; depth: Int32Array; jump: Int32Array } {
    const { nodeCount, position, root, predecessors } = this;
    const idom = new Int32Array(nodeCount).fill(NO_NODE);
    const depth = new Int32Array(nodeCount).fill(-1);
    const jump = new Int32Array(nodeCount).fill(NO_NODE);
    idom[root] = root;
    depth[root] = 0;
    jump[root] = root;
    const byPosition = new Int32Array(nodeCount);
    for (let node = 0; node < nodeCount; node++) byPosition[position[node]!] = node;
    for (let rank = 1; rank < nodeCount; rank++) {
      const node = byPosition[rank]!;
      let dominator = NO_NODE;
      for (let edge = predecessors.offsets[node]!; edge < predecessors.offsets[node + 1]!; edge++) {
        const predecessor = predecessors.targets[edge]!;
        if (idom[predecessor] === NO_NODE) continue;
        dominator = dominator === NO_NODE ? predecessor : commonAncestor(idom, depth, jump, dominator, predecessor);
      }
      // A virtual node nothing flows into is never reached.
      idom[node] = dominator;
      if (dominator === NO_NODE) continue;
      depth[node] = depth[dominator]! + 1;
      const up = jump[dominator]!;
      jump[node] = depth[dominator]! - depth[up]! === depth[up]! - depth[jump[up]!]! ? jump[up]! : dominator;
    }
    return { idom, depth, jump };
  }

  /** Pre- and post-order numbers of the dominator tree, so "a dominates b" is two comparisons. */
  private numberDominatorTree(): [Int32Array, Int32Array] {
    const { nodeCount, idom, root } = this;
    const children: number[] = [];
    const parents: number[] = [];
    for (let node = 0; node < nodeCount; node++) {
      if (node === root || idom[node] === NO_NODE) continue;
      parents.push(idom[node]!);
      children.push(node);
    }
    const tree = buildAdjacency(nodeCount, parents, children);
    const preorder = new Int32Array(nodeCount).fill(-1);
    const postorder = new Int32Array(nodeCount).fill(-1);
    const stack = [root];
    const nextChild = new Int32Array(nodeCount);
    let pre = 0;
    let post = 0;
    preorder[root] = pre++;
    while (stack.length > 0) {
      const node = stack[stack.length - 1]!;
      const edge = tree.offsets[node]! + nextChild[node]!;
      if (edge < tree.offsets[node + 1]!) {
        nextChild[node]!++;
        const child = tree.targets[edge]!;
        preorder[child] = pre++;
        stack.push(child);
      } else {
        postorder[node] = post++;
        stack.pop();
      }
    }
    return [preorder, postorder];
  }

  /** Whether `a` is `b` or dominates it. */
  private dominates(a: number, b: number): boolean {
    const { preorder, postorder } = this;
    return preorder[a]! >= 0 && preorder[b]! >= 0 && preorder[a]! <= preorder[b]! && postorder[b]! <= postorder[a]!;
  }

  /**
   * Whether `from` reaches `to` in one or more edges: along the flow, and with `sometimes` also
   * along the edges only "sometimes" follows. Questions come grouped by the point asked about,
   * so each point's ancestors are found once; past a few dozen points, reachability from every
   * node is computed in one go instead, so no workload turns quadratic.
   */
  reaches(from: number, to: number, sometimes: boolean): boolean {
    const closure = sometimes ? this.mayClosure : this.flowClosure;
    if (closure) return hasBit(closure[this.componentOf(sometimes)[from]!]!, to);
    const cache = sometimes ? this.mayAncestors : this.flowAncestors;
    let ancestors = cache.get(to);
    if (!ancestors) {
      const lists = sometimes ? [this.flowReversed, this.mayOnly().reversed] : [this.flowReversed];
      if (cache.size >= ANCESTOR_SEARCHES_BEFORE_CLOSURE && this.nodeCount <= MAX_NODES_FOR_CLOSURE) {
        const { component, reach } = transitiveClosure(this.nodeCount, sometimes ? [this.flow, this.mayOnly().forward] : [this.flow]);
        if (sometimes) [this.mayComponent, this.mayClosure] = [component, reach];
        else [this.flowComponent, this.flowClosure] = [component, reach];
        return hasBit(reach[component[from]!]!, to);
      }
      remember(cache, to, (ancestors = searchFrom(to, lists, this.nodeCount)));
    }
    return hasBit(ancestors, from);
  }

  private mayOnly(): { forward: Adjacency; reversed: Adjacency } {
    return (this.mayOnlyLists ??= { forward: buildAdjacency(this.nodeCount, this.mayFrom, this.mayTo), reversed: buildAdjacency(this.nodeCount, this.mayTo, this.mayFrom) });
  }

  private componentOf(sometimes: boolean): Int32Array {
    return (sometimes ? this.mayComponent : this.flowComponent)!;
  }

  /** Nodes the root reaches along the flow without passing `step` or the given done nodes. */
  private reachableAvoiding(step: number, doneNodes: readonly number[]): Uint32Array {
    const cached = this.reachAvoiding.get(step);
    if (cached) return cached;
    const seen = new Uint32Array((this.nodeCount + 31) >>> 5);
    const blocked = (node: number): boolean => node === step || doneNodes.includes(node);
    seen[this.root >>> 5]! |= 1 << (this.root & 31);
    const stack = [this.root];
    const { offsets, targets } = this.flow;
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (let edge = offsets[node]!; edge < offsets[node + 1]!; edge++) {
        const target = targets[edge]!;
        if (hasBit(seen, target) || blocked(target)) continue;
        seen[target >>> 5]! |= 1 << (target & 31);
        stack.push(target);
      }
    }
    remember(this.reachAvoiding, step, seen);
    return seen;
  }

  private pointAt(node: number): RunFacts {
    let facts = this.points.get(node);
    if (!facts) this.points.set(node, (facts = new RunPoint(this, node)));
    return facts;
  }

  /** The node every path here passes last before arriving: the strict dominators, narrowed by edges coming back here. */
  anchorOf(node: number): number {
    let anchor = this.idom[node]!;
    if (anchor !== NO_NODE) for (const source of this.backSourcesOf(node)) anchor = commonAncestor(this.idom, this.depth, this.jump, anchor, source);
    return anchor;
  }

  backSourcesOf(node: number): readonly number[] {
    return this.backSources.get(node) ?? NO_NODES;
  }

  /** Whether `step` has run on every path to `node`, whose paths last pass `anchor` together. */
  surelyRan(step: number, node: number, anchor: number): boolean {
    if (anchor === NO_NODE) return false;
    const parallels = this.entryOfParallel.get(step);
    if (!parallels) return this.dominates(step, anchor);
    // A parallel's branch entry has also surely run after the parallel's done node, so every
    // path here must pass the step or one of those done nodes: dominance by a set of nodes.
    const avoiding = this.reachableAvoiding(step, parallels);
    const passes = (from: number): boolean => from === step || parallels.includes(from) || !hasBit(avoiding, from);
    const { offsets, targets } = this.predecessors;
    for (let edge = offsets[node]!; edge < offsets[node + 1]!; edge++) if (!passes(targets[edge]!)) return false;
    return this.backSourcesOf(node).every(passes);
  }

  /** Whether `step` may have run by `node`: it reaches it, or an edge coming back here. */
  mayHaveRun(step: number, node: number): boolean {
    if (this.reaches(step, node, true)) return true;
    return this.backSourcesOf(node).some((source) => source === step || this.reaches(step, source, true));
  }

  /**
   * Whether an `error` edge that `step` (or a block around it) takes leads to `node`. Error facts
   * arrive through the flow, through edges coming back here, and, at an iteration's end or the
   * run's exit, through edges that came back to the steps ending there.
   */
  onErrorPath(step: Step, node: number): boolean {
    const edges: ErrorEdge[] = [...(this.errorEdges.get(step.index) ?? [])];
    if (this.blockNumber[step.index]! >= 0) edges.push(...(this.errorEdges.get(this.doneNode(step)) ?? []));
    for (const block of this.graph.enclosing.get(step) ?? []) edges.push(...(this.errorEdges.get(this.doneNode(block.owner)) ?? []));
    if (edges.length === 0) return false;
    const sinks = [node];
    if (node >= this.stepCount) {
      const { offsets, targets } = this.predecessors;
      for (let edge = offsets[node]!; edge < offsets[node + 1]!; edge++) if (targets[edge]! < this.stepCount) sinks.push(targets[edge]!);
    }
    const errorsFlow = (from: number, sink: number): boolean =>
      from === sink || this.reaches(from, sink, false) || this.backSourcesOf(sink).some((source) => from === source || this.reaches(from, source, false));
    return edges.some((edge) => sinks.some((sink) => (edge.terminal ? edge.target === sink : errorsFlow(edge.target, sink))));
  }
}

const NO_NODES: readonly number[] = [];

/** The run completes at `end`, or at an unwired non-error port of a reachable top-level step. */
function endsRun(step: Step, index: StepGraphIndex): boolean {
  if (!index.reachable[step.index] || index.enclosing[step.index]!.length > 0) return false;
  const edges = index.edgesFrom[step.index]!;
  for (const edge of edges) if (edge.edge.target === 'end') return true;
  // An unwired port ends the run, except `error` (it fails the run) and a loop's `next` (it only skips the body).
  return hasUnwiredPort(step, edges, PORTS_THAT_DO_NOT_END_A_RUN);
}

const PORTS_THAT_DO_NOT_END_A_RUN: readonly string[] = ['error', 'next'];

/**
 * The nearest common ancestor of two reached nodes of the dominator tree. Jump pointers form a
 * skew-binary ladder whose shape depends on depth alone, so two nodes at one depth either share a
 * jump target (step up one parent) or can both take their jumps without passing the answer.
 */
function commonAncestor(idom: Int32Array, depth: Int32Array, jump: Int32Array, a: number, b: number): number {
  // A node outside the tree has no common ancestor with anything.
  if (depth[a]! < 0 || depth[b]! < 0) return NO_NODE;
  if (depth[a]! < depth[b]!) {
    const deeper = b;
    b = a;
    a = deeper;
  }
  const target = depth[b]!;
  while (depth[a]! > target) a = depth[jump[a]!]! >= target ? jump[a]! : idom[a]!;
  while (a !== b) {
    if (jump[a] !== jump[b]) {
      a = jump[a]!;
      b = jump[b]!;
    } else {
      a = idom[a]!;
      b = idom[b]!;
    }
  }
  return a;
}

/** Past this many points asked "sometimes" questions, reachability is computed for all nodes at once… */
const ANCESTOR_SEARCHES_BEFORE_CLOSURE = 48;
/** …unless that takes too much memory (a bit per pair of nodes): then searches stay per point. */
const MAX_NODES_FOR_CLOSURE = 20_000;
/**
 * Memory for the searches kept per cache (a bit per node each), so it stays bounded however many
 * points are asked about. A bound by bytes rather than by count: a completion list at a large
 * workflow asks about every step in scope, and a cache smaller than that set evicts each search
 * just before it is asked again (900 parallel branches at 5000 steps made every completion redo
 * them all, 4 MB of garbage a keystroke).
 */
const MAX_CACHED_SEARCH_BYTES = 4 * 1024 * 1024;
const MIN_CACHED_SEARCHES = 256;

function remember(cache: Map<number, Uint32Array>, key: number, value: Uint32Array): void {
  const limit = Math.max(MIN_CACHED_SEARCHES, Math.floor(MAX_CACHED_SEARCH_BYTES / Math.max(1, value.byteLength)));
  if (cache.size >= limit) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
}

/** The facts at one node of the flow (a step, an iteration's end or the exit). */
class RunPoint implements RunFacts {
  private readonly order: RunOrderIndex;
  private readonly node: number;
  private readonly anchor: number;

  constructor(order: RunOrderIndex, node: number) {
    this.order = order;
    this.node = node;
    this.anchor = order.anchorOf(node);
  }

  ranBefore(step: Step): RanBefore {
    if (!this.order.isStep(step)) return 'never';
    if (this.order.surelyRan(step.index, this.node, this.anchor)) return 'always';
    return this.order.mayHaveRun(step.index, this.node) ? 'sometimes' : 'never';
  }

  isOnErrorPath(step: Step): boolean {
    return this.order.isStep(step) && this.order.onErrorPath(step, this.node);
  }
}

/** Every node that reaches `start` (not `start` itself unless on a cycle), following the reversed lists. */
function searchFrom(start: number, lists: readonly Adjacency[], nodeCount: number): Uint32Array {
  const seen = new Uint32Array((nodeCount + 31) >>> 5);
  const stack = [start];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const { offsets, targets } of lists) {
      for (let edge = offsets[node]!; edge < offsets[node + 1]!; edge++) {
        const next = targets[edge]!;
        if (hasBit(seen, next)) continue;
        seen[next >>> 5]! |= 1 << (next & 31);
        stack.push(next);
      }
    }
  }
  return seen;
}

/**
 * What every node reaches in one or more edges, as one bit set per strongly connected component
 * (Tarjan's algorithm, iteratively; components come out sinks first, so each set is built from
 * finished ones).
 */
function transitiveClosure(nodeCount: number, lists: readonly Adjacency[]): { component: Int32Array; reach: Uint32Array[] } {
  const words = (nodeCount + 31) >>> 5;
  const component = new Int32Array(nodeCount).fill(-1);
  const index = new Int32Array(nodeCount).fill(-1);
  const low = new Int32Array(nodeCount);
  const onStack = new Uint8Array(nodeCount);
  const successorsOf = (node: number): number[] => {
    const successors: number[] = [];
    for (const { offsets, targets } of lists) for (let edge = offsets[node]!; edge < offsets[node + 1]!; edge++) successors.push(targets[edge]!);
    return successors;
  };
  const reach: Uint32Array[] = [];
  const members: number[] = [];
  let counter = 0;
  for (let root = 0; root < nodeCount; root++) {
    if (index[root] !== -1) continue;
    const frames: Array<{ node: number; successors: number[]; next: number }> = [];
    const open = (node: number): void => {
      index[node] = low[node] = counter++;
      members.push(node);
      onStack[node] = 1;
      frames.push({ node, successors: successorsOf(node), next: 0 });
    };
    open(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      if (frame.next < frame.successors.length) {
        const next = frame.successors[frame.next++]!;
        if (index[next] === -1) open(next);
        else if (onStack[next]) low[frame.node] = Math.min(low[frame.node]!, index[next]!);
        continue;
      }
      frames.pop();
      const { node } = frame;
      if (frames.length > 0) {
        const parent = frames[frames.length - 1]!.node;
        low[parent] = Math.min(low[parent]!, low[node]!);
      }
      if (low[node] !== index[node]) continue;
      // `node` roots a component: its members are on top of the stack.
      const number = reach.length;
      const bits = new Uint32Array(words);
      const start = members.lastIndexOf(node);
      const inComponent = members.splice(start);
      for (const member of inComponent) {
        onStack[member] = 0;
        component[member] = number;
      }
      let cyclic = inComponent.length > 1;
      for (const member of inComponent) {
        for (const next of successorsOf(member)) {
          if (next === member) cyclic = true;
          const other = component[next]!;
          if (other === number) continue;
          bits[next >>> 5]! |= 1 << (next & 31);
          const otherBits = reach[other]!;
          for (let word = 0; word < words; word++) bits[word]! |= otherBits[word]!;
        }
      }
      if (cyclic) for (const member of inComponent) bits[member >>> 5]! |= 1 << (member & 31);
      reach.push(bits);
    }
  }
  return { component, reach };
}
