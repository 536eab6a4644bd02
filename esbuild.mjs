// Bundles every entry point with one esbuild context each: the CLI now, and the extension's
// client, language server and debug adapter as their sources appear. `--watch` keeps rebuilding.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Each entry is built only when its source exists, so the build works at every stage of the repo. */
const entries = [
  // The CLI runs on Node ≥ 22.13 (node:sqlite); ESM because the package is "type": "module".
  { in: 'runtime/src/cli/entry.ts', out: 'dist/cli.mjs', format: 'esm', external: [] },
  // VS Code loads extensions as CommonJS; `vscode` is provided by the host.
  { in: 'client/src/extension.ts', out: 'dist/client/extension.cjs', format: 'cjs', external: ['vscode'] },
  { in: 'server/src/main.ts', out: 'dist/server/main.cjs', format: 'cjs', external: [] },
  { in: 'debugger/src/main.ts', out: 'dist/debugger/main.cjs', format: 'cjs', external: [] },
];

const contexts = [];
for (const entry of entries.filter((candidate) => existsSync(candidate.in))) {
  contexts.push(
    await esbuild.context({
      entryPoints: [entry.in],
      outfile: entry.out,
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: entry.format,
      external: entry.external,
      sourcemap: production ? false : 'linked',
      minify: production,
      logLevel: 'warning',
      // ESM bundles of CommonJS dependencies (ajv) need a real `require`.
      banner: entry.format === 'esm' ? { js: "import { createRequire as __stepline_createRequire } from 'node:module'; const require = __stepline_createRequire(import.meta.url);" } : {},
    }),
  );
}

if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
  console.log(`esbuild: watching ${contexts.length} entries`);
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
}
