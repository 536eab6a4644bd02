// A slow, literal model of run order for tests: the forward data flow over `graph.order` with a
// set of steps per fact, swept until nothing changes. computeRunOrder answers the same questions
// with dominators and cached reachability; the differential test holds the two together.

import type { RanBefore } from '../../../runtime/src/analysis/run-order.ts';
import type { StepGraph } from '../../../runtime/src/analysis/step-graph.ts';
import type { Step } from '../../../runtime/src/language/workflow-model.ts';

export interface ReferenceFacts {
  must: Set<Step>;
  may: Set<Step>;
  errorFrom: Set<Step>;
}

export interface ReferenceOrder {
  before(step: Step): ReferenceFacts;
  atIterationEnd(step: Step): ReferenceFacts;
  atExit: ReferenceFacts;
}

export function referenceRanBefore(facts: ReferenceFacts, step: Step): RanBefore {
  return facts.must.has(step) ? 'always' : facts.may.has(step) ? 'sometimes' : 'never';
}

const ENDING_PORTS: Record<string, string[]> = {
  trigger: ['success'],
  action: ['success'],
  llm: ['success'],
  condition: ['true', 'false'],
  loop: ['done'],
  parallel: ['done'],
  approval: ['approved', 'rejected', 'timeout'],
  workflow: ['success'],
};

const empty = (): ReferenceFacts => ({ must: new Set(), may: new Set(), errorFrom: new Set() });
const withStep = (facts: ReferenceFacts, step: Step): ReferenceFacts => ({ must: new Set([...facts.must, step]), may: new Set([...facts.may, step]), errorFrom: facts.errorFrom });

/**
 * Joins incoming facts: "must" intersects, "may" and "error" unite. Facts arriving from a step
 * later in the order (an edge back) reach the target's own facts only, never what flowed on from
 * it: in one sweep they arrive after the target has already passed its facts along.
 */
class Incoming {
  facts: ReferenceFacts | null = null;
  late: ReferenceFacts[] = [];

  join(facts: ReferenceFacts, late: boolean): void {
    // A copy: in a sweep, facts are passed on as they are at that moment.
    if (late) this.late.push({ must: new Set(facts.must), may: new Set(facts.may), errorFrom: new Set(facts.errorFrom) });
    else if (!this.facts) this.facts = { must: new Set(facts.must), may: new Set(facts.may), errorFrom: new Set(facts.errorFrom) };
    else {
      for (const step of this.facts.must) if (!facts.must.has(step)) this.facts.must.delete(step);
      for (const step of facts.may) this.facts.may.add(step);
      for (const step of facts.errorFrom) this.facts.errorFrom.add(step);
    }
  }
}

function joinAll(list: ReferenceFacts[]): ReferenceFacts {
  const incoming = new Incoming();
  for (const facts of list) incoming.join(facts, false);
  return incoming.facts ?? empty();
}

