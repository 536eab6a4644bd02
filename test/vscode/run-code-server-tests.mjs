// Runs the extension's mocha suite (test/vscode/suite/) inside a real VS Code: code-server from
// the test cache, opened in Debian's chromium through playwright-core, with the repository as the
// extension under development and a copy of examples/ as the workspace. Exits with the suite's
// code; takes the screenshots the suite asks for (`SCREENSHOT:<name>` log lines) into
// test/vscode/screenshots/. Recipe and pitfalls: shared/testing/REAL-VSCODE.md.
//
// Environment: STEPLINE_VSCODE_TEST_CACHE (where .ci/install-vscode-test-deps.sh installed),
// STEPLINE_SKIP_VSCODE_TESTS=1 (skip, refused when CI=true), STEPLINE_VSCODE_TEST_TIMEOUT_MS
// (whole-suite limit), STEPLINE_VSCODE_TEST_VERBOSE=1 (echo code-server's own log).
// Paths, prerequisites and process handling shared with run-vsix-tests.mjs: code-server-harness.mjs.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { isNoise, launchChromium, missingPrerequisite, prepareState, skipOrFail, startCodeServer, stopProcessGroup, withTimeout } from './code-server-harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const screenshotDir = join(here, 'screenshots');
const suiteIndex = join(here, 'suite', 'index.cjs');
const timeoutMs = Number(process.env.STEPLINE_VSCODE_TEST_TIMEOUT_MS ?? 240_000);
const verbose = process.env.STEPLINE_VSCODE_TEST_VERBOSE === '1';

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const log = (message) => console.log(`[vscode-tests ${elapsed()}] ${message}`);

function checkPrerequisites() {
  const missing = missingPrerequisite();
  if (missing) skipOrFail('real VS Code tests', missing);
}

/** The extension host loads the bundle named by package.json `main`; build it when it is missing. */
function ensureBundle() {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const main = manifest.main ? join(repoRoot, manifest.main) : join(repoRoot, 'dist', 'client', 'extension.cjs');
  if (existsSync(main) && process.env.STEPLINE_VSCODE_TEST_REBUILD !== '1') return;
  log(`building the bundles (${main} is missing)`);
  const result = spawnSync(process.execPath, [join(repoRoot, 'esbuild.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`esbuild.mjs failed with ${result.status ?? result.signal}`);
}

/** Everything this run writes outside the repository lives under one temp folder. */
function prepareRunState() {
  const state = prepareState('stepline-vscode-');
  // The suite and this runner hand screenshot requests back and forth through this folder;
  // the suite finds it as `<workspace>/../signals`.
  const signals = join(state.root, 'signals');
  mkdirSync(signals);
  const workspace = join(state.root, 'workspace');
  cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });
  return { ...state, workspace, signals };
}

function startRunCodeServer(state) {
  return startCodeServer(state, {
    // The extension host inherits this; the suite reads it to find the signals folder.
    env: { STEPLINE_VSCODE_TEST_SIGNALS: state.signals },
    ...(verbose ? { onOutput: (text) => process.stdout.write(text.replace(/^/gm, '  [code-server] ')) } : {}),
  });
}

async function main() {
  checkPrerequisites();
  ensureBundle();
  mkdirSync(screenshotDir, { recursive: true });
  // Pictures of an earlier run would pass for this run's when a step fails before its screenshot.
  // `vsix-*` pictures belong to run-vsix-tests.mjs, which clears its own.
  for (const old of readdirSync(screenshotDir).filter((name) => name.endsWith('.png') && !name.startsWith('vsix-'))) rmSync(join(screenshotDir, old));
  const state = prepareRunState();
  log(`state in ${state.root}`);
  const server = startRunCodeServer(state);
  // Interrupted (Ctrl+C, or the node:test wrapper's backstop): code-server runs in its own
  // process group and would outlive us, so end it and remove the state before leaving.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      log(`${signal}: stopping code-server (pid ${server.child.pid}) and removing ${state.root}`);
      try {
        process.kill(-server.child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      rmSync(state.root, { recursive: true, force: true });
      process.exit(1);
    });
  }
  let browser;
  let exitCode = 1;
  try {
    const baseUrl = await withTimeout(server.address, 60_000, 'code-server did not start listening');
    log(`code-server listening on ${baseUrl}`);

    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });

    let resolveExit;
    const suiteExit = new Promise((resolveSuite) => {
      resolveExit = resolveSuite;
    });
    const screenshotQueue = [];
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (isNoise(text)) return;
      for (const line of text.split('\n')) {
        const request = /^SCREENSHOT:([\w-]+)$/.exec(line.trim());
        if (request) screenshotQueue.push(takeRequestedScreenshot(page, request[1], state.signals));
        else if (line.trim() !== '') console.log(type === 'error' ? `  [ext host error] ${line}` : `  ${line}`);
      }
    });

    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://remote${repoRoot}`],
      ['extensionTestsPath', `vscode-remote://remote${suiteIndex}`],
    ];
    const url = `${baseUrl}?folder=${encodeURIComponent(state.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    log('opening the workbench');
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    page
      .waitForSelector('.monaco-workbench', { timeout: 60_000 })
      .then(() => log('workbench visible'))
      .catch(() => log('workbench did not appear within 60 s'));

    const remaining = Math.max(10_000, timeoutMs - (Date.now() - started));
    try {
      exitCode = await withTimeout(suiteExit, remaining, `the suite did not finish within ${timeoutMs} ms`);
      log(`suite finished with exit code ${exitCode}`);
    } catch (error) {
      log(String(error.message ?? error));
      exitCode = 1;
    }
    await Promise.allSettled(screenshotQueue);
    await saveScreenshot(page, exitCode === 0 ? 'workbench-final' : 'workbench-failure');
    if (exitCode !== 0) console.error(`[vscode-tests] code-server's last output:\n${server.tailOf()}`);
  } catch (error) {
    console.error(`[vscode-tests] ${error.stack ?? error}`);
    console.error(`[vscode-tests] code-server's last output:\n${server.tailOf()}`);
    exitCode = 1;
  } finally {
    if (browser) await withTimeout(browser.close(), 15_000, 'chromium did not close').catch((error) => log(error.message));
    await stopProcessGroup(server.child);
    server.serverLog.end();
    if (process.env.STEPLINE_VSCODE_TEST_KEEP_STATE === '1') log(`kept ${state.root}`);
    else rmSync(state.root, { recursive: true, force: true });
  }
  log(`done: exit ${exitCode}`);
  return exitCode;
}

