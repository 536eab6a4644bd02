// `stepline validate FILE|DIR... [--format json]`: runs the analyzer the language server uses
// over each workflow file and prints its diagnostics. Exit 0 when none is an error, 1 when one
// is (a YAML syntax error included), 2 when the command itself was called wrongly.

import { relative } from 'node:path';
import { analyzeText } from '../../analysis/analyze.ts';
import type { CliIo } from '../cli-io.ts';
import { collectWorkflowFiles } from '../collect-workflow-files.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../exit-codes.ts';
import { compareFileDiagnostics, formatDiagnosticLine, formatSummary, toFileDiagnostics, type FileDiagnostic } from '../format-diagnostics.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { readWorkflowFile } from '../read-workflow-file.ts';
import { terminalStyle, useColour } from '../terminal-style.ts';
import { UsageError } from '../usage-error.ts';

export const usage = `Usage: stepline validate FILE|DIR... [--format text|json]

Checks workflow files and prints one line per diagnostic:
  file:line:col severity code message
followed by a summary. Directories are searched recursively for *.flow.yaml, *.flow.yml and
*.flow.json files, skipping node_modules and .stepline.

Options:
  --format text|json  json prints an array of
                      { file, line, column, endLine, endColumn, severity, code, message }
  -h, --help          Show this help

A file that cannot be read as UTF-8 text is reported with the code unreadable-file.
Exit status: 0 when no diagnostic is an error, 1 when any is, 2 for usage errors.
`;

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    format: { type: 'string', default: 'text' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(usage);
    return EXIT_OK;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'`);
  if (positionals.length === 0) throw new UsageError('name the workflow files or directories to check, e.g. stepline validate examples/');

  const { files, problems } = await collectWorkflowFiles(positionals, io.cwd);
  if (problems.length > 0) {
    for (const problem of problems) io.stderr(`stepline validate: ${problem}\n`);
    return EXIT_USAGE;
  }

  const found: FileDiagnostic[] = [];
  for (const path of files) found.push(...(await diagnoseFile(path, relative(io.cwd, path) || path)));
  found.sort(compareFileDiagnostics);

  if (format === 'json') {
    io.stdout(`${JSON.stringify(found, null, 2)}\n`);
  } else {
    const style = terminalStyle(useColour(io));
    const lines = found.map((item) => formatDiagnosticLine(item, style));
    lines.push(formatSummary(found, files.length, style));
    io.stdout(`${lines.join('\n')}\n`);
  }
  return found.some((item) => item.severity === 'error') ? EXIT_FAILURE : EXIT_OK;
}

async function diagnoseFile(path: string, shownAs: string): Promise<FileDiagnostic[]> {
  const read = await readWorkflowFile(path);
  if (!read.ok) {
    const line = read.position.line + 1;
    const column = read.position.character + 1;
    return [{ file: shownAs, line, column, endLine: line, endColumn: column, severity: 'error', code: 'unreadable-file', message: read.message }];
  }
  const { document, diagnostics } = analyzeText(read.text, { file: path });
  return toFileDiagnostics(shownAs, document.lines, diagnostics);
}