export function referenceRunOrder(graph: StepGraph): ReferenceOrder {
  const position = new Map(graph.order.map((step, index) => [step, index]));
  let after = new Map<Step, ReferenceFacts>();
  let result: { before: Map<Step, ReferenceFacts>; iterationEnd: Map<Step, ReferenceFacts>; exit: ReferenceFacts } | undefined;
  for (let sweep = 0; sweep < 200; sweep++) {
    const incoming = new Map<Step, Incoming>();
    const into = (step: Step): Incoming => {
      let target = incoming.get(step);
      if (!target) incoming.set(step, (target = new Incoming()));
      return target;
    };
    const flow = (from: Step, to: Step, facts: ReferenceFacts): void => {
      // Steps the trigger never reaches never run: nothing flows from them into steps that do.
      if (graph.trigger && !graph.reachable.has(from) && graph.reachable.has(to)) return;
      if (to !== graph.trigger) into(to).join(facts, position.get(to)! <= position.get(from)!);
    };
    const before = new Map<Step, ReferenceFacts>();
    const nextAfter = new Map<Step, ReferenceFacts>();
    for (const step of graph.order) {
      const facts = step === graph.trigger ? empty() : (incoming.get(step)?.facts ?? empty());
      before.set(step, facts);
      const out = withStep(facts, step);
      nextAfter.set(step, out);
      const block = graph.blocks.get(step);
      for (const edge of graph.edgesFrom.get(step)!) {
        if (!edge.to || (block && ['next', 'done', 'error'].includes(edge.port))) continue;
        if (edge.reentry) continue;
        flow(step, edge.to, edge.port === 'error' ? { ...out, errorFrom: new Set([...out.errorFrom, step]) } : out);
      }
      if (!block) continue;
      for (const entry of block.entries) flow(step, entry, out);
      // The block's `done` and `error` carry what ran before it (plus, after a parallel, each
      // branch's entry), what may have run anywhere in its body, and for `error` the body itself.
      const bodyMay = new Set<Step>();
      for (const member of block.body) for (const ran of after.get(member)?.may ?? []) bodyMay.add(ran);
      for (const edge of graph.edgesFrom.get(step)!) {
        if (!edge.to || (edge.port !== 'done' && edge.port !== 'error')) continue;
        const must = new Set(out.must);
        if (block.kind === 'parallel') for (const entry of block.entries) must.add(entry);
        const errorFrom = new Set(out.errorFrom);
        if (edge.port === 'error') for (const member of [...block.body, step]) errorFrom.add(member);
        flow(step, edge.to, { must, may: new Set([...out.may, ...bodyMay]), errorFrom });
      }
    }
    // Late arrivals reach the step's own facts, and what left the step towards the run's exit or
    // an iteration's end, but nothing else.
    for (const [step, target] of incoming) {
      const facts = before.get(step);
      if (!facts || step === graph.trigger || target.late.length === 0) continue;
      const hadEarly = target.facts !== null;
      for (const late of target.late) {
        if (hadEarly) for (const ran of facts.must) if (!late.must.has(ran)) facts.must.delete(ran);
        for (const ran of late.may) facts.may.add(ran);
        for (const ran of late.errorFrom) facts.errorFrom.add(ran);
      }
      nextAfter.set(step, { ...nextAfter.get(step)!, errorFrom: facts.errorFrom });
    }
    const iterationEnd = new Map<Step, ReferenceFacts>();
    for (const [owner, block] of graph.blocks) {
      iterationEnd.set(owner, block.exits.length > 0 ? joinAll(block.exits.map((exit) => nextAfter.get(exit)!)) : nextAfter.get(owner)!);
    }
    const endings: ReferenceFacts[] = [];
    for (const step of graph.workflow.steps) {
      if (!graph.reachable.has(step) || graph.enclosing.get(step)!.length > 0) continue;
      const edges = graph.edgesFrom.get(step)!;
      const wired = new Set(edges.map((edge) => edge.port));
      if (!edges.some((edge) => edge.edge.target === 'end') && !(ENDING_PORTS[step.type ?? ''] ?? []).some((port) => !wired.has(port))) continue;
      const out = nextAfter.get(step)!;
      const block = graph.blocks.get(step);
      const may = new Set(out.may);
      if (block) for (const member of block.body) for (const ran of nextAfter.get(member)!.may) may.add(ran);
      endings.push({ must: out.must, may, errorFrom: out.errorFrom });
    }
    const next = { before, iterationEnd, exit: joinAll(endings) };
    const settled = result !== undefined && sameFacts(result, next);
    result = next;
    after = nextAfter;
    if (settled) break;
  }
  const { before, iterationEnd, exit } = result!;
  return {
    before: (step) => before.get(step) ?? empty(),
    atIterationEnd: (step) => iterationEnd.get(step) ?? before.get(step) ?? empty(),
    atExit: exit,
  };
}

function sameFacts(a: { before: Map<Step, ReferenceFacts>; iterationEnd: Map<Step, ReferenceFacts>; exit: ReferenceFacts }, b: typeof a): boolean {
  const key = (facts: ReferenceFacts): string => [facts.must, facts.may, facts.errorFrom].map((set) => [...set].map((step) => step.index).sort((x, y) => x - y).join(',')).join('|');
  for (const [step, facts] of a.before) if (key(facts) !== key(b.before.get(step)!)) return false;
  for (const [step, facts] of a.iterationEnd) if (key(facts) !== key(b.iterationEnd.get(step)!)) return false;
  return key(a.exit) === key(b.exit);
}
