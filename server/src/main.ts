// The language server's entry point. Run as a program (`node dist/server/main.cjs --stdio`, or
// `--node-ipc` from the VS Code client) it serves on the transport the command line names;
// `stepline lsp --stdio` loads this bundle, restarts as this program under the server's flags
// where it can, and otherwise calls `runLanguageServer` with its own streams (as tests do).

import type { Connection } from 'vscode-languageserver/node';
import { canReplaceProcess, missingServerFlags, serverEnvironment } from './node-flags.ts';
import type { ServerStreams } from './serve.ts';

export type { ServerStreams };

/** Starts the server on the given streams, or on the transport named by `--stdio`/`--node-ipc`/`--socket=N`. */
export async function runLanguageServer(streams?: ServerStreams): Promise<Connection> {
  // Imported here rather than at the top: in the bundle, the server's modules (the analyzer, the
  // protocol library, ajv, yaml) are then evaluated only once it serves, so a process that
  // replaces itself first (restartUnderServerFlags) does not pay for them twice.
  const { serve } = await import('./serve.ts');
  return serve(streams);
}

/**
 * Replaces this process with `node <its flags> <entry> <args>` when it runs without some of the
 * server's Node flags (node-flags.ts), adding those; returns when it already has them, or cannot
 * replace itself (Windows, older Node), and the server then runs as is. `execve` keeps the
 * process id and the standard streams, so the editor never notices. Over Node IPC it must not be
 * called: the channel does not survive an exec (the VS Code client passes the flags itself).
 */
export function restartUnderServerFlags(entry: string, args: readonly string[]): void {
  const missing = missingServerFlags(process.execArgv);
  if (missing.length === 0 || !canReplaceProcess()) return;
  process.execve!(process.execPath, [process.execPath, ...process.execArgv, ...missing, entry, ...args], serverEnvironment(process.env));
}

// In the CommonJS bundle, started directly (not imported by the CLI): serve right away.
if (typeof module !== 'undefined' && typeof require !== 'undefined' && require.main === module) {
  if (process.argv.includes('--stdio')) restartUnderServerFlags(process.argv[1]!, process.argv.slice(2));
  void runLanguageServer();
}
