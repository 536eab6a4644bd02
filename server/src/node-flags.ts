// The Node.js flags the language server runs with, wherever it is started: the VS Code client
// passes them when it forks the server, and the server started from a command line
// (`node dist/server/main.cjs --stdio`, `stepline lsp --stdio`) restarts itself with them.
//
// Why: a language server builds a new tree and analysis for each version of a document, and each
// version's objects live just long enough to leave V8's young generation. V8 answers that by
// growing the young generation to over 100 MB, and by letting the old generation fill with
// garbage up to several times what is live before it collects. Measured on the LSP benchmark
// (docs/benchmarks-lsp.md), with no measurable change in latency:
// - at most 8 MB per semi-space: peak RSS at 1000 steps from about 330 MB to about 190 MB;
// - collecting the old generation when it has doubled (instead of V8's factor of up to 4): to
//   about 150 MB at 1000 steps, and to 260–430 MB from 400–800 MB at 5000 steps.

import { accessSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const LANGUAGE_SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8', '--heap-growing-percent=100'];

/** Whether the current process already runs with the flags (or with its own choice of them). */
export function runsWithServerFlags(execArgv: readonly string[]): boolean {
  return LANGUAGE_SERVER_NODE_FLAGS.every((flag) => execArgv.some((given) => given.split('=')[0] === flag.split('=')[0]));
}

/**
 * Whether this process can replace itself with `process.execve` here: POSIX only (Node has no
 * execve on Windows), and only with an executable Node binary, because a failed execve aborts
 * the process instead of throwing.
 */
export function canReplaceProcess(): boolean {
  if (typeof process.execve !== 'function' || process.platform === 'win32') return false;
  try {
    accessSync(process.execPath, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The environment to start the server in: the caller's, with Node's compile cache turned on (in
 * the temporary directory, unless NODE_COMPILE_CACHE names another or NODE_DISABLE_COMPILE_CACHE
 * turns it off), so V8's compiled code for the bundle is read from disk instead of compiled at
 * every start (the bundle's load, 25 → 10 ms). Through the environment, because the cache must be
 * on before the bundle is compiled.
 */
export function serverEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env['NODE_COMPILE_CACHE'] !== undefined || env['NODE_DISABLE_COMPILE_CACHE'] !== undefined) return env;
  return { ...env, NODE_COMPILE_CACHE: join(tmpdir(), 'node-compile-cache') };
}
