// `stepline runs [--json] [--store DIR] [--limit N] [--status S]`: lists the runs in the state
// folder, most recent first. `--json` prints the spec's array of
// `{ id, workflow, status, startedAt, endedAt }` (plus `file`).

import { relative } from 'node:path';
import { RUN_STATUSES, type RunRecord, type RunStatus } from '../../store/index.ts';
import type { CliIo } from '../cli-io.ts';
import { EXIT_FAILURE, EXIT_OK } from '../exit-codes.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { openStateStore, stateDirOf } from '../run-store.ts';
import { terminalStyle, useColour } from '../terminal-style.ts';
import { UsageError } from '../usage-error.ts';

export const usage = `Usage: stepline runs [--json] [--store DIR] [--limit N] [--status STATUS]

Lists runs, most recent first: id, status, workflow, start time and duration.

Options:
  --json           Print an array of { id, workflow, status, startedAt, endedAt, file }
  --store DIR      The state folder (default: $STEPLINE_HOME, else .stepline/ here)
  --limit N        How many runs to list (default 50)
  --status STATUS  Only runs with this status (${RUN_STATUSES.join(', ')})
  -h, --help       Show this help
`;

export interface RunSummary {
  id: string;
  workflow: string;
  status: RunStatus;
  startedAt: string;
  endedAt: string | null;
  file: string;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    json: { type: 'boolean', default: false },
    store: { type: 'string' },
    limit: { type: 'string' },
    status: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(usage);
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new UsageError(`runs takes no arguments (got '${positionals[0]}'); use stepline show RUN_ID for one run`);
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a whole number of at least 1');
  const status = values.status as RunStatus | undefined;
  if (status !== undefined && !RUN_STATUSES.includes(status)) throw new UsageError(`--status must be one of ${RUN_STATUSES.join(', ')}`);

  const store = openStateStore(io, 'runs', stateDirOf(io, values.store));
  if (!store) return EXIT_FAILURE;
  try {
    const runs = store.listRuns({ limit, ...(status ? { status } : {}) }).map(summaryOf);
    if (values.json) {
      io.stdout(`${JSON.stringify(runs, null, 2)}\n`);
      return EXIT_OK;
    }
    if (runs.length === 0) {
      io.stdout('No runs yet. Start one with: stepline run FILE\n');
      return EXIT_OK;
    }
    const style = terminalStyle(useColour(io));
    const statusWidth = Math.max(...runs.map((item) => item.status.length));
    const nameWidth = Math.max(...runs.map((item) => item.workflow.length));
    for (const item of runs) {
      const paintStatus = item.status === 'failed' || item.status === 'cancelled' ? style.red : item.status === 'completed' ? (text: string) => text : style.yellow;
      const duration = item.endedAt ? `${Math.max(0, Date.parse(item.endedAt) - Date.parse(item.startedAt))} ms` : '';
      const file = item.file ? style.dim(`  ${relative(io.cwd, item.file) || item.file}`) : '';
      io.stdout(`${item.id}  ${paintStatus(item.status.padEnd(statusWidth))}  ${item.workflow.padEnd(nameWidth)}  ${item.startedAt}  ${duration.padStart(9)}${file}\n`);
    }
    return EXIT_OK;
  } finally {
    store.close();
  }
}

function summaryOf(run: RunRecord): RunSummary {
  return { id: run.id, workflow: run.workflowName, status: run.status, startedAt: run.startedAt, endedAt: run.endedAt ?? null, file: run.workflowPath };
}
