// The engine's debugger API: an optional DebugController whose `beforeStep` the engine awaits
// before every step (a debug adapter implements breakpoints and stepping by resolving it only
// when the user continues), and a DebugStop that inspects the paused step: its frames
// (step → enclosing iterations and branches → workflow), the variables visible in each, and
// `evaluate` in a frame's scope. Plain data and SourceRanges only: no DAP types here.

import { evaluateConditionValue } from '../expr/index.ts';
import { spanOf, type SourceRange } from '../language/source-range.ts';
import { scopeOf } from './fiber-scope.ts';
import type { Redactor } from './redactor.ts';
import { pathOf, visibleRecords, type Fiber, type RunState } from './run-state.ts';
import { classifyError, type StepError } from './step-error.ts';

export interface DebugController {
  /** Awaited before each step runs (once per step, not per retry). Resolve it to let the step run. */
  beforeStep(stop: DebugStop): Promise<void>;
}

export type DebugFrameKind = 'step' | 'iteration' | 'branch' | 'workflow';

export interface DebugFrame {
  /** Local to one stop: 0 is the step, then enclosing iterations/branches, the workflow last. */
  id: number;
  kind: DebugFrameKind;
  /** `send_email`, `each_customer[3]`, `gather[1]`, or the workflow's name. */
  name: string;
  path: string;
  range: SourceRange;
  index?: number;
  item?: unknown;
}

export interface DebugScope {
  /** `params`, `input`, `vars`, `steps`, `loop`. */
  name: string;
  value: unknown;
}

export type DebugEvaluation = { ok: true; value: unknown } | { ok: false; error: StepError };

export interface DebugStop {
  readonly runId: string;
  /** The fiber running the step: '' for the main one. One debugger thread per fiber. */
  readonly threadId: string;
  readonly step: string;
  readonly path: string;
  readonly range: SourceRange;
  readonly attempt: number;
  frames(): DebugFrame[];
  variables(frameId: number): DebugScope[];
  /** A `<< >>` expression, with or without the brackets, in the frame's scope. Secrets come back as `***`. */
  evaluate(expression: string, frameId?: number): DebugEvaluation;
}

interface FrameEntry {
  frame: DebugFrame;
  fiber: Fiber;
}

export class StepStop implements DebugStop {
  readonly runId: string;
  readonly threadId: string;
  readonly step: string;
  readonly path: string;
  readonly range: SourceRange;
  readonly attempt: number;
  readonly #state: RunState;
  readonly #fiber: Fiber;
  readonly #params: unknown;
  readonly #redactor: Redactor;
  #entries: FrameEntry[] | undefined;

  constructor(state: RunState, fiber: Fiber, step: string, attempt: number, params: unknown, redactor: Redactor) {
    this.#state = state;
    this.#fiber = fiber;
    this.#params = params;
    this.#redactor = redactor;
    this.runId = state.runId;
    this.threadId = fiber.id;
    this.step = step;
    this.path = pathOf(fiber, step);
    this.range = state.workflow.plans.get(step)?.range ?? { start: 0, end: 0 };
    this.attempt = attempt;
  }

  frames(): DebugFrame[] {
    return this.#frameEntries().map((entry) => entry.frame);
  }

  variables(frameId: number): DebugScope[] {
    const entry = this.#frameEntries()[frameId];
    if (!entry) return [];
    const scopes: DebugScope[] = [];
    if (entry.frame.kind === 'step' && this.#params !== undefined) scopes.push({ name: 'params', value: this.#params });
    scopes.push({ name: 'input', value: this.#redactor.value(this.#state.input) });
    scopes.push({ name: 'vars', value: this.#redactor.value({ ...this.#state.vars }) });
    scopes.push({ name: 'steps', value: this.#redactor.value({ ...visibleRecords(entry.fiber) }) });
    if (entry.fiber.loop) scopes.push({ name: 'loop', value: this.#redactor.value(entry.fiber.loop) });
    return scopes;
  }

  evaluate(expression: string, frameId = 0): DebugEvaluation {
    const entry = this.#frameEntries()[frameId] ?? this.#frameEntries()[0]!;
    try {
      return { ok: true, value: this.#redactor.value(evaluateConditionValue(expression, scopeOf(this.#state, entry.fiber))) };
    } catch (error) {
      return { ok: false, error: classifyError(error, this.#redactor).error };
    }
  }

  #frameEntries(): FrameEntry[] {
    if (this.#entries) return this.#entries;
    const entries: FrameEntry[] = [];
    const add = (fiber: Fiber, frame: Omit<DebugFrame, 'id'>) => entries.push({ fiber, frame: { id: entries.length, ...frame } });
    add(this.#fiber, { kind: 'step', name: this.step, path: this.path, range: this.range });
    for (let fiber: Fiber | null = this.#fiber; fiber && fiber.owner; fiber = fiber.parent) {
      const owner = fiber.owner;
      const range = this.#state.workflow.plans.get(owner.slug)?.range ?? this.range;
      const name = fiber.id.slice(fiber.id.lastIndexOf('/') + 1);
      if (owner.kind === 'loop' && fiber.loop) {
        add(fiber, { kind: 'iteration', name, path: fiber.id, range, index: fiber.loop.index, item: this.#redactor.value(fiber.loop.item) });
      } else {
        add(fiber, { kind: 'branch', name, path: fiber.id, range });
      }
    }
    const root = this.#state.workflow.document.root;
    add(this.#state.root, { kind: 'workflow', name: this.#state.workflow.name, path: '', range: root ? spanOf(root) : { start: 0, end: 0 } });
    this.#entries = entries;
    return entries;
  }
}
