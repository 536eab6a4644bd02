// The state of one run: input, vars, the records of the steps that ran (by scope), and the
// active "fibers": positions in the graph, each with the stack of loop/parallel frames it runs
// in. Transitions (transitions.ts) change it in place and do no I/O, so a run is rebuilt
// exactly by replaying its committed trace through them (replay.ts); `snapshotState` gives a
// JSON view for debugging and tests.

import type { MessageParam } from '../llm/llm-step-types.ts';
import type { CompiledWorkflow } from './compiled-workflow.ts';
import type { StepError } from './step-error.ts';

/** What `steps.X` shows for a step that ran in a scope. */
export interface StepView {
  output: unknown;
  error: StepError | null;
  status: 'success' | 'error';
  attempts: number;
  durationMs: number;
}

export type Records = Record<string, StepView>;

/** The `loop` root inside an iteration: `{ item, index, parent }`. */
export interface LoopValue {
  item: unknown;
  index: number;
  parent: LoopValue | null;
}

export interface LoopFrame {
  kind: 'loop';
  slug: string;
  /** The fiber that reached the loop step; it waits until the loop is done. */
  fiber: Fiber;
  path: string;
  items: unknown[];
  concurrency: number;
  nextIndex: number;
  active: Set<Fiber>;
  finished: number;
  /** The `collect` value per item index; null without `collect`. */
  results: unknown[] | null;
  /** The records of the highest-index finished iteration: what `steps.X` shows after the loop. */
  lastIndex: number;
  lastRecords: Records | null;
  startedAt: number;
  cancelled: boolean;
  /** Only loops that run iterations concurrently need to abort siblings when one fails. */
  abort: AbortController | null;
  /** What the iterations' tasks listen to. */
  signal: AbortSignal;
  spawning: boolean;
  keyBase: string;
}

export interface ParallelFrame {
  kind: 'parallel';
  slug: string;
  fiber: Fiber;
  path: string;
  branches: Fiber[];
  remaining: number;
  startedAt: number;
  cancelled: boolean;
  abort: AbortController;
  signal: AbortSignal;
  keyBase: string;
}

export type BlockFrame = LoopFrame | ParallelFrame;

/** Why a fiber is parked without a task (approvals, sub-runs); resumed by an outside answer. */
export interface FiberWait {
  kind: 'approval' | 'workflow' | 'timer';
  key: string;
  since: string;
}

export interface Fiber {
  /** '' for the run's main fiber, `loop_a[3]`, `loop_a[3]/loop_b[0]`, `gather[1]`. */
  id: string;
  parent: Fiber | null;
  /** The loop or parallel this fiber is an iteration or branch of. */
  owner: BlockFrame | null;
  /** The step this fiber runs next; null while it waits for a block or after it ended. */
  at: string | null;
  /** Attempts already committed for `at` (a resumed retry continues with the next one). */
  attempt: number;
  /** This scope's own step records (null prototype). */
  records: Records;
  /** Executions per slug in this scope, so a revisited step gets a fresh idempotency key. */
  visits: Map<string, number>;
  /** Prefix of idempotency keys: the run id, then the iteration path with visit numbers. */
  keyBase: string;
  block: BlockFrame | null;
  loop: LoopValue | null;
  /** Item aliases (`itemVariable`) visible here, innermost loop winning; null when none. */
  aliases: Record<string, unknown> | null;
  lastError: StepError | null;
  ended: boolean;
  /** A task is executing this fiber's step. */
  running: boolean;
  /** Aborts when the run, or the block this fiber belongs to, is cancelled. */
  signal: AbortSignal;
  wait: FiberWait | null;
  /** The evaluation context, created on first use. */
  scope: unknown;
}

export type RunOutcomeStatus = 'completed' | 'failed' | 'cancelled';

export interface RunOutcome {
  status: RunOutcomeStatus;
  error?: StepError;
}

/** A block finishing (a loop taking `done`/`error`, a parallel taking `done`): committed like a step. */
export interface DerivedRecord {
  fiber: Fiber;
  slug: string;
  path: string;
  port: string;
  output?: unknown;
  error?: StepError;
  startedAt: number;
  endedAt: number;
}

export interface RunState {
  runId: string;
  workflow: CompiledWorkflow;
  input: unknown;
  vars: Record<string, unknown>;
  secrets: Record<string, string | null>;
  execution: { id: string; startedAt: string };
  workflowInfo: { name: string };
  root: Fiber;
  /** Live fibers by id. */
  fibers: Map<string, Fiber>;
  /** Fibers whose `at` step is ready to start, in order. */
  runnable: Fiber[];
  /** Block finishes produced by the last transition, to commit and announce. */
  derived: DerivedRecord[];
  /** Step executions so far, for `settings.maxSteps`. */
  stepsExecuted: number;
  /** `thread` name → the conversation so far. */
  threads: Map<string, MessageParam[]>;
  outcome: RunOutcome | null;
  /** Epoch milliseconds; injected so transitions stay free of hidden inputs. */
  clock: () => number;
}

