// Maps a recorded run onto the current text of its workflow: one result line per step (after
// the step's first line: `✓ 12 ms · success` or `✗ message`). Steps are found by slug in the
// current text, never by remembered line numbers, so an edited file cannot put a result on the
// wrong line; when the text's hash differs from the run's, every result is marked stale.

import { hashWorkflowText } from '../../runtime/src/engine/workflow-source.ts';
import { parseWorkflow } from '../../runtime/src/language/parse-workflow.ts';
import { errorMessageOf, formatDuration, oneLine } from './format.ts';

/** The part of a store step record this module reads. */
export interface TraceRecord {
  seq: number;
  stepSlug: string;
  path: string;
  attempt: number;
  port?: string;
  error?: unknown;
  durationMs: number;
}

export interface StepSummary {
  slug: string;
  /** Finished executions (a loop body step runs once per item). */
  executions: number;
  failures: number;
  /** The largest attempt number seen (retries). */
  attempts: number;
  totalDurationMs: number;
  /** The port the last execution took. */
  lastPort?: string;
  /** The message of the last error, when the last execution failed (or when any did). */
  errorMessage?: string;
  ok: boolean;
}

export interface InlineResult {
  slug: string;
  /** Zero-based line of the step's first line in the current text. */
  line: number;
  text: string;
  ok: boolean;
  stale: boolean;
}

export interface InlineResults {
  stale: boolean;
  results: InlineResult[];
}

/**
 * Folds a trace into one summary per step slug, in order of first appearance. An execution is
 * one iteration path: its last record tells the port and error; earlier records of the same path
 * are retried attempts (no port) or a loop's `next` before its `done`.
 */
export function summarizeTrace(records: readonly TraceRecord[]): Map<string, StepSummary> {
  const byPath = new Map<string, TraceRecord[]>();
  for (const record of [...records].sort((a, b) => a.seq - b.seq)) {
    const list = byPath.get(record.path);
    if (list) list.push(record);
    else byPath.set(record.path, [record]);
  }
  const summaries = new Map<string, StepSummary>();
  for (const list of byPath.values()) {
    const final = list[list.length - 1]!;
    let summary = summaries.get(final.stepSlug);
    if (!summary) {
      summary = { slug: final.stepSlug, executions: 0, failures: 0, attempts: 0, totalDurationMs: 0, ok: true };
      summaries.set(final.stepSlug, summary);
    }
    summary.executions++;
    summary.attempts = Math.max(summary.attempts, ...list.map((record) => record.attempt));
    summary.totalDurationMs += final.durationMs + list.filter((record) => record !== final && record.port === undefined).reduce((sum, record) => sum + record.durationMs, 0);
    if (final.port !== undefined) summary.lastPort = final.port;
    // No port on the last record: the run stopped while the step was being retried.
    if (final.error !== undefined || final.port === undefined) {
      summary.failures++;
      if (final.error !== undefined) summary.errorMessage = errorMessageOf(final.error);
    }
    summary.ok = summary.failures === 0;
  }
  return summaries;
}

/** The text drawn after a step's first line. */
export function summaryText(summary: StepSummary): string {
  const parts: string[] = [];
  if (!summary.ok && summary.errorMessage !== undefined) {
    const prefix = summary.executions > 1 ? `${summary.failures}/${summary.executions} failed · ` : '';
    parts.push(`✗ ${prefix}${oneLine(summary.errorMessage)}`);
  } else {
    parts.push(`${summary.ok ? '✓' : '✗'} ${summary.executions > 1 ? `×${summary.executions} · ` : ''}${formatDuration(summary.totalDurationMs)}`);
    if (summary.lastPort !== undefined) parts.push(summary.lastPort);
  }
  if (summary.attempts > 1) parts.push(`${summary.attempts} attempts`);
  return parts.join(' · ');
}

/** True when the run was made from a different text than `currentText`. */
export function isTraceStale(currentText: string, runWorkflowHash: string): boolean {
  return hashWorkflowText(currentText) !== runWorkflowHash;
}

/**
 * Places each step's summary on the line where that step starts in `currentText`. Steps that no
 * longer exist are dropped; a stale trace keeps its results (they are still about these steps)
 * but every one is marked stale so the editor can say so.
 */
export function inlineResults(currentText: string, runWorkflowHash: string, records: readonly TraceRecord[], file?: string): InlineResults {
  const stale = isTraceStale(currentText, runWorkflowHash);
  const document = parseWorkflow(currentText, file);
  const results: InlineResult[] = [];
  for (const summary of summarizeTrace(records).values()) {
    const step = document.workflow.stepsBySlug.get(summary.slug);
    if (!step) continue;
    const line = document.lines.positionAt(step.node.start).line;
    results.push({ slug: summary.slug, line, text: stale ? `${summaryText(summary)} (stale: file changed since this run)` : summaryText(summary), ok: summary.ok, stale });
  }
  return { stale, results };
}

/** The last successful output of each step, as the language server's hovers and completion want them. */
export function outputsBySlug(records: readonly { stepSlug: string; output?: unknown; error?: unknown }[]): Record<string, unknown> {
  const outputs: Record<string, unknown> = {};
  for (const record of records) if (record.output !== undefined && record.error === undefined) outputs[record.stepSlug] = record.output;
  return outputs;
}
