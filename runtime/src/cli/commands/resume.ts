// `stepline resume RUN_ID [--json] [--store DIR]`: continues a run that was interrupted (killed,
// crashed, or waiting) from its last committed step. Committed steps never run again; a step
// that was in flight runs again with the same idempotency key, so its side effects happen once.

import { relative } from 'node:path';
import { resumeRun } from '../../engine/index.ts';
import type { CliIo } from '../cli-io.ts';
import { EXIT_FAILURE, EXIT_OK } from '../exit-codes.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { actionsFor, openStateStore, stateDirOf } from '../run-store.ts';
import { terminalStyle, useColour } from '../terminal-style.ts';
import { UsageError } from '../usage-error.ts';
import { runInTerminal } from '../run-in-terminal.ts';

export const usage = `Usage: stepline resume RUN_ID [--json] [--store DIR]

Continues an interrupted run from its last committed step. RUN_ID may be a unique prefix.
The workflow file must be unchanged since the run started.

Options:
  --json       Print one JSON object per event, as \`stepline run --json\` does
  --store DIR  The state folder (default: $STEPLINE_HOME, else .stepline/ here)
  -h, --help   Show this help

Exit status: 0 completed, 1 failed or cancelled, 2 unknown or finished run, changed workflow, usage.
`;

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
  if (positionals.length !== 1) throw new UsageError('name the run to resume, e.g. stepline resume 01jc5x (see stepline runs)');
  const stateDir = stateDirOf(io, values.store);
  const store = openStateStore(io, 'resume', stateDir);
  if (!store) return EXIT_FAILURE;
  const style = terminalStyle(useColour(io) && !values.json);
  return runInTerminal({
    io,
    command: 'resume',
    store,
    json: values.json,
    style,
    execute: async (signal, observers) => {
      const lookup = store.findRunByPrefix(positionals[0]!);
      const workflowPath = lookup.kind === 'found' ? lookup.run.workflowPath : '';
      const registry = workflowPath ? await actionsFor(io, 'resume', workflowPath) : undefined;
      if (registry && !values.json && workflowPath) io.stdout(style.dim(`Workflow: ${relative(io.cwd, workflowPath) || workflowPath}\n`));
      return resumeRun(positionals[0]!, {
        store,
        stateDir,
        ...(registry ? { actions: registry.actions, trustedActions: registry.trusted, catalog: registry.catalog } : {}),
        env: io.env,
        signal,
        observers,
      });
    },
  });
}
