// The language server's entry point: creates the connection over stdio (`--stdio`, used by
// `stepline lsp --stdio` and any editor) or Node IPC (`--node-ipc`, used by the VS Code client)
// and starts the server on it.

import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { startServer } from './server.ts';

// createConnection reads `--stdio`, `--node-ipc` or `--socket=N` from the command line.
const connection = createConnection(ProposedFeatures.all);
startServer(connection);
connection.listen();
