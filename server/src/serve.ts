// Starts the language server on a connection: the standard streams or a transport named on the
// command line (`--stdio`, `--node-ipc`, `--socket=N`), or streams handed in by a caller.
// main.ts loads this module only when it serves, after any restart under the server's flags.

import { ProposedFeatures, createConnection, type Connection } from 'vscode-languageserver/node';
import { startServer } from './server.ts';

export interface ServerStreams {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
}

export function serve(streams?: ServerStreams): Connection {
  // With real streams the connection also exits when the editor closes standard input.
  const connection = streams ? createConnection(ProposedFeatures.all, streams.stdin, streams.stdout) : createConnection(ProposedFeatures.all);
  startServer(connection);
  connection.listen();
  return connection;
}
