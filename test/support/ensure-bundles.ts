// Tests and benchmarks that start the real bundles (dist/cli.mjs, dist/server/main.cjs) must not
// run a stale build: this rebuilds with the project's esbuild.mjs when a bundle is missing or
// older than the newest file of the sources it is built from.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `bundles` and `sourceDirs` are relative to the repository root. */
export function ensureBundles(bundles: readonly string[], sourceDirs: readonly string[]): void {
  const sources = Math.max(...sourceDirs.map((dir) => newestFile(join(REPO_ROOT, dir))));
  const fresh = (bundle: string): boolean => {
    const path = join(REPO_ROOT, bundle);
    return existsSync(path) && statSync(path).mtimeMs >= sources;
  };
  if (bundles.every(fresh)) return;
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`node esbuild.mjs failed (${build.status ?? build.signal}):\n${build.stdout}${build.stderr}`);
}

function newestFile(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestFile(path) : statSync(path).mtimeMs);
  }
  return newest;
}
