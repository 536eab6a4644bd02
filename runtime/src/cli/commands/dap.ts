// `stepline dap`: the debug adapter over stdio, for any DAP client. The adapter lives outside the
// runtime (debugger/, bundled to dist/debugger/main.cjs); the runtime never imports DAP code, so
// the bundle is found and loaded by a path computed at run time, next to the running CLI.

import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CliIo } from '../cli-io.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../exit-codes.ts';
import { UsageError } from '../usage-error.ts';

export const usage = `Usage: stepline dap

Serves the Stepline debug adapter (Debug Adapter Protocol) on standard input and output, for
any DAP client: an editor starts it and sends \`launch\` with
{ "type": "stepline", "request": "launch", "program": FILE, "input"?: {...},
  "inputFile"?: FILE, "stopOnEntry"?: true, "store"?: DIR, "cwd"?: DIR }.

Options:
  -h, --help  Show this help
`;

/** What the adapter bundle exports (debugger/src/main.ts). */
interface AdapterBundle {
  runDebugAdapter(streams: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream }): Promise<void>;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    io.stdout(usage);
    return EXIT_OK;
  }
  if (args.length > 0) throw new UsageError(`dap takes no arguments (got ${args.join(' ')})`);
  const bundle = findAdapterBundle(dirname(fileURLToPath(import.meta.url)));
  if (!bundle) {
    io.stderr('stepline dap: the debug adapter is not built yet (dist/debugger/main.cjs is missing): run `npm run build` first.\n');
    return EXIT_USAGE;
  }
  const loaded = (await import(pathToFileURL(bundle).href)) as Partial<AdapterBundle> & { default?: Partial<AdapterBundle> };
  const runDebugAdapter = loaded.runDebugAdapter ?? loaded.default?.runDebugAdapter;
  if (typeof runDebugAdapter !== 'function') {
    io.stderr(`stepline dap: ${bundle} is not the Stepline debug adapter (no runDebugAdapter export); rebuild with \`npm run build\`.\n`);
    return EXIT_FAILURE;
  }
  await runDebugAdapter(io.streams ?? { stdin: process.stdin, stdout: process.stdout });
  return EXIT_OK;
}

/** dist/debugger/main.cjs beside the bundled CLI (dist/cli.mjs), or above the source tree (runtime/src/cli/commands). */
export function findAdapterBundle(from: string): string | undefined {
  for (let dir = from, depth = 0; depth < 6; dir = dirname(dir), depth++) {
    const candidates = basename(dir) === 'dist' ? [join(dir, 'debugger', 'main.cjs')] : [join(dir, 'dist', 'debugger', 'main.cjs')];
    const found = candidates.find((candidate) => existsSync(candidate));
    if (found) return found;
    if (dirname(dir) === dir) break;
  }
  return undefined;
}
