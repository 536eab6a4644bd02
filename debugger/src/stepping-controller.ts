// The engine's DebugController for one debug session: decides before every step whether the run
// pauses there (stop on entry, a breakpoint with its condition and hit count, a logpoint that only
// prints, stepping, pause, a pending exception stop) and holds the step until the user resumes.
// When one fiber stops, every other fiber that reaches a step waits too ("all threads stopped"),
// and is decided again on resume. It knows the engine's debugger API and nothing of DAP.

import type { DebugController, DebugStop, EngineEvent } from '../../runtime/src/engine/index.ts';
import { isTruthy } from '../../runtime/src/expr/index.ts';
import { ancestorsOf, areSiblings, fiberOfPath, isAncestor } from './fiber-ids.ts';
import type { HitTest } from './hit-condition.ts';
import { renderMessage } from './render-message.ts';

export type StopReason = 'entry' | 'step' | 'breakpoint' | 'pause' | 'exception';

export type ResumeMode = 'continue' | 'next' | 'stepIn' | 'stepOut';

export type ExceptionFilter = 'all' | 'unhandled';

export interface StepBreakpoint {
  id: number;
  step: string;
  /** A `<< >>` expression (brackets optional) evaluated in the step's scope. */
  condition?: string;
  hitTest?: HitTest;
  /** A logpoint prints this message (with `<< >>` templates) instead of stopping. */
  logMessage?: string;
}

export interface ExceptionDetails {
  code: string;
  message: string;
  step: string;
  path: string;
  /** No `error` port (the step's own or an enclosing loop's or parallel's) catches it. */
  unhandled: boolean;
}

export interface StopNotice {
  reason: StopReason;
  /** The fiber that stopped: the debugger thread to show. */
  fiber: string;
  /** The paused step; for an exception, the step that failed. */
  stop: DebugStop;
  breakpointIds: number[];
  exception?: ExceptionDetails;
  /** Why a breakpoint condition could not be evaluated, when that is why the run stopped. */
  conditionError?: string;
}

export interface SteppingListener {
  stopped(notice: StopNotice): void;
  /** A logpoint's rendered message, or a note about a breakpoint that could not be evaluated. */
  output(text: string, category: 'console' | 'stderr'): void;
}

export interface SteppingOptions {
  stopOnEntry: boolean;
  listener: SteppingListener;
  /** Whether an error of `step` at trace `path` is caught by a wired `error` port. */
  isErrorHandled(step: string, path: string): boolean;
}

type Mode =
  | { kind: 'run' }
  | { kind: 'entry' }
  | { kind: 'pause' }
  | { kind: 'next' | 'stepIn' | 'stepOut'; fiber: string };

interface HeldStep {
  stop: DebugStop | null;
  release: () => void;
  /** True once its breakpoints were evaluated: it is the stop shown, or it was the exception's trigger. */
  decided: boolean;
}

export class SteppingController implements DebugController {
  readonly #listener: SteppingListener;
  readonly #isErrorHandled: SteppingOptions['isErrorHandled'];
  #mode: Mode;
  #breakpoints = new Map<string, StepBreakpoint[]>();
  readonly #hits = new Map<number, number>();
  #filters = new Set<ExceptionFilter>();
  #paused: StopNotice | null = null;
  #held: HeldStep[] = [];
  #pendingException: { details: ExceptionDetails; stop: DebugStop } | null = null;
  readonly #lastStops = new Map<string, DebugStop>();
  /** Steps started and not yet finished, by trace path; their fibers are the active threads. */
  readonly #inFlight = new Map<string, string>();
  #cancelled = false;

  constructor(options: SteppingOptions) {
    this.#listener = options.listener;
    this.#isErrorHandled = options.isErrorHandled;
    this.#mode = options.stopOnEntry ? { kind: 'entry' } : { kind: 'run' };
  }

  get paused(): StopNotice | null {
    return this.#paused;
  }

