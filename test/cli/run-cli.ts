// Runs the real `stepline` bin as a child process and collects what it prints, and makes sure
// the bundle it loads (dist/cli.mjs) is built from the current sources first.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBundles } from '../support/ensure-bundles.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const binPath = join(repoRoot, 'runtime/bin/stepline.cjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** The Node.js executable; the one running the tests unless a test needs another. */
  node?: string;
  /** The bin to start, when a test needs a copy of it elsewhere. */
  bin?: string;
}

export function runCli(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.node ?? process.execPath, [options.bin ?? binPath, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, NO_COLOR: undefined, STEPLINE_DEBUG: undefined, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }));
  });
}

/** Builds dist/cli.mjs when it is missing or older than a runtime source. */
export function ensureBundle(): void {
  ensureBundles(['dist/cli.mjs'], ['runtime/src']);
}
