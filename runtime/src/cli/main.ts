// The `stepline` command line: finds the command named by the first argument, loads it, and
// turns its outcome into an exit status. Usage errors become one line on stderr and status 2;
// an unexpected failure becomes one line and status 1, never a stack trace (unless
// STEPLINE_DEBUG is set).

import { closestMatch } from '../catalog/similar.ts';
import type { CliIo } from './cli-io.ts';
import type { CommandEntry } from './command.ts';
import { COMMANDS } from './commands.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.ts';
import { UsageError } from './usage-error.ts';
import { STEPLINE_VERSION } from './version.ts';

export type { CliIo } from './cli-io.ts';

export function generalUsage(commands: readonly CommandEntry[] = COMMANDS): string {
  const width = Math.max(...commands.map((command) => `${command.name} ${command.synopsis}`.length));
  const rows = commands.map((command) => `  ${`${command.name} ${command.synopsis}`.padEnd(width)}  ${command.summary}`);
  return `Stepline ${STEPLINE_VERSION}: AI workflows as code.

Usage: stepline <command> [options]

Commands:
${rows.join('\n')}

Options:
  -h, --help     Show this help, or a command's help after its name
  -v, --version  Print the version
`;
}

export async function main(argv: string[], io: CliIo, commands: readonly CommandEntry[] = COMMANDS): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(generalUsage(commands));
    return EXIT_USAGE;
  }
  if (first === '-h' || first === '--help') {
    io.stdout(generalUsage(commands));
    return EXIT_OK;
  }
  if (first === '-v' || first === '--version') {
    io.stdout(`${STEPLINE_VERSION}\n`);
    return EXIT_OK;
  }
  if (first === 'help') return showCommandHelp(rest[0], io, commands);
  if (first.startsWith('-')) {
    io.stderr(`stepline: unknown option '${first}'. Run 'stepline --help' for the commands.\n`);
    return EXIT_USAGE;
  }
  const entry = findCommand(first, io, commands);
  if (!entry) return EXIT_USAGE;

  try {
    const command = await entry.load();
    if (asksForHelp(rest)) {
      io.stdout(command.usage);
      return EXIT_OK;
    }
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`stepline ${entry.name}: ${error.message}. Run 'stepline ${entry.name} --help' for usage.\n`);
      return EXIT_USAGE;
    }
    const detail = io.env['STEPLINE_DEBUG'] && error instanceof Error && error.stack ? `\n${error.stack}` : '';
    io.stderr(`stepline ${entry.name}: unexpected error: ${error instanceof Error ? error.message : String(error)}${detail}\n`);
    return EXIT_FAILURE;
  }
}

async function showCommandHelp(name: string | undefined, io: CliIo, commands: readonly CommandEntry[]): Promise<number> {
  if (name === undefined) {
    io.stdout(generalUsage(commands));
    return EXIT_OK;
  }
  const entry = findCommand(name, io, commands);
  if (!entry) return EXIT_USAGE;
  io.stdout((await entry.load()).usage);
  return EXIT_OK;
}

function findCommand(name: string, io: CliIo, commands: readonly CommandEntry[]): CommandEntry | undefined {
  const entry = commands.find((command) => command.name === name);
  if (!entry) {
    const suggestion = closestMatch(name, commands.map((command) => command.name));
    const hint = suggestion ? ` Did you mean '${suggestion}'?` : '';
    io.stderr(`stepline: unknown command '${name}'.${hint} Run 'stepline --help' for the commands.\n`);
  }
  return entry;
}

/** `--help` or `-h` anywhere before a `--` (after it, they are file names). */
function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}
