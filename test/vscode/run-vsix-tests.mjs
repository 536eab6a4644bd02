// The packaged extension in a real VS Code, used as a person would: packages the .vsix (or takes
// `--vsix FILE`), installs it with `code-server --install-extension` into a fresh extensions
// folder, opens a copy of examples/ (no extensionDevelopmentPath) in chromium and drives the page
// with the keyboard: quick-open onboard-customers.flow.yaml, check the language in the status
// bar, run "Stepline: Run Workflow" from the command palette and wait for the completed run in
// the status bar and the Runs view. Saves test/vscode/screenshots/vsix-run.png.
//
// `--measure` then loads the measurement suite (vsix-suite/) in the extension host twice, once
// with the installed extension and once with the repository's development build, runs the same
// 1000-step workflow without the editor (perf/engine-alone.ts), and prints the figures as JSON
// (also written to `--measure-out FILE`) with a summary; `--dev-first` swaps the two loads;
// `--measure-dir DIR` puts the measured workspaces there (e.g. /dev/shm, to take the disk out);
// `--profile` also saves CPU profiles of the 1000-step runs (perf/profile-summary.mjs reads them).
// See docs/extension-performance.md.
//
// Environment: as run-code-server-tests.mjs (STEPLINE_VSCODE_TEST_CACHE,
// STEPLINE_SKIP_VSCODE_TESTS, STEPLINE_VSCODE_TEST_VERBOSE, STEPLINE_VSCODE_TEST_KEEP_STATE).

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { summarize } from './perf/summarize-measurements.mjs';
import { codeServerEntry, codeServerEnv, isNoise, launchChromium, missingPrerequisite, node24, prepareState, skipOrFail, startCodeServer, stopProcessGroup, withTimeout } from './code-server-harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const screenshotDir = join(here, 'screenshots');
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const extensionFolderName = `${manifest.publisher}.${manifest.name}-${manifest.version}`;
const languageName = manifest.contributes.languages[0].aliases[0];
const args = process.argv.slice(2);
const optionValue = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const measure = args.includes('--measure');
const verbose = process.env.STEPLINE_VSCODE_TEST_VERBOSE === '1';
const RUN_INPUT = {
  signups: [
    { id: 'cus_ada', name: 'Ada Lovelace', email: 'ada@example.com', plan: 'pro' },
    { id: 'cus_alan', name: 'Alan Turing', email: '', plan: 'starter' },
  ],
  sender: 'welcome@acme.example',
};

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const log = (message) => console.log(`[vsix-tests ${elapsed()}] ${message}`);

async function main() {
  const missing = missingPrerequisite();
  if (missing) skipOrFail('packaged-extension tests', missing);
  mkdirSync(screenshotDir, { recursive: true });
  rmSync(join(screenshotDir, 'vsix-run.png'), { force: true });
  const state = prepareState('stepline-vsix-');
  log(`state in ${state.root}`);
  let server;
  let browser;
  let measureDirs;
  let exitCode = 1;
  const interrupt = (signal) => {
    log(`${signal}: stopping code-server and removing ${state.root}`);
    if (server) {
      try {
        process.kill(-server.child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    rmSync(state.root, { recursive: true, force: true });
    process.exit(1);
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const vsix = optionValue('--vsix') ? resolve(optionValue('--vsix')) : packageVsix(state.root);
    installVsix(state, vsix);

    const workspace = join(state.root, 'workspace');
    cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });
    // The input file beside the workflow answers its inputs, so no quick input opens.
    writeFileSync(join(workspace, 'onboard-customers.input.json'), JSON.stringify(RUN_INPUT, null, 2));
    measureDirs = measure ? prepareMeasurement(state.root) : undefined;

    server = startCodeServer(state, {
      env: measureDirs ? { STEPLINE_VSCODE_MEASURE_ASSETS: measureDirs.assets, STEPLINE_VSCODE_MEASURE_OUT: measureDirs.out, STEPLINE_VSCODE_MEASURE_PROFILE: args.includes('--profile') ? '1' : '0' } : {},
      onOutput: verbose ? (text) => process.stdout.write(text.replace(/^/gm, '  [code-server] ')) : undefined,
    });
    const baseUrl = await withTimeout(server.address, 60_000, 'code-server did not start listening');
    log(`code-server listening on ${baseUrl}`);
    browser = await launchChromium();

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await runWorkflowAsAPerson(page, baseUrl, workspace);
      log('PASS: the installed .vsix runs onboard-customers from the command palette');
      exitCode = 0;
    } catch (error) {
      console.error(`[vsix-tests] FAIL: ${error.stack ?? error}`);
      await page.screenshot({ path: join(screenshotDir, 'vsix-failure.png') }).catch(() => undefined);
      console.error(`[vsix-tests] code-server's last output:\n${server.tailOf()}`);
    } finally {
      await page.close().catch(() => undefined);
    }

    if (measure && exitCode === 0) exitCode = await runMeasurements(browser, baseUrl, state, measureDirs);
  } catch (error) {
    console.error(`[vsix-tests] ${error.stack ?? error}`);
    if (server) console.error(`[vsix-tests] code-server's last output:\n${server.tailOf()}`);
    exitCode = 1;
  } finally {
    if (browser) await withTimeout(browser.close(), 15_000, 'chromium did not close').catch((error) => log(error.message));
    if (server) {
      await stopProcessGroup(server.child);
      server.serverLog.end();
    }
    if (process.env.STEPLINE_VSCODE_TEST_KEEP_STATE === '1') log(`kept ${state.root}`);
    else {
      rmSync(state.root, { recursive: true, force: true });
      if (measureDirs && measureDirs.workspaces !== state.root) rmSync(measureDirs.workspaces, { recursive: true, force: true });
    }
  }
  log(`done: exit ${exitCode}`);
  return exitCode;
}