/**
 * The suite asked for a picture of the current state: let the workbench settle on what the
 * named moment should show, save it, read the rows a person would read there, then answer the
 * suite through `<name>.done` ({ saved, rows }) so it can assert on the UI and move on.
 */
async function takeRequestedScreenshot(page, name, signals) {
  const answer = { saved: false, rows: [] };
  try {
    const rowsSelector = await prepareFor(page, name);
    answer.saved = await saveScreenshot(page, name);
    if (rowsSelector) answer.rows = await page.locator(rowsSelector).allInnerTexts();
  } catch (error) {
    log(`screenshot ${name} failed: ${error.message}`);
  } finally {
    writeFileSync(join(signals, `${name}.done`), JSON.stringify(answer));
  }
}

/** Brings the page to the state the named screenshot is about; returns the selector of its rows. */
async function prepareFor(page, name) {
  let rows;
  if (name === 'breakpoint-in-loop') {
    // The stopped line's highlight and a filled Variables view are what a person looks for.
    await page.waitForSelector('.debug-top-stack-frame-line', { timeout: 15_000 }).catch(() => log('no stopped-line highlight seen'));
    const loopRow = page.locator('.debug-variables .monaco-list-row', { hasText: /^\s*loop\b/ }).first();
    await loopRow.waitFor({ timeout: 10_000 }).catch(() => log('no `loop` row in Variables'));
    if ((await loopRow.getAttribute('aria-expanded').catch(() => null)) === 'false') {
      await loopRow.locator('.monaco-tl-twistie').click().catch((error) => log(`could not expand loop: ${error.message}`));
      await page.locator('.debug-variables .monaco-list-row', { hasText: /^\s*item\b/ }).first().waitFor({ timeout: 5000 }).catch(() => log('loop shows no item'));
    }
    rows = '.debug-variables .monaco-list-row';
  } else if (name === 'runs-view') {
    // Expand the newest run so its steps show, as a person would to look at them.
    const runRow = page.locator('#workbench\\.parts\\.sidebar .monaco-list-row[aria-level="1"]').first();
    await runRow.waitFor({ timeout: 10_000 }).catch(() => log('the Runs view shows no run'));
    if ((await runRow.getAttribute('aria-expanded').catch(() => null)) === 'false') {
      await runRow.locator('.monaco-tl-twistie').click().catch((error) => log(`could not expand the run: ${error.message}`));
      await page.locator('#workbench\\.parts\\.sidebar .monaco-list-row[aria-level="2"]').first().waitFor({ timeout: 5000 }).catch(() => log('the run shows no steps'));
    }
    rows = '#workbench\\.parts\\.sidebar .monaco-list-row';
  } else if (name === 'problems-panel') {
    await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 15_000 }).catch(() => log('no row in the Problems panel'));
    rows = '.markers-panel .monaco-list-row';
  }
  // Rendering runs a frame behind the DOM; two animation frames let it catch up.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  return rows;
}

async function saveScreenshot(page, name) {
  const file = join(screenshotDir, `${name}.png`);
  rmSync(file, { force: true });
  await page.screenshot({ path: file, timeout: 15_000 }).catch((error) => log(`screenshot ${name} failed: ${error.message}`));
  const saved = existsSync(file);
  if (saved) log(`screenshot saved: ${file}`);
  return saved;
}

process.exitCode = await main();
