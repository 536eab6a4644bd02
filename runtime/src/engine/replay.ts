// Rebuilds a run's state from its committed trace, for `resume`: every committed record goes
// through the same transitions the live run used, in commit order, so vars, scoped records,
// loop positions, collected results and threads come back exactly. Records the transitions
// derive themselves (a loop's `done`) are matched, not applied twice. A parallel's start is not
// recorded (it depends only on the file), so it is re-done when its first branch record appears.

import type { StepRecord } from '../store/index.ts';
import { EngineError } from './engine-error.ts';
import { fiberIdOfPath, type DerivedRecord, type Fiber, type RunState } from './run-state.ts';
import type { StepError } from './step-error.ts';
import type { StepExtra, StepResult } from './step-result.ts';
import { applyStepResult, noteFailedAttempt, startParallel } from './transitions.ts';

export interface ReplayResult {
  /** Records replayed. */
  replayed: number;
  /** Block finishes the transitions derived but the trace lacks (the process died between): commit them. */
  uncommitted: DerivedRecord[];
}

export function replayTrace(state: RunState, records: readonly StepRecord[]): ReplayResult {
  const pending: DerivedRecord[] = [];
  let replayed = 0;
  for (const record of records) {
    if (state.outcome) break;
    const head = pending[0];
    if (head && head.path === record.path && head.port === record.port) {
      pending.shift();
      replayed++;
      continue;
    }
    const fiber = fiberFor(state, fiberIdOfPath(record.path));
    if (!fiber || fiber.at !== record.stepSlug) {
      throw new EngineError(
        'resume-mismatch',
        `The trace of run ${state.runId} does not fit the workflow: step record ${record.seq} (${record.path}) was not expected at this point. The run cannot be resumed.`,
      );
    }
    replayed++;
    if (record.port === undefined) {
      noteFailedAttempt(fiber, record.attempt);
      continue;
    }
    const result = resultOf(record);
    if (fiber.id === '' && record.stepSlug === state.workflow.trigger.slug && isObject(result.extra) && isObject((result.extra as { vars?: unknown }).vars)) {
      // The trigger's record holds the initial vars as they were rendered when the run started.
      state.vars = { ...((result.extra as { vars: Record<string, unknown> }).vars) };
    }
    applyStepResult(state, fiber, result);
    pending.push(...state.derived);
    state.derived.length = 0;
  }
  // Live fibers that wait for a step are runnable again, in the order they were created.
  state.runnable = [...state.fibers.values()].filter((fiber) => fiber.at !== null && !fiber.ended && fiber.block === null && fiber.wait === null);
  return { replayed, uncommitted: pending };
}

/** The fiber with this id, starting parallels that a record shows had already begun. */
function fiberFor(state: RunState, id: string): Fiber | undefined {
  for (;;) {
    const fiber = state.fibers.get(id);
    if (fiber) return fiber;
    const owner = [...state.fibers.values()].find((candidate) => {
      if (candidate.at === null || candidate.block !== null) return false;
      const plan = state.workflow.plans.get(candidate.at);
      if (plan?.type !== 'parallel') return false;
      const prefix = candidate.id === '' ? `${plan.slug}[` : `${candidate.id}/${plan.slug}[`;
      return id.startsWith(prefix);
    });
    if (!owner) return undefined;
    startParallel(state, owner, state.workflow.plans.get(owner.at!)!);
  }
}

function resultOf(record: StepRecord): StepResult {
  const result: StepResult = {
    slug: record.stepSlug,
    attempt: record.attempt,
    port: record.port!,
    startedAt: Date.parse(record.startedAt),
    durationMs: record.durationMs,
  };
  if (record.output !== undefined) result.output = record.output;
  if (record.error !== undefined) result.error = record.error as StepError;
  if (record.params !== undefined) result.params = record.params;
  if (record.extra !== undefined) result.extra = record.extra as StepExtra;
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
