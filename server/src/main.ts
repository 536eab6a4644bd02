// The language server's entry point. Run as a program (`node dist/server/main.cjs --stdio`, or
// `--node-ipc` from the VS Code client) it serves on the transport the command line names;
// `stepline lsp --stdio` becomes this program (or, where it cannot, loads this bundle and calls
// `runLanguageServer` with its own streams, as tests do).

import { ProposedFeatures, createConnection, type Connection } from 'vscode-languageserver/node';
import { LANGUAGE_SERVER_NODE_FLAGS, canReplaceProcess, runsWithServerFlags } from './node-flags.ts';
import { startServer } from './server.ts';

export interface ServerStreams {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
}

/** Starts the server on the given streams, or on the transport named by `--stdio`/`--node-ipc`/`--socket=N`. */
export function runLanguageServer(streams?: ServerStreams): Connection {
  // With real streams the connection also exits when the editor closes standard input.
  const connection = streams ? createConnection(ProposedFeatures.all, streams.stdin, streams.stdout) : createConnection(ProposedFeatures.all);
  startServer(connection);
  connection.listen();
  return connection;
}

/**
 * Replaces this process with one running the server under its Node flags (node-flags.ts), when
 * it was started without them over stdio. `execve` keeps the process id and the standard streams,
 * so the editor never notices; where it does not exist (Windows, older Node) the server runs as is.
 * Node IPC is left alone: its channel does not survive an exec, and the VS Code client passes
 * the flags itself.
 */
function restartWithServerFlags(): void {
  if (!process.argv.includes('--stdio') || runsWithServerFlags(process.execArgv) || !canReplaceProcess()) return;
  process.execve!(process.execPath, [process.execPath, ...process.execArgv, ...LANGUAGE_SERVER_NODE_FLAGS, ...process.argv.slice(1)], process.env);
}

// In the CommonJS bundle, started directly (not imported by the CLI): serve right away.
if (typeof module !== 'undefined' && typeof require !== 'undefined' && require.main === module) {
  restartWithServerFlags();
  runLanguageServer();
}
