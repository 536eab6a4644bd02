// What one step execution produced: the port it took, its output or error, its resolved
// parameters and what the trace shows beside them. The runner makes these live; replay reads
// them back from committed step records. Both feed the same transitions.

import type { MessageParam } from '../llm/llm-step-types.ts';
import type { StepError } from './step-error.ts';

export interface StepLogLine {
  message: string;
  data?: unknown;
}

/** Trace details beside the output: log lines, LLM model/usage/tool calls, a thread's conversation. */
export interface StepExtra {
  logs?: StepLogLine[];
  model?: string;
  usage?: { inputTokens: number; outputTokens: number };
  toolCalls?: unknown[];
  warnings?: string[];
  /** The conversation after an llm step with a `thread`, so a resumed run keeps it. */
  messages?: MessageParam[];
  /** On the trigger's record: the initial vars as rendered when the run started. */
  vars?: Record<string, unknown>;
  /** On a `workflow` step's record: the nested run. */
  childRunId?: string;
}

export interface StepResult {
  slug: string;
  /** From 1. */
  attempt: number;
  port: string;
  output?: unknown;
  error?: StepError;
  /** Resolved parameters (a loop's are `{ items, concurrency }`, which its start needs). */
  params?: unknown;
  startedAt: number;
  durationMs: number;
  extra?: StepExtra;
}
