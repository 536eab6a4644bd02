// The run's state machine (spec §4): deterministic functions that take the state and one
// finished step (or block) and decide what runs next. They do no I/O and read the clock only
// through `state.clock`, so the live engine and `resume` (which replays committed records)
// reach the same state. They mutate the state in place: copying it per step would cost more
// than running the step.
//
// Rules implemented here: a step takes one port and the fiber continues at its target; `end`
// completes and `fail` fails the run; an unwired `error` port goes to the innermost enclosing
// loop/parallel with a wired `error` port, else fails the run; any other unwired port (or a
// route back to the enclosing loop/parallel) ends the current scope: the iteration, the branch,
// or at top level the run. Loops run `concurrency` iterations at a time and take `done` with
// `{ count, results? }`; parallels run every branch and take `done` when all have ended.

import { ExpressionRuntimeError } from '../expr/index.ts';
import type { StepPlan } from './compiled-workflow.ts';
import { scopeOf } from './fiber-scope.ts';
import {
  createFiber,
  lastErrorOf,
  pathOf,
  type BlockFrame,
  type Fiber,
  type LoopFrame,
  type ParallelFrame,
  type RunOutcome,
  type RunState,
} from './run-state.ts';
import type { StepError } from './step-error.ts';
import type { StepResult } from './step-result.ts';

/** Puts the main fiber on the trigger. */
export function beginRun(state: RunState): void {
  const root = state.root;
  root.at = state.workflow.trigger.slug;
  state.runnable.push(root);
}

/** A failed attempt that will be retried: the fiber stays on the step. */
export function noteFailedAttempt(fiber: Fiber, attempt: number): void {
  fiber.attempt = attempt;
}

/** Applies one finished step execution of `fiber`. */
export function applyStepResult(state: RunState, fiber: Fiber, result: StepResult): void {
  const plan = state.workflow.plans.get(result.slug)!;
  fiber.running = false;
  fiber.attempt = 0;
  fiber.visits.set(result.slug, (fiber.visits.get(result.slug) ?? 0) + 1);
  state.stepsExecuted++;
  if (plan.type === 'loop' && result.port === 'next') {
    startLoop(state, fiber, plan, result);
    return;
  }
  const failed = result.port === 'error';
  fiber.records[result.slug] = {
    output: failed ? null : (result.output ?? null),
    error: result.error ?? null,
    status: failed ? 'error' : 'success',
    attempts: result.attempt,
    durationMs: result.durationMs,
  };
  if (result.error) fiber.lastError = result.error;
  if (!failed) {
    if (plan.setsVariables && isObject(result.output)) Object.assign(state.vars, result.output);
    const thread = plan.llm?.thread;
    if (thread !== undefined && result.extra?.messages) state.threads.set(thread, result.extra.messages);
  }
  route(state, fiber, plan, result.port);
}

/** Starts a parallel step's branches (no record: the start depends on nothing but the file). */
export function startParallel(state: RunState, fiber: Fiber, plan: StepPlan): void {
  fiber.running = false;
  fiber.attempt = 0;
  const visit = (fiber.visits.get(plan.slug) ?? 0) + 1;
  fiber.visits.set(plan.slug, visit);
  state.stepsExecuted++;
  const abort = new AbortController();
  const frame: ParallelFrame = {
    kind: 'parallel',
    slug: plan.slug,
    fiber,
    path: pathOf(fiber, plan.slug),
    branches: [],
    remaining: 0,
    startedAt: state.clock(),
    cancelled: false,
    abort,
    signal: AbortSignal.any([fiber.signal, abort.signal]),
    keyBase: blockKeyBase(fiber, plan.slug, visit),
  };
  fiber.block = frame;
  fiber.at = null;
  const entries = plan.parallel?.branches ?? [];
  for (let index = 0; index < entries.length; index++) {
    const branch = createFiber({
      id: childId(fiber, `${plan.slug}[${index}]`),
      parent: fiber,
      owner: frame,
      keyBase: `${frame.keyBase}[${index}]`,
      signal: frame.signal,
      loop: fiber.loop,
      aliases: fiber.aliases,
    });
    frame.branches.push(branch);
    state.fibers.set(branch.id, branch);
  }
  frame.remaining = frame.branches.length;
  if (frame.remaining === 0) {
    finishBlock(state, frame, 'done', { count: 0 });
    return;
  }
  // Every branch exists before any is routed, so a branch that ends at once cannot finish the block early.
  for (let index = 0; index < entries.length && !frame.cancelled; index++) enter(state, frame.branches[index]!, plan, entries[index]!);
}

