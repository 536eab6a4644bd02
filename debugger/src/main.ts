// The debug adapter's stdio entry, bundled to dist/debugger/main.cjs: `node main.cjs` speaks DAP
// on stdin/stdout, and `stepline dap` imports this bundle and calls `runDebugAdapter` with its
// own streams. Nothing else may write to stdout while the adapter runs.

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

// Run directly (`node dist/debugger/main.cjs`) rather than imported by the CLI.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  void runDebugAdapter();
}
