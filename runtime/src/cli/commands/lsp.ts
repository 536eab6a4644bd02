// `stepline lsp --stdio`: the language server over stdio, for any LSP client (Neovim, Helix,
// Emacs…). The server lives outside the runtime (server/, bundled to dist/server/main.cjs); the
// runtime never imports LSP code, so the bundle is found and loaded by a path computed at run time;
// the process then becomes the server program, under its Node flags, where it can.

import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CliIo } from '../cli-io.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../exit-codes.ts';
import { UsageError } from '../usage-error.ts';

export const usage = `Usage: stepline lsp [--stdio]

Serves the Stepline language server (Language Server Protocol) on standard input and output, for
any LSP client. Workflow files are recognised by their name: *.flow.yaml, *.flow.yml, *.flow.json.

Example (Neovim):
  vim.lsp.start({ name = 'stepline', cmd = { 'stepline', 'lsp', '--stdio' } })

Options:
  --stdio     Speak LSP over standard input and output (the default and only transport)
  -h, --help  Show this help
`;

/** What the server bundle exports (server/src/main.ts). */
interface ServerBundle {
  runLanguageServer(streams: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream }): Promise<unknown>;
  /** Replaces the process with the bundle run under the server's Node flags, when it can; else returns. */
  restartUnderServerFlags(entry: string, args: readonly string[]): void;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    io.stdout(usage);
    return EXIT_OK;
  }
  const unknown = args.filter((arg) => arg !== '--stdio');
  if (unknown.length > 0) throw new UsageError(`lsp takes only --stdio (got ${unknown.join(' ')})`);
  const bundle = findServerBundle(dirname(fileURLToPath(import.meta.url)));
  if (!bundle) {
    io.stderr('stepline lsp: the language server is not built yet (dist/server/main.cjs is missing): run `npm run build` first.\n');
    return EXIT_USAGE;
  }
  const loaded = (await import(pathToFileURL(bundle).href)) as Partial<ServerBundle> & { default?: Partial<ServerBundle> };
  // A real process becomes the server program itself, under the server's Node flags
  // (server/src/node-flags.ts); streams handed in by a caller (tests) keep it in this process.
  const ownStreams = !io.streams || (io.streams.stdin === process.stdin && io.streams.stdout === process.stdout);
  const restart = loaded.restartUnderServerFlags ?? loaded.default?.restartUnderServerFlags;
  if (ownStreams && typeof restart === 'function') restart(bundle, ['--stdio']);
  const runLanguageServer = loaded.runLanguageServer ?? loaded.default?.runLanguageServer;
  if (typeof runLanguageServer !== 'function') {
    io.stderr(`stepline lsp: ${bundle} is not the Stepline language server (no runLanguageServer export); rebuild with \`npm run build\`.\n`);
    return EXIT_FAILURE;
  }
  // The server keeps the process alive while standard input is open; `exit` ends it.
  await runLanguageServer(io.streams ?? { stdin: process.stdin, stdout: process.stdout });
  return EXIT_OK;
}

/** dist/server/main.cjs beside the bundled CLI (dist/cli.mjs), or above the source tree (runtime/src/cli/commands). */
export function findServerBundle(from: string): string | undefined {
  for (let dir = from, depth = 0; depth < 6; dir = dirname(dir), depth++) {
    const candidate = basename(dir) === 'dist' ? join(dir, 'server', 'main.cjs') : join(dir, 'dist', 'server', 'main.cjs');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  return undefined;
}