export interface NewRunState {
  runId: string;
  workflow: CompiledWorkflow;
  input: unknown;
  secrets: Record<string, string | null>;
  startedAt: string;
  clock: () => number;
  signal: AbortSignal;
}

export function createRunState(options: NewRunState): RunState {
  const root = createFiber({ id: '', parent: null, owner: null, keyBase: options.runId, signal: options.signal, loop: null, aliases: null });
  const state: RunState = {
    runId: options.runId,
    workflow: options.workflow,
    input: options.input,
    vars: {},
    secrets: options.secrets,
    execution: { id: options.runId, startedAt: options.startedAt },
    workflowInfo: { name: options.workflow.name },
    root,
    fibers: new Map([['', root]]),
    runnable: [],
    derived: [],
    stepsExecuted: 0,
    threads: new Map(),
    outcome: null,
    clock: options.clock,
  };
  return state;
}

export interface NewFiber {
  id: string;
  parent: Fiber | null;
  owner: BlockFrame | null;
  keyBase: string;
  signal: AbortSignal;
  loop: LoopValue | null;
  aliases: Record<string, unknown> | null;
}

export function createFiber(options: NewFiber): Fiber {
  return {
    id: options.id,
    parent: options.parent,
    owner: options.owner,
    at: null,
    attempt: 0,
    records: Object.create(null) as Records,
    visits: new Map(),
    keyBase: options.keyBase,
    block: null,
    loop: options.loop,
    aliases: options.aliases,
    lastError: null,
    ended: false,
    running: false,
    signal: options.signal,
    wait: null,
    scope: undefined,
  };
}

/** The trace path of a step run by `fiber`: `loop_a[3]/send_email`. */
export function pathOf(fiber: Fiber, slug: string): string {
  return fiber.id === '' ? slug : `${fiber.id}/${slug}`;
}

/** The fiber id of a trace path (everything before the last `/`). */
export function fiberIdOfPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** The idempotency key of the next execution of `slug` in `fiber` (spec §6: `runId/path`). */
export function idempotencyKeyOf(fiber: Fiber, slug: string): string {
  const visit = (fiber.visits.get(slug) ?? 0) + 1;
  return visit === 1 ? `${fiber.keyBase}/${slug}` : `${fiber.keyBase}/${slug}#${visit}`;
}

/** `steps.X` as seen from `fiber`: its own record of X, else the enclosing scopes'. */
export function lookupRecord(fiber: Fiber, slug: string): StepView | undefined {
  for (let scope: Fiber | null = fiber; scope; scope = scope.parent) {
    const record = scope.records[slug];
    if (record !== undefined) return record;
  }
  return undefined;
}

/** Every record visible from `fiber`, innermost scope winning (for the debugger's variables view). */
export function visibleRecords(fiber: Fiber): Records {
  const chain: Fiber[] = [];
  for (let scope: Fiber | null = fiber; scope; scope = scope.parent) chain.push(scope);
  const merged = Object.create(null) as Records;
  for (let i = chain.length - 1; i >= 0; i--) Object.assign(merged, chain[i]!.records);
  return merged;
}

/** The error `fail` reports: the latest one this fiber or an enclosing scope saw. */
export function lastErrorOf(fiber: Fiber): StepError | null {
  for (let scope: Fiber | null = fiber; scope; scope = scope.parent) if (scope.lastError) return scope.lastError;
  return null;
}

/** A JSON view of the state: positions, frames, vars and records. For tests and debugging. */
export function snapshotState(state: RunState): unknown {
  return {
    runId: state.runId,
    stepsExecuted: state.stepsExecuted,
    vars: state.vars,
    outcome: state.outcome,
    threads: Object.fromEntries(state.threads),
    root: snapshotFiber(state.root),
  };
}

function snapshotFiber(fiber: Fiber): unknown {
  const block = fiber.block;
  return {
    id: fiber.id,
    at: fiber.at,
    attempt: fiber.attempt,
    ended: fiber.ended,
    records: { ...fiber.records },
    visits: Object.fromEntries(fiber.visits),
    ...(fiber.loop ? { loop: { index: fiber.loop.index, item: fiber.loop.item } } : {}),
    ...(block
      ? {
          block:
            block.kind === 'loop'
              ? {
                  kind: 'loop',
                  slug: block.slug,
                  count: block.items.length,
                  nextIndex: block.nextIndex,
                  finished: block.finished,
                  results: block.results,
                  iterations: [...block.active].sort((a, b) => (a.loop?.index ?? 0) - (b.loop?.index ?? 0)).map(snapshotFiber),
                }
              : { kind: 'parallel', slug: block.slug, remaining: block.remaining, branches: block.branches.filter((b) => !b.ended).map(snapshotFiber) },
        }
      : {}),
  };
}

/** The small resume point committed with every step: where each live fiber is. */
export function cursorOf(state: RunState): { version: 1; stepsExecuted: number; at: string[] } {
  const at: string[] = [];
  for (const fiber of state.fibers.values()) if (fiber.at !== null && !fiber.ended) at.push(pathOf(fiber, fiber.at));
  return { version: 1, stepsExecuted: state.stepsExecuted, at };
}
