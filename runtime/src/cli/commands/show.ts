// `stepline show RUN_ID [--json] [--store DIR]`: prints a run's trace step by step: each step's
// path, attempt, port, timing, resolved parameters (secrets already `***` in the store),
// output or error. `--json` prints the spec's `{ id, workflow, status, input, output, error,
// steps: [...] }`.

import { relative } from 'node:path';
import type { RunRecord, StepRecord } from '../../store/index.ts';
import type { CliIo } from '../cli-io.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../exit-codes.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { formatDuration } from '../run-reporter.ts';
import { openStateStore, stateDirOf } from '../run-store.ts';
import { terminalStyle, useColour, type TerminalStyle } from '../terminal-style.ts';
import { UsageError } from '../usage-error.ts';

export const usage = `Usage: stepline show RUN_ID [--json] [--store DIR]

Prints a run's trace: every step attempt with its path, port, attempt, timing, resolved
parameters (secrets shown as ***), output or error. RUN_ID may be a unique prefix.

Options:
  --json       Print { id, workflow, status, input, output, error,
                       steps: [{ step, path, attempt, params, output, error, port,
                                 startedAt, endedAt, durationMs, details }] }
  --store DIR  The state folder (default: $STEPLINE_HOME, else .stepline/ here)
  -h, --help   Show this help

Exit status: 0 shown, 2 unknown run or usage.
`;

export interface ShownStep {
  step: string;
  path: string;
  attempt: number;
  params: unknown;
  output: unknown;
  error: unknown;
  port: string | null;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  /** LLM model, usage and tool calls, log lines. */
  details?: unknown;
}

export interface ShownRun {
  id: string;
  workflow: string;
  file: string;
  status: string;
  input: unknown;
  output: unknown;
  error: unknown;
  startedAt: string;
  endedAt: string | null;
  steps: ShownStep[];
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    json: { type: 'boolean', default: false },
    store: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(usage);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('name the run to show, e.g. stepline show 01jc5x (see stepline runs)');
  const store = openStateStore(io, 'show', stateDirOf(io, values.store));
  if (!store) return EXIT_FAILURE;
  try {
    const lookup = store.findRunByPrefix(positionals[0]!);
    if (lookup.kind === 'not-found') {
      io.stderr(`stepline show: no run with id ${JSON.stringify(positionals[0])} in ${store.location}. \`stepline runs\` lists the runs there.\n`);
      return EXIT_USAGE;
    }
    if (lookup.kind === 'ambiguous') {
      io.stderr(`stepline show: several runs start with ${JSON.stringify(positionals[0])}: ${lookup.ids.join(', ')}. Type more of the id.\n`);
      return EXIT_USAGE;
    }
    const shown = shownRunOf(lookup.run, store.listSteps(lookup.run.id));
    if (values.json) io.stdout(`${JSON.stringify(shown, null, 2)}\n`);
    else io.stdout(formatRun(shown, io, terminalStyle(useColour(io))));
    return EXIT_OK;
  } finally {
    store.close();
  }
}

export function shownRunOf(record: RunRecord, steps: readonly StepRecord[]): ShownRun {
  return {
    id: record.id,
    workflow: record.workflowName,
    file: record.workflowPath,
    status: record.status,
    input: record.input ?? null,
    output: record.output ?? null,
    error: record.error ?? null,
    startedAt: record.startedAt,
    endedAt: record.endedAt ?? null,
    steps: steps.map((step) => ({
      step: step.stepSlug,
      path: step.path,
      attempt: step.attempt,
      params: step.params ?? null,
      output: step.output ?? null,
      error: step.error ?? null,
      port: step.port ?? null,
      startedAt: step.startedAt,
      endedAt: step.endedAt,
      durationMs: step.durationMs,
      ...(step.extra !== undefined ? { details: step.extra } : {}),
    })),
  };
}

function formatRun(shown: ShownRun, io: CliIo, style: TerminalStyle): string {
  const lines: string[] = [];
  const file = shown.file ? ` (${relative(io.cwd, shown.file) || shown.file})` : '';
  lines.push(`${style.bold(`Run ${shown.id}`)}: ${shown.workflow}${file}`);
  const ended = shown.endedAt ? `, ended ${shown.endedAt}` : '';
  lines.push(`Status: ${shown.status === 'failed' || shown.status === 'cancelled' ? style.red(shown.status) : shown.status}  started ${shown.startedAt}${ended}`);
  lines.push(`Input: ${compact(shown.input)}`);
  if (shown.output !== null) lines.push(`Output: ${compact(shown.output)}`);
  if (shown.error !== null) lines.push(`Error: ${style.red(compact(shown.error))}`);
  lines.push('');
  shown.steps.forEach((step, index) => {
    const depth = step.path.split('/').length - 1;
    const pad = '  '.repeat(depth);
    const mark = step.port === null ? style.yellow('↻') : step.port === 'error' ? style.red('✗') : '✓';
    const port = step.port ?? 'retrying';
    const attempt = step.attempt > 1 || step.port === null ? `  attempt ${step.attempt}` : '';
    lines.push(`${String(index + 1).padStart(4)} ${pad}${mark} ${step.path}  ${port}  ${style.dim(formatDuration(step.durationMs))}${attempt}  ${style.dim(step.startedAt)}`);
    const detailPad = `${' '.repeat(7)}${pad}`;
    if (step.params !== null) lines.push(`${detailPad}params: ${compact(step.params)}`);
    if (step.output !== null) lines.push(`${detailPad}output: ${compact(step.output)}`);
    if (step.error !== null) lines.push(`${detailPad}${style.red(`error: ${compact(step.error)}`)}`);
    if (step.details !== undefined) lines.push(`${detailPad}${style.dim(`details: ${compact(step.details)}`)}`);
  });
  return `${lines.join('\n')}\n`;
}

function compact(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}
