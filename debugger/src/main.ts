// The debug adapter's stdio entry, bundled to dist/debugger/main.cjs: `node main.cjs` speaks DAP
// on stdin/stdout, and `stepline dap` imports this bundle and calls `runDebugAdapter` with its
// own streams. Nothing else may write to stdout while the adapter runs.

import { createServer, type Server } from 'node:net';
import { SteplineDebugSession } from './stepline-debug-session.ts';

export interface DebugAdapterStreams {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
}

/** Serves one debug session on the streams; settles when the client closes its end. */
export function runDebugAdapter(streams: DebugAdapterStreams = { stdin: process.stdin, stdout: process.stdout }): Promise<void> {
  const session = new SteplineDebugSession();
  return new Promise<void>((resolve) => {
    streams.stdin.once('close', () => resolve());
    streams.stdin.once('end', () => resolve());
    // As DebugSession.run does for a stdio adapter: a polite kill still ends the session.
    process.once('SIGTERM', () => session.shutdown());
    session.start(streams.stdin, streams.stdout);
  });
}

/**
 * Serves a new debug session per TCP connection on 127.0.0.1 (`--server=PORT`), for debugging the
 * adapter itself: a VS Code window points its launch configuration's `debugServer` at the port.
 */
export function serveDebugAdapter(port: number): Server {
  return createServer((socket) => {
    const session = new SteplineDebugSession();
    session.setRunAsServer(true);
    session.start(socket, socket);
  }).listen(port, '127.0.0.1');
}

// Run directly (`node dist/debugger/main.cjs [--server=PORT]`) rather than imported by the CLI.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  const server = process.argv.find((argument) => argument.startsWith('--server='));
  if (server) serveDebugAdapter(Number(server.slice('--server='.length)));
  else void runDebugAdapter();
}