/** Ends the run (a run-level fault, a timeout, a cancel); every fiber stops. */
export function finishRun(state: RunState, outcome: RunOutcome): void {
  if (state.outcome) return;
  state.outcome = outcome;
  killFiber(state, state.root);
}

function startLoop(state: RunState, fiber: Fiber, plan: StepPlan, result: StepResult): void {
  const params = result.params as { items?: unknown; concurrency?: unknown } | undefined;
  const items = Array.isArray(params?.items) ? (params.items as unknown[]) : [];
  const concurrency = typeof params?.concurrency === 'number' && params.concurrency >= 1 ? Math.floor(params.concurrency) : 1;
  const visit = fiber.visits.get(plan.slug)!;
  const abort = concurrency > 1 ? new AbortController() : null;
  const frame: LoopFrame = {
    kind: 'loop',
    slug: plan.slug,
    fiber,
    path: pathOf(fiber, plan.slug),
    items,
    concurrency,
    nextIndex: 0,
    active: new Set(),
    finished: 0,
    results: plan.loop?.collect ? new Array<unknown>(items.length).fill(null) : null,
    lastIndex: -1,
    lastRecords: null,
    startedAt: result.startedAt,
    cancelled: false,
    abort,
    signal: abort ? AbortSignal.any([fiber.signal, abort.signal]) : fiber.signal,
    spawning: false,
    keyBase: blockKeyBase(fiber, plan.slug, visit),
  };
  fiber.block = frame;
  fiber.at = null;
  spawnIterations(state, frame, plan);
}

function spawnIterations(state: RunState, frame: LoopFrame, plan: StepPlan): void {
  // Iterations that end at once call back in here; the flag keeps that a loop, not a recursion.
  if (frame.spawning) return;
  frame.spawning = true;
  const owner = frame.fiber;
  const alias = plan.loop?.alias;
  while (!frame.cancelled && frame.active.size < frame.concurrency && frame.nextIndex < frame.items.length) {
    const index = frame.nextIndex++;
    const item = frame.items[index];
    let aliases = owner.aliases;
    if (alias !== undefined) {
      aliases = aliases === null ? (Object.create(null) as Record<string, unknown>) : Object.assign(Object.create(null) as Record<string, unknown>, aliases);
      aliases[alias] = item;
    }
    const iteration = createFiber({
      id: childId(owner, `${frame.slug}[${index}]`),
      parent: owner,
      owner: frame,
      keyBase: `${frame.keyBase}[${index}]`,
      signal: frame.signal,
      loop: { item, index, parent: owner.loop },
      aliases,
    });
    frame.active.add(iteration);
    state.fibers.set(iteration.id, iteration);
    route(state, iteration, plan, 'next');
  }
  frame.spawning = false;
}

function route(state: RunState, fiber: Fiber, plan: StepPlan, port: string): void {
  if (state.outcome || fiber.ended) return;
  const target = plan.ports.get(port);
  if (target === undefined) {
    if (port === 'error') propagateError(state, fiber.owner, fiber.records[plan.slug]?.error ?? genericError(plan.slug));
    else endScope(state, fiber);
    return;
  }
  enter(state, fiber, plan, target);
}

/** Sends `fiber` to `target`, reached from `from` (a port's target or a branch entry). */
function enter(state: RunState, fiber: Fiber, from: StepPlan, target: string): void {
  if (target === 'end') {
    finishRun(state, { status: 'completed' });
  } else if (target === 'fail') {
    finishRun(state, { status: 'failed', error: lastErrorOf(fiber) ?? { code: 'failed', message: `The workflow reached \`fail\` after step ${from.slug}.` } });
  } else if (isEnclosingBlock(fiber, target)) {
    endScope(state, fiber);
  } else if (!state.workflow.plans.has(target)) {
    finishRun(state, { status: 'failed', error: { code: 'unknown-step', message: `Step ${from.slug} routes to ${JSON.stringify(target)}, which is not a step of this workflow.` } });
  } else {
    fiber.at = target;
    fiber.attempt = 0;
    state.runnable.push(fiber);
  }
}

function isEnclosingBlock(fiber: Fiber, slug: string): boolean {
  for (let frame = fiber.owner; frame; frame = frame.fiber.owner) if (frame.slug === slug) return true;
  return false;
}

