// `stepline run FILE [--input JSON|@file.json] [--json] [--store DIR]`: validates the workflow
// with the same analyzer as `validate`, checks the input, and runs it on the durable store,
// printing each step as it finishes (or each event as a JSON line with --json). Exit 0 when the
// run completes, 1 when it fails or is cancelled, 2 for an invalid workflow, input or usage.

import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { analyzeText } from '../../analysis/analyze.ts';
import { startRun } from '../../engine/index.ts';
import type { CliIo } from '../cli-io.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../exit-codes.ts';
import { formatDiagnosticLine, toFileDiagnostics } from '../format-diagnostics.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { readWorkflowFile } from '../read-workflow-file.ts';
import { runInTerminal } from '../run-in-terminal.ts';
import { actionsFor, openStateStore, stateDirOf } from '../run-store.ts';
import { terminalStyle, useColour } from '../terminal-style.ts';
import { UsageError } from '../usage-error.ts';

export const usage = `Usage: stepline run FILE [--input JSON|@file.json] [--json] [--store DIR]

Runs a workflow on the embedded durable store and prints each step as it finishes, then the
run's id, status and output. The workflow is validated first (the same checks as
\`stepline validate\`); the input is checked against its declared inputs.

Options:
  --input JSON|@FILE  The run input: inline JSON, or @ and a JSON file's path
  --json              Print one JSON object per event (run.started, step.started,
                      step.finished, step.retrying, run.waiting, run.finished, log)
  --store DIR         The state folder (default: $STEPLINE_HOME, else .stepline/ here)
  -h, --help          Show this help

Secrets come from environment variables of the same name, then a .env file beside the
workflow or in the working directory. Workspace actions load from actions/ beside the workflow.
A killed run continues with \`stepline resume RUN_ID\`.

Exit status: 0 completed, 1 failed or cancelled, 2 invalid workflow, input or usage.
`;

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    input: { type: 'string' },
    json: { type: 'boolean', default: false },
    store: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(usage);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name the workflow file to run, e.g. stepline run examples/onboard-customers.flow.yaml' : 'run takes one workflow file');
  const file = resolve(io.cwd, positionals[0]!);
  const shownAs = relative(io.cwd, file) || file;
  const style = terminalStyle(useColour(io) && !values.json);

  const read = await readWorkflowFile(file);
  if (!read.ok) {
    io.stderr(`stepline run: ${shownAs}: ${read.message}\n`);
    return EXIT_USAGE;
  }
  const input = await readInput(values.input, io);
  if (!input.ok) {
    io.stderr(`stepline run: ${input.message}\n`);
    return EXIT_USAGE;
  }

  const registry = await actionsFor(io, 'run', file);
  const { document, diagnostics } = analyzeText(read.text, { file, catalog: registry.catalog });
  const errors = diagnostics.filter((item) => item.severity === 'error');
  if (errors.length > 0) {
    const lines = toFileDiagnostics(shownAs, document.lines, errors).map((item) => formatDiagnosticLine(item, terminalStyle(false)));
    io.stderr(`${lines.join('\n')}\nstepline run: ${shownAs} has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} before running.\n`);
    return EXIT_USAGE;
  }

  const stateDir = stateDirOf(io, values.store);
  const store = openStateStore(io, 'run', stateDir);
  if (!store) return EXIT_FAILURE;
  return runInTerminal({
    io,
    command: 'run',
    store,
    json: values.json,
    style,
    execute: (signal, observers) =>
      startRun({
        document,
        file,
        input: input.value,
        store,
        stateDir,
        actions: registry.actions,
        trustedActions: registry.trusted,
        catalog: registry.catalog,
        env: io.env,
        signal,
        observers,
      }),
  });
}

type InputResult = { ok: true; value: unknown } | { ok: false; message: string };

async function readInput(option: string | undefined, io: CliIo): Promise<InputResult> {
  if (option === undefined) return { ok: true, value: undefined };
  let text = option;
  let source = '--input';
  if (option.startsWith('@')) {
    const path = resolve(io.cwd, option.slice(1));
    source = option.slice(1);
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { ok: false, message: `cannot read the input file ${source}${code === 'ENOENT' ? ': no such file' : ` (${code ?? String(error)})`}.` };
    }
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: `${source} is not valid JSON (${(error as Error).message}).` };
  }
}