/** `npm run package`'s script, writing into the run's state folder rather than the repository. */
function packageVsix(stateRoot) {
  const out = join(stateRoot, `${manifest.name}-${manifest.version}.vsix`);
  log('packaging the extension (client/scripts/package.mjs)');
  const result = spawnSync(process.execPath, [join(repoRoot, 'client', 'scripts', 'package.mjs'), '--out', out], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  process.stdout.write(result.stdout ?? '');
  if (result.status !== 0) throw new Error(`packaging failed (${result.status ?? result.signal}):\n${result.stderr}`);
  return out;
}

/** What a person does with a .vsix: `code-server --install-extension`, into this run's extensions folder. */
function installVsix(state, vsix) {
  log(`installing ${vsix}`);
  const result = spawnSync(node24, [codeServerEntry, '--user-data-dir', state.userDataDir, '--extensions-dir', state.extensionsDir, '--install-extension', vsix], {
    cwd: state.root,
    env: codeServerEnv(state),
    encoding: 'utf8',
    timeout: 120_000,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (verbose) process.stdout.write(output.replace(/^/gm, '  [install] '));
  if (result.status !== 0) throw new Error(`--install-extension failed (${result.status ?? result.signal}):\n${output}`);
  const installed = join(state.extensionsDir, extensionFolderName);
  if (!existsSync(join(installed, 'package.json'))) throw new Error(`--install-extension did not create ${installed}:\n${output}`);
  log(`installed into ${installed}`);
}

/**
 * The person's path through the workbench, by keyboard: Ctrl+P for the file, Ctrl+Shift+P for
 * the command. Every wait names what never appeared.
 */
async function runWorkflowAsAPerson(page, baseUrl, workspace) {
  const pageLog = [];
  page.on('console', (message) => {
    if (!isNoise(message.text())) pageLog.push(message.text());
  });
  await page.goto(`${baseUrl}?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  // The explorer lists the workspace once the remote file system answers.
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'onboard-customers.flow.yaml' }).first().waitFor({ timeout: 60_000 });
  log('workbench visible with the workspace');

  await quickOpen(page, 'onboard-customers.flow.yaml', 'onboard-customers.flow.yaml');
  await page.locator('.tabs-container .tab.active', { hasText: 'onboard-customers.flow.yaml' }).waitFor({ timeout: 20_000 });
  await page.locator('.editor-instance .view-line', { hasText: 'Onboard new customers' }).first().waitFor({ timeout: 20_000 });
  log('onboard-customers.flow.yaml is open');

  const languageStatus = page.locator('#status\\.editor\\.mode');
  await waitForText(languageStatus, (text) => text.includes(languageName), 20_000, `the status bar's language mode to read "${languageName}"`);
  log(`status bar language mode: ${(await languageStatus.innerText()).trim()}`);

  await commandPalette(page, 'Stepline: Run Workflow');
  log('ran "Stepline: Run Workflow" from the command palette');

  // The run's status bar item ends as "<icon> completed · <duration>".
  const runStatus = page.locator('.statusbar-item', { hasText: /completed ·/ }).first();
  await runStatus.waitFor({ timeout: 60_000 }).catch(async () => {
    const items = await page.locator('.statusbar-item').allInnerTexts();
    throw new Error(`no "completed" run in the status bar; it shows: ${items.map((item) => item.trim()).filter(Boolean).join(' | ')}\npage log:\n${pageLog.slice(-20).join('\n')}`);
  });
  log(`status bar: ${(await runStatus.innerText()).trim()}`);

  // The status bar item opens the Runs view; the newest run is its first row.
  await runStatus.click();
  const runRow = page.locator('#workbench\\.parts\\.sidebar .monaco-list-row[aria-level="1"]', { hasText: 'Onboard new customers' }).first();
  await runRow.waitFor({ timeout: 20_000 });
  if ((await runRow.getAttribute('aria-expanded')) === 'false') await runRow.locator('.monaco-tl-twistie').click();
  await page.locator('#workbench\\.parts\\.sidebar .monaco-list-row[aria-level="2"]', { hasText: 'summarize' }).first().waitFor({ timeout: 10_000 });
  const rows = (await page.locator('#workbench\\.parts\\.sidebar .monaco-list-row').allInnerTexts()).map((row) => row.replace(/\s+/g, ' ').trim());
  log(`Runs view: ${rows.slice(0, 4).join(' / ')}`);
  // A completed run wears the green `pass` icon (a failed one `error`, a cancelled one `circle-slash`).
  const icons = await runRow.locator('.codicon').evaluateAll((elements) => elements.map((element) => element.className));
  if (!icons.some((icon) => /\bcodicon-pass\b/.test(icon))) throw new Error(`the Runs view's newest run is not shown as completed; its icons: ${icons.join(', ')}`);
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await page.screenshot({ path: join(screenshotDir, 'vsix-run.png'), timeout: 15_000 });
  log(`screenshot saved: ${join(screenshotDir, 'vsix-run.png')}`);
}

/** Ctrl+P, type, wait for the row, Enter. */
async function quickOpen(page, text, rowText) {
  await focusWorkbench(page);
  await page.keyboard.press('Control+P');
  await typeIntoQuickInput(page, text, rowText);
}

/** Ctrl+Shift+P, type the command's title, wait for it, Enter. */
async function commandPalette(page, title) {
  await focusWorkbench(page);
  await page.keyboard.press('Control+Shift+P');
  await typeIntoQuickInput(page, title, title);
}

async function typeIntoQuickInput(page, text, rowText) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.type(text);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: rowText }).first();
  await row.waitFor({ timeout: 30_000 });
  // The first row is the focused one Enter picks; make sure it is the wanted one.
  const focused = page.locator('.quick-input-widget .monaco-list-row.focused').first();
  await waitForText(focused, (value) => value.includes(rowText), 10_000, `"${rowText}" to be the picked row`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 15_000 });
}

