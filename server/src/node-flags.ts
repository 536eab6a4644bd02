// The Node.js flags and environment the language server runs with, wherever it is started: the
// VS Code client passes them when it forks the server, and the server started from a command
// line (`node dist/server/main.cjs --stdio`, `stepline lsp --stdio`) restarts itself with them.
//
// Why: a language server builds a new tree and analysis for each version of a document, and each
// version's objects live just long enough to leave V8's young generation. V8 answers that by
// growing the young generation to over 100 MB, and by letting the old generation fill with
// garbage up to several times what is live before it collects. Measured on the LSP benchmark
// (docs/benchmarks-lsp.md):
// - at most 8 MB per semi-space: peak RSS at 1000 steps from about 330 MB to about 190 MB;
// - and at least 8 MB from the start: V8 only learns to allocate a site's long-lived objects
//   (tree nodes, template parses) in the old generation directly when a young-generation
//   collection at its full size finds them alive, and the warm-up (warm-up.ts) gives it that
//   collection before the first document, instead of during it;
// - collecting the old generation when it has grown by half since the last collection (instead
//   of V8's factor of up to 4): at 5000 steps, a factor of 2 took peak RSS from 400–800 MB to
//   260–430 MB, and 1.5 takes another 20–25 MB off.
//
// And V8's optimizing compilers: only Maglev, not Turbofan (`--no-turbofan`). Turbofan compiles
// on helper threads, and during the first analyses of a large document it compiled so much that,
// on a two-core machine, it took CPU time from the analysis itself: the process used 1.7 cores
// while the analysis ran, and the analysis waited a third of its time for a core. Maglev, V8's
// compiler for code that must become fast soon, compiles in a fraction of the time; its code is
// about 15% slower once everything is hot, which an analysis of a few milliseconds to a hundred
// never makes up for. Measured on the LSP benchmark (docs/benchmarks-lsp.md), Turbofan → Maglev
// alone: didOpen at 5000 steps 262 → 195 ms, at 1000 steps 103 → 70 ms; typing and completion
// as fast or faster; peak RSS unchanged. (Fewer helper threads, `--v8-pool-size=1`, got a third
// of that gain and cost 25 MB of peak RSS.)
//
// And glibc's allocator (GLIBC_TUNABLES, ignored elsewhere): V8 compiles optimized code on
// helper threads in memory it takes from malloc, and by default every thread gets an arena of
// its own that keeps what it freed; two arenas, and large blocks given back to the system when
// freed, took about 20 MB off the peak at 5000 steps.

import { accessSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const LANGUAGE_SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8', '--min-semi-space-size=8', '--heap-growing-percent=50', '--no-turbofan'];

/** glibc malloc settings for the server process (see above); a setting the user gave wins. */
const GLIBC_MALLOC_TUNABLES: readonly string[] = ['glibc.malloc.arena_max=2', 'glibc.malloc.mmap_threshold=131072', 'glibc.malloc.trim_threshold=131072'];

/** The server's flags this process runs without: those it gave no value of its own (`--turbofan` is a choice about `--no-turbofan`). */
export function missingServerFlags(execArgv: readonly string[]): string[] {
  return LANGUAGE_SERVER_NODE_FLAGS.filter((flag) => !execArgv.some((given) => flagName(given) === flagName(flag)));
}

/** A flag's name without its value or its `no-`: `--no-turbofan` and `--turbofan=true` both name `turbofan`. */
function flagName(flag: string): string {
  return flag.split('=')[0]!.replace(/^--(?:no-)?/, '');
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
 * The environment to start the server in: the caller's, plus
 * - Node's compile cache (in the temporary directory, unless NODE_COMPILE_CACHE names another or
 *   NODE_DISABLE_COMPILE_CACHE turns it off), so V8's compiled code for the bundle is read from
 *   disk instead of compiled at every start (the bundle's load, 25 → 10 ms). Through the
 *   environment, because the cache must be on before the bundle is compiled;
 * - glibc's malloc tunables (see above), added to any the caller has, whose own settings win.
 */
export function serverEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { ...env, GLIBC_TUNABLES: withMallocTunables(env['GLIBC_TUNABLES']) };
  if (env['NODE_COMPILE_CACHE'] === undefined && env['NODE_DISABLE_COMPILE_CACHE'] === undefined) result['NODE_COMPILE_CACHE'] = join(tmpdir(), 'node-compile-cache');
  return result;
}

function withMallocTunables(given: string | undefined): string {
  const settings = given ? given.split(':').filter((setting) => setting !== '') : [];
  const named = new Set(settings.map((setting) => setting.split('=')[0]));
  for (const tunable of GLIBC_MALLOC_TUNABLES) if (!named.has(tunable.split('=')[0])) settings.push(tunable);
  return settings.join(':');
}
