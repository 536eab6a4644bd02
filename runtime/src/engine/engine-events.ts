// Every transition of a run as a typed event, in the exact shapes of `stepline run --json`
// (spec §8). The CLI, the extension's trace view and the debugger subscribe through an
// EventHub; the engine checks `hub.active` before building an event, so a run nobody watches
// pays nothing for them. Values in events are already redacted.

import type { RunStatus } from '../store/index.ts';

export interface EventError {
  code: string;
  message: string;
}

export interface RunStartedEvent {
  type: 'run.started';
  runId: string;
  workflow: string;
  file?: string;
  input: unknown;
  /** True when `resume` continues an earlier run. */
  resumed: boolean;
  /** Steps already committed before this session (resume only). */
  committedSteps?: number;
}

export interface StepStartedEvent {
  type: 'step.started';
  runId: string;
  step: string;
  path: string;
  attempt: number;
}

export interface StepFinishedEvent {
  type: 'step.finished';
  runId: string;
  step: string;
  path: string;
  port: string;
  durationMs: number;
  attempt: number;
  output?: unknown;
  error?: EventError;
}

export interface StepRetryingEvent {
  type: 'step.retrying';
  runId: string;
  step: string;
  path: string;
  /** The attempt that failed. */
  attempt: number;
  delayMs: number;
  error: EventError;
}

export interface RunWaitingEvent {
  type: 'run.waiting';
  runId: string;
  step: string;
  path: string;
  reason: string;
}

export interface RunFinishedEvent {
  type: 'run.finished';
  runId: string;
  status: RunStatus;
  output?: unknown;
  error?: EventError;
  durationMs: number;
  stepsExecuted: number;
}

export interface LogEvent {
  type: 'log';
  runId: string;
  step: string;
  path: string;
  message: string;
  data?: unknown;
}

export type EngineEvent =
  | RunStartedEvent
  | StepStartedEvent
  | StepFinishedEvent
  | StepRetryingEvent
  | RunWaitingEvent
  | RunFinishedEvent
  | LogEvent;

export type EngineEventType = EngineEvent['type'];

export type EngineObserver = (event: EngineEvent) => void;

/** Fans events out to observers. An observer that throws is skipped so it cannot break a run. */
export class EventHub {
  readonly #observers: EngineObserver[] = [];

  constructor(observers: Iterable<EngineObserver> = []) {
    for (const observer of observers) this.#observers.push(observer);
  }

  /** False when nobody listens: callers then skip building events altogether. */
  get active(): boolean {
    return this.#observers.length > 0;
  }

  subscribe(observer: EngineObserver): () => void {
    this.#observers.push(observer);
    return () => {
      const index = this.#observers.indexOf(observer);
      if (index >= 0) this.#observers.splice(index, 1);
    };
  }

  emit(event: EngineEvent): void {
    for (const observer of this.#observers) {
      try {
        observer(event);
      } catch {
        // Observers are display code (a terminal, a trace view); a fault there must not change the run.
      }
    }
  }
}
