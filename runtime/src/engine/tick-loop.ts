// The tick loop: starts a task for every runnable fiber (up to the loop/parallel limits the
// transitions already enforce), waits for the next task to finish, applies its result through
// the transitions, commits the record(s) and announces them. A lone runnable fiber with nothing
// in flight is awaited directly, which keeps a sequential workflow free of scheduling overhead.

import type { NewStepRecord } from '../store/index.ts';
import { RunStop } from './abort.ts';
import type { RunContext } from './run-context.ts';
import { cursorOf, pathOf, type Fiber } from './run-state.ts';
import type { StepResult } from './step-result.ts';
import { executeStep, type TaskOutcome } from './step-runner.ts';
import { finishedEvent, recordOfDerived, recordOfResult } from './trace-record.ts';
import { applyStepResult, finishRun, startParallel } from './transitions.ts';

/** How long the loop may run steps without letting other work on the event loop run. */
const YIELD_EVERY_MS = 16;

interface Completion {
  fiber: Fiber;
  outcome: TaskOutcome;
}

export interface TickLoopResult {
  /** Fibers parked on an outside answer (approvals, sub-runs) when nothing else can run. */
  waiting: Fiber[];
}

/**
 * Runs until the run has an outcome, `stopSignal` aborts (cancel, run timeout) or nothing can
 * run. Throws only when the store fails (the run then stays resumable). Tasks still in flight at
 * the end are aborted through `scope` (every fiber's signal derives from it) and settled before
 * it returns or throws.
 */
export async function runTickLoop(run: RunContext, scope: AbortController, stopSignal: AbortSignal): Promise<TickLoopResult> {
  const state = run.state;
  const maxSteps = state.workflow.maxSteps;
  let inFlight = 0;
  const completed: Completion[] = [];
  let wake: (() => void) | null = null;
  let storeFailure: unknown;

  const wakeUp = (): void => {
    if (wake) {
      const resume = wake;
      wake = null;
      resume();
    }
  };
  const settle = (fiber: Fiber, outcome: TaskOutcome): void => {
    inFlight--;
    completed.push({ fiber, outcome });
    wakeUp();
  };
  // A stop (cancel, timeout) must wake the loop even if no task settles.
  stopSignal.addEventListener('abort', wakeUp);

  // Records of the completions handled in one tick, committed together before anything they
  // unblock starts: one disk sync for steps that finished at the same moment, none lost.
  const batch: NewStepRecord[] = [];
  const handle = ({ fiber, outcome }: Completion): void => {
    if (fiber.ended || state.outcome) return;
    switch (outcome.kind) {
      case 'result':
        applyStepResult(state, fiber, outcome.result);
        collect(run, batch, fiber, outcome.result);
        break;
      case 'start-parallel':
        startParallel(state, fiber, state.workflow.plans.get(fiber.at!)!);
        collect(run, batch, fiber, null);
        break;
      case 'fatal':
        finishRun(state, { status: 'failed', error: outcome.error });
        break;
      case 'aborted':
        // The run or the fiber's block was cancelled; whoever cancelled decides what happens next.
        break;
    }
  };

  const handleSafely = (completion: Completion): void => {
    try {
      handle(completion);
    } catch (error) {
      storeFailure ??= error;
    }
  };
  const flushSafely = (): void => {
    try {
      flush(run, batch);
    } catch (error) {
      storeFailure ??= error;
    }
  };

  const failTask = (error: unknown): TaskOutcome => {
    storeFailure ??= error;
    return { kind: 'aborted' };
  };

  let lastYield = performance.now();
  while (!state.outcome && storeFailure === undefined && !stopSignal.aborted) {
    while (state.runnable.length > 0 && !state.outcome && storeFailure === undefined) {
      // Steps that finish synchronously never give the event loop a turn; in an editor's
      // extension host that would freeze progress, Cancel and every other extension. Yield
      // every few milliseconds: a cheap check per step, one macrotask per ~16 ms of work.
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = performance.now();
        if (stopSignal.aborted) break;
      }
      const fiber = state.runnable.shift()!;
      if (fiber.ended || fiber.at === null || fiber.running) continue;
      if (state.stepsExecuted + inFlight >= maxSteps) {
        finishRun(state, {
          status: 'failed',
          error: { code: 'max-steps', message: `The run reached settings.maxSteps (${maxSteps} step executions) before step ${pathOf(fiber, fiber.at)}. Raise maxSteps if the workflow really needs more, or look for a loop that never ends.` },
        });
        break;
      }
      const plan = state.workflow.plans.get(fiber.at)!;
      fiber.running = true;
      if (inFlight === 0 && state.runnable.length === 0) {
        // Nothing else can run meanwhile: await the step directly.
        let outcome: TaskOutcome;
        try {
          outcome = await executeStep(run, fiber, plan);
        } catch (error) {
          outcome = failTask(error);
        }
        fiber.running = false;
        handleSafely({ fiber, outcome });
        flushSafely();
        continue;
      }
      inFlight++;
      executeStep(run, fiber, plan).then(
        (outcome) => settle(fiber, outcome),
        (error: unknown) => settle(fiber, failTask(error)),
      );
    }
    if (completed.length === 0) {
      if (inFlight === 0) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    while (completed.length > 0 && storeFailure === undefined) {
      const completion = completed.shift()!;
      completion.fiber.running = false;
      handleSafely(completion);
    }
    flushSafely();
  }

  stopSignal.removeEventListener('abort', wakeUp);
  // Tasks still in flight (other branches after `end`, siblings after a cancel) are aborted and
  // allowed to settle, so nothing they do lands after the run is finished.
  if (inFlight > 0 && !scope.signal.aborted) scope.abort(new RunStop('finished', 'The run has finished.'));
  while (inFlight > 0) {
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
  if (storeFailure !== undefined) throw storeFailure;
  const waiting = [...state.fibers.values()].filter((fiber) => fiber.wait !== null && !fiber.ended);
  return { waiting };
}

/** Adds a step's record and the block finishes it caused to the batch (when a journal or an observer wants them). */
function collect(run: RunContext, batch: NewStepRecord[], fiber: Fiber, result: StepResult | null): void {
  const derived = run.state.derived;
  if (!run.journal.durable && !run.events.active) {
    if (derived.length > 0) derived.length = 0;
    return;
  }
  if (result) batch.push(recordOfResult(result, pathOf(fiber, result.slug), run.redactor));
  for (const item of derived) batch.push(recordOfDerived(item, run.redactor));
  derived.length = 0;
}

/** Commits the batch in one transaction with the cursor, then announces each record. */
function flush(run: RunContext, batch: NewStepRecord[]): void {
  if (batch.length === 0) return;
  const state = run.state;
  const records = batch.splice(0, batch.length);
  run.journal.commit(records, () => cursorOf(state));
  if (run.events.active) for (const item of records) run.events.emit(finishedEvent(state.runId, item));
}