async function focusWorkbench(page) {
  // Keyboard shortcuts go to the focused element; the editor area takes focus on a click.
  await page.locator('#workbench\\.parts\\.editor').click({ position: { x: 400, y: 300 } });
}

async function waitForText(locator, accept, timeoutMs, description) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await locator.innerText({ timeout: 1000 }).catch(() => '');
    if (accept(last)) return last;
    await locator.page().waitForTimeout(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}; last seen: ${JSON.stringify(last.trim())}`);
}

// ---- measurements (--measure) ----

const PERF_LOOP_WORKFLOW = `# 1000 iterations of one set_variables step: measures what the editor adds to a run.
name: Perf loop
inputs:
  items:
    type: array
vars:
  total: 0
settings:
  maxSteps: 5000
output:
  total: <<vars.total>>
steps:
  - stepSlug: start
    stepType: trigger
    config:
      type: manual
    nextSteps:
      success: each
  - stepSlug: each
    stepType: loop
    config:
      items: <<input.items>>
    nextSteps:
      next: add
  - stepSlug: add
    stepType: action
    config:
      type: set_variables
      parameters:
        total: <<vars.total + loop.item>>
    nextSteps:
      success: each
`;

function prepareMeasurement(stateRoot) {
  const assets = join(stateRoot, 'measure-assets');
  const out = join(stateRoot, 'measure-out');
  // `--measure-dir /dev/shm` puts the measured workspaces (and so their run stores) on tmpfs,
  // where a commit's fsync costs nothing: what remains is the CPU the engine and editor spend.
  const workspaces = optionValue('--measure-dir') ? mkdtempSync(join(resolve(optionValue('--measure-dir')), 'stepline-measure-')) : stateRoot;
  mkdirSync(assets);
  mkdirSync(out);
  writeFileSync(join(assets, 'perf-loop.flow.yaml'), PERF_LOOP_WORKFLOW);
  writeFileSync(join(assets, 'perf-loop.input.json'), JSON.stringify({ items: Array.from({ length: 1000 }, (_, index) => index) }));
  writeFileSync(join(assets, 'perf-debug.flow.yaml'), PERF_LOOP_WORKFLOW.replace('1000 iterations', 'A few iterations'));
  writeFileSync(join(assets, 'perf-debug.input.json'), JSON.stringify({ items: [1, 2, 3, 4, 5, 6, 7, 8] }));
  return { assets, out, workspaces };
}

async function runMeasurements(browser, baseUrl, state, dirs) {
  const suiteIndex = join(here, 'vsix-suite', 'index.cjs');
  const targets = [
    { label: 'packaged', extensionPath: join(state.extensionsDir, extensionFolderName) },
    { label: 'dev', extensionPath: repoRoot },
  ];
  // Whichever goes first meets a busier machine (the UI test's window is still winding down).
  if (args.includes('--dev-first')) targets.reverse();
  for (const target of targets) {
    // An empty workspace: nothing activates the extension before the suite times it.
    const workspace = join(dirs.workspaces, `measure-${target.label}`);
    mkdirSync(workspace);
    const code = await runSuite(browser, baseUrl, workspace, target.extensionPath, suiteIndex);
    if (code !== 0) {
      console.error(`[vsix-tests] the measurement suite failed for the ${target.label} build (exit ${code})`);
      return 1;
    }
  }
  log('measuring the same 1000-step run without the editor (perf/engine-alone.ts)');
  const alone = spawnSync(node24, [join(here, 'perf', 'engine-alone.ts'), join(dirs.assets, 'perf-loop.flow.yaml'), join(dirs.assets, 'perf-loop.input.json'), '10', dirs.workspaces], { cwd: repoRoot, encoding: 'utf8', timeout: 180_000 });
  if (alone.status !== 0) {
    console.error(`[vsix-tests] engine-alone failed:\n${alone.stderr}`);
    return 1;
  }
  const figures = { measuredAt: new Date().toISOString(), engineAlone: JSON.parse(alone.stdout) };
  for (const file of readdirSync(dirs.out).filter((name) => /^\w+\.json$/.test(name))) figures[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(dirs.out, file), 'utf8'));
  // `--profile`: the CPU profiles go beside the figures file.
  const outFile = optionValue('--measure-out');
  for (const file of readdirSync(dirs.out).filter((name) => name.endsWith('.cpuprofiles.json'))) {
    const target = join(outFile ? dirname(resolve(outFile)) : process.cwd(), file);
    cpSync(join(dirs.out, file), target);
    log(`CPU profiles: ${target}`);
  }
  const text = JSON.stringify(figures, null, 2);
  console.log(`MEASUREMENTS ${text}`);
  for (const line of summarize(figures)) console.log(`SUMMARY ${line}`);
  if (outFile) writeFileSync(resolve(outFile), text);
  return 0;
}

/** One page load with the measurement suite as extensionTestsPath; resolves with its exit code. */
async function runSuite(browser, baseUrl, workspace, extensionPath, suiteIndex) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  try {
    let resolveExit;
    const exit = new Promise((resolveSuite) => {
      resolveExit = resolveSuite;
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    await page.exposeFunction('codeAutomationLog', (type, logged) => {
      const text = format(...(Array.isArray(logged) ? logged : [logged]));
      if (isNoise(text)) return;
      for (const line of text.split('\n')) if (line.trim() !== '') console.log(type === 'error' ? `  [ext host error] ${line}` : `  ${line}`);
    });
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://remote${extensionPath}`],
      ['extensionTestsPath', `vscode-remote://remote${suiteIndex}`],
    ];
    log(`measuring ${extensionPath}`);
    await page.goto(`${baseUrl}?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`, { waitUntil: 'domcontentloaded' });
    return await withTimeout(exit, 240_000, 'the measurement suite did not finish within 240 s');
  } finally {
    await page.close().catch(() => undefined);
  }
}

process.exitCode = await main();
