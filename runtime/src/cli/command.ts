// The shape of a CLI command: a module with its help text and a `run` function, loaded only when
// its name is typed so that `stepline validate` never loads the engine or the language server.

import type { CliIo } from './cli-io.ts';

export interface CommandModule {
  /** The full help text, printed by `stepline <name> --help`. */
  readonly usage: string;
  /** Runs the command with the arguments after its name; resolves to the exit status. */
  run(args: string[], io: CliIo): Promise<number>;
}

export interface CommandEntry {
  readonly name: string;
  /** The argument summary shown after the name in `stepline --help`. */
  readonly synopsis: string;
  readonly summary: string;
  load(): Promise<CommandModule>;
}