  /** Replaces every breakpoint; hit counts start again for ids not seen before. */
  setBreakpoints(breakpoints: readonly StepBreakpoint[]): void {
    const byStep = new Map<string, StepBreakpoint[]>();
    for (const breakpoint of breakpoints) {
      const list = byStep.get(breakpoint.step) ?? [];
      list.push(breakpoint);
      byStep.set(breakpoint.step, list);
    }
    this.#breakpoints = byStep;
  }

  setExceptionFilters(filters: readonly ExceptionFilter[]): void {
    this.#filters = new Set(filters);
  }

  /** The last step each fiber reached: what the call stack shows for a thread that is not the stopped one. */
  stopOf(fiber: string): DebugStop | undefined {
    if (this.#paused?.fiber === fiber) return this.#paused.stop;
    return this.#lastStops.get(fiber);
  }

  /** The fibers running or holding a step now, main fiber first. */
  activeFibers(): string[] {
    const fibers = new Set<string>(['']);
    for (const fiber of this.#inFlight.values()) fibers.add(fiber);
    if (this.#paused) fibers.add(this.#paused.fiber);
    return [...fibers];
  }

  beforeStep(stop: DebugStop): Promise<void> {
    this.#lastStops.set(stop.threadId, stop);
    return new Promise<void>((release) => {
      const held: HeldStep = { stop, release, decided: false };
      if (this.#cancelled) release();
      else if (this.#paused) this.#held.push(held);
      else this.#decide(held);
    });
  }

  /** The engine's events: which steps are in flight (threads) and which failed (exception stops). */
  observe(event: EngineEvent): void {
    if (event.type === 'step.started') {
      this.#inFlight.set(event.path, fiberOfPath(event.path));
    } else if (event.type === 'step.finished') {
      this.#inFlight.delete(event.path);
      if (event.error && !this.#pendingException && this.#filters.size > 0) this.#noteFailure(event.step, event.path, event.error);
      // An iteration or branch between steps (or ended) shows no stack; a thousand-item loop
      // should not keep a thousand stops alive. The main fiber keeps its last step for the call stack.
      const fiber = fiberOfPath(event.path);
      if (fiber !== '' && !this.#isActive(fiber)) this.#lastStops.delete(fiber);
    }
  }

  pause(): void {
    if (!this.#paused && !this.#cancelled) this.#mode = { kind: 'pause' };
  }

  resume(how: ResumeMode): void {
    const paused = this.#paused;
    if (!paused) return;
    this.#mode = how === 'continue' ? { kind: 'run' } : { kind: how, fiber: paused.fiber };
    this.#paused = null;
    const held = this.#held;
    this.#held = [];
    for (const item of held) if (item.decided) item.release();
    for (const item of held) {
      if (item.decided) continue;
      if (this.#paused || this.#cancelled) this.#held.push(item);
      else this.#decide(item);
    }
  }

  /**
   * Called when the run is over: an exception that failed the run stops here (the run's state is
   * still there to inspect), and the returned promise settles when the user resumes.
   */
  finish(): Promise<void> {
    const pending = this.#pendingException;
    if (!pending || this.#cancelled) return Promise.resolve();
    this.#pendingException = null;
    return new Promise<void>((release) => {
      this.#held.push({ stop: null, release, decided: true });
      this.#stopFor({ reason: 'exception', fiber: pending.stop.threadId, stop: pending.stop, breakpointIds: [], exception: pending.details });
    });
  }

  /** Lets every held step go and stops deciding: the run is being cancelled or restarted. */
  cancel(): void {
    this.#cancelled = true;
    this.#paused = null;
    const held = this.#held;
    this.#held = [];
    for (const item of held) item.release();
  }

  #noteFailure(step: string, path: string, error: { code: string; message: string }): void {
    const unhandled = !this.#isErrorHandled(step, path);
    if (!this.#filters.has('all') && !(unhandled && this.#filters.has('unhandled'))) return;
    const stop = this.#lastStops.get(fiberOfPath(path));
    if (!stop) return;
    this.#pendingException = { details: { code: error.code, message: error.message, step, path, unhandled }, stop };
  }

  #decide(held: HeldStep): void {
    const stop = held.stop!;
    const pending = this.#pendingException;
    if (pending) {
      // The failed step is shown; this step is decided again once the user resumes.
      this.#pendingException = null;
      this.#held.push(held);
      this.#stopFor({ reason: 'exception', fiber: pending.stop.threadId, stop: pending.stop, breakpointIds: [], exception: pending.details });
      return;
    }
    held.decided = true;
    const hit = this.#breakpointsHit(stop);
    const stepping = this.#steppingStops(stop.threadId);
    if (hit.ids.length === 0 && hit.conditionError === undefined && !stepping) {
      held.release();
      return;
    }
    this.#held.push(held);
    const reason: StopReason = hit.ids.length > 0 || hit.conditionError !== undefined ? 'breakpoint' : stepping!;
    this.#stopFor({ reason, fiber: stop.threadId, stop, breakpointIds: hit.ids, ...(hit.conditionError !== undefined ? { conditionError: hit.conditionError } : {}) });
  }

  #stopFor(notice: StopNotice): void {
    this.#paused = notice;
    this.#mode = { kind: 'run' };
    this.#listener.stopped(notice);
  }

  /** The breakpoints on this step that stop it; logpoints print on the way. */
  #breakpointsHit(stop: DebugStop): { ids: number[]; conditionError?: string } {
    const ids: number[] = [];
    let conditionError: string | undefined;
    for (const breakpoint of this.#breakpoints.get(stop.step) ?? []) {
      if (breakpoint.condition !== undefined) {
        const result = stop.evaluate(breakpoint.condition, 0);
        if (!result.ok) {
          // A condition that cannot be evaluated stops the run, so the mistake is seen, not skipped.
          conditionError = `The breakpoint condition ${JSON.stringify(breakpoint.condition)} failed: ${result.error.message}`;
          this.#listener.output(`${conditionError}\n`, 'stderr');
          ids.push(breakpoint.id);
          continue;
        }
        if (!isTruthy(result.value)) continue;
      }
      const hits = (this.#hits.get(breakpoint.id) ?? 0) + 1;
      this.#hits.set(breakpoint.id, hits);
      if (breakpoint.hitTest && !breakpoint.hitTest(hits)) continue;
      if (breakpoint.logMessage !== undefined) {
        this.#listener.output(`${renderMessage(breakpoint.logMessage, stop)}\n`, 'console');
        continue;
      }
      ids.push(breakpoint.id);
    }
    return conditionError !== undefined ? { ids, conditionError } : { ids };
  }

  /** Whether the current stepping mode stops at a step of `fiber`, and why. */
  #steppingStops(fiber: string): StopReason | null {
    const mode = this.#mode;
    switch (mode.kind) {
      case 'run':
        return null;
      case 'entry':
        return 'entry';
      case 'pause':
        return 'pause';
      case 'next':
        return fiber === mode.fiber || isAncestor(fiber, mode.fiber) || this.#continues(fiber, mode.fiber, true) ? 'step' : null;
      case 'stepIn':
        return fiber === mode.fiber || isAncestor(fiber, mode.fiber) || isAncestor(mode.fiber, fiber) || this.#continues(fiber, mode.fiber, true) ? 'step' : null;
      case 'stepOut':
        return isAncestor(fiber, mode.fiber) || this.#continues(fiber, mode.fiber, false) ? 'step' : null;
    }
  }

  /**
   * A later iteration of the loop `from` belongs to (or of a loop enclosing it), once `from` has
   * nothing left in flight: stepping past an iteration's last step lands in the next iteration.
   */
  #continues(fiber: string, from: string, ownSiblings: boolean): boolean {
    if (this.#isActive(from)) return false;
    const candidates = ownSiblings ? [from, ...ancestorsOf(from)] : ancestorsOf(from);
    return candidates.some((candidate) => areSiblings(candidate, fiber));
  }

  #isActive(fiber: string): boolean {
    for (const active of this.#inFlight.values()) if (active === fiber || isAncestor(fiber, active)) return true;
    return false;
  }
}
