// The language server's entry point. Run as a program (`node dist/server/main.cjs --stdio`, or
// `--node-ipc` from the VS Code client) it serves on the transport the command line names;
// `stepline lsp --stdio` loads this bundle and calls `runLanguageServer` with its own streams.

import { ProposedFeatures, createConnection, type Connection } from 'vscode-languageserver/node';
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

// In the CommonJS bundle, started directly (not imported by the CLI): serve right away.
if (typeof module !== 'undefined' && typeof require !== 'undefined' && require.main === module) runLanguageServer();