/** The error goes to the innermost enclosing block with a wired `error` port, else fails the run. */
function propagateError(state: RunState, from: BlockFrame | null, error: StepError): void {
  for (let frame = from; frame; frame = frame.fiber.owner) {
    cancelFrame(state, frame);
    const plan = state.workflow.plans.get(frame.slug)!;
    if (plan.ports.has('error')) {
      finishBlock(state, frame, 'error', undefined, error);
      return;
    }
  }
  finishRun(state, { status: 'failed', error });
}

function endScope(state: RunState, fiber: Fiber): void {
  fiber.at = null;
  fiber.ended = true;
  state.fibers.delete(fiber.id);
  const owner = fiber.owner;
  if (!owner) finishRun(state, { status: 'completed' });
  else if (owner.kind === 'loop') endIteration(state, owner, fiber);
  else endBranch(state, owner);
}

function endIteration(state: RunState, frame: LoopFrame, iteration: Fiber): void {
  frame.active.delete(iteration);
  if (frame.cancelled) return;
  const plan = state.workflow.plans.get(frame.slug)!;
  const index = iteration.loop!.index;
  if (frame.results && plan.loop?.collect) {
    try {
      frame.results[index] = plan.loop.collect(scopeOf(state, iteration));
    } catch (error) {
      propagateError(state, frame, collectError(error));
      return;
    }
  }
  frame.finished++;
  if (index > frame.lastIndex) {
    frame.lastIndex = index;
    frame.lastRecords = iteration.records;
  }
  if (frame.finished === frame.items.length) {
    finishBlock(state, frame, 'done', frame.results ? { count: frame.items.length, results: frame.results } : { count: frame.items.length });
  } else {
    spawnIterations(state, frame, plan);
  }
}

function endBranch(state: RunState, frame: ParallelFrame): void {
  frame.remaining--;
  if (!frame.cancelled && frame.remaining === 0) finishBlock(state, frame, 'done', { count: frame.branches.length });
}

/** The block's step finishes in its owner fiber: a record like any step's, then routing. */
function finishBlock(state: RunState, frame: BlockFrame, port: string, output: unknown, error?: StepError): void {
  frame.cancelled = true;
  const owner = frame.fiber;
  owner.block = null;
  if (port === 'done') {
    // What the body recorded stays visible after the block: the last iteration's records, every branch's.
    if (frame.kind === 'loop') {
      if (frame.lastRecords) Object.assign(owner.records, frame.lastRecords);
    } else {
      for (const branch of frame.branches) Object.assign(owner.records, branch.records);
    }
  }
  const endedAt = state.clock();
  owner.records[frame.slug] = {
    output: output ?? null,
    error: error ?? null,
    status: error ? 'error' : 'success',
    attempts: 1,
    durationMs: endedAt - frame.startedAt,
  };
  if (error) owner.lastError = error;
  state.derived.push({
    fiber: owner,
    slug: frame.slug,
    path: frame.path,
    port,
    ...(output !== undefined ? { output } : {}),
    ...(error ? { error } : {}),
    startedAt: frame.startedAt,
    endedAt,
  });
  route(state, owner, state.workflow.plans.get(frame.slug)!, port);
}

function cancelFrame(state: RunState, frame: BlockFrame): void {
  if (frame.cancelled) return;
  frame.cancelled = true;
  frame.abort?.abort(new Error(`${frame.slug} was cancelled`));
  const fibers = frame.kind === 'loop' ? [...frame.active] : frame.branches;
  for (const fiber of fibers) killFiber(state, fiber);
  if (frame.kind === 'loop') frame.active.clear();
}

function killFiber(state: RunState, fiber: Fiber): void {
  if (fiber.ended) return;
  fiber.ended = true;
  fiber.at = null;
  state.fibers.delete(fiber.id);
  if (fiber.block) cancelFrame(state, fiber.block);
}

function childId(parent: Fiber, name: string): string {
  return parent.id === '' ? name : `${parent.id}/${name}`;
}

function blockKeyBase(fiber: Fiber, slug: string, visit: number): string {
  return visit === 1 ? `${fiber.keyBase}/${slug}` : `${fiber.keyBase}/${slug}#${visit}`;
}

function genericError(slug: string): StepError {
  return { code: 'failed', message: `Step ${slug} failed.` };
}

function collectError(error: unknown): StepError {
  // Evaluator messages never contain evaluated values, so no secret can ride along here.
  if (error instanceof ExpressionRuntimeError) return { code: error.code, message: error.message };
  return { code: 'expression-error', message: error instanceof Error ? error.message : String(error) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
