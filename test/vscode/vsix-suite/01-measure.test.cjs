// Measurements inside the real extension host (issue 5, "Performance"), for the extension under
// development: the installed .vsix or the repository's dev build. Records, in
// `$STEPLINE_VSCODE_MEASURE_OUT/<label>.json`:
//   activation  — `activationMs` the extension exports, the wall time of `activate()` as VS Code
//                 performs it (module load included), and a fresh load of each bundle file;
//   features    — opening the first workflow until the language client has started;
//   run1000     — "Stepline: Run Workflow" on a 1000-item loop: the engine's own duration (the
//                 run row in the store), the command's wall time, the host's CPU time and the
//                 longest stretch the host's event loop was blocked; alternating with the same
//                 run made bare (perf/engine-alone.ts) in this host, on the same disk;
//   debug       — per breakpoint stop: VS Code's own stop → threads → stackTrace → scopes →
//                 variables chain, as seen by a debug adapter tracker, and the same requests
//                 timed from this host with `session.customRequest`, split into the hop to the
//                 adapter, the adapter's own time and the hop back.
// The workspace starts with no workflow in it, so nothing has activated the extension yet.
'use strict';

const assert = require('node:assert/strict');
const { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const vscode = require('vscode');

const MANIFEST = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const EXTENSION_ID = `${MANIFEST.publisher}.${MANIFEST.name}`;
const ASSETS = process.env.STEPLINE_VSCODE_MEASURE_ASSETS ?? '';
const OUT = process.env.STEPLINE_VSCODE_MEASURE_OUT ?? '';
const RUN_REPEATS = 20;
/** `--profile` on the runner: CPU profiles of the editor's and the bare runs, for where the time goes. */
const PROFILE = process.env.STEPLINE_VSCODE_MEASURE_PROFILE === '1';
const DEBUG_STOPS = 6;

const results = { extensionPath: '', label: '', activation: {}, features: {}, run1000: {}, debug: {} };

function workspaceRoot() {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the measurement workspace is not open');
  return folder.uri.fsPath;
}

/** Copies a prepared file from the runner's assets into the workspace; returns its path. */
function placeAsset(name) {
  const target = join(workspaceRoot(), name);
  copyFileSync(join(ASSETS, name), target);
  return target;
}

suite('measurements', () => {
  suiteSetup(() => {
    assert.ok(ASSETS && OUT, 'STEPLINE_VSCODE_MEASURE_ASSETS and STEPLINE_VSCODE_MEASURE_OUT must be set by the runner');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `VS Code does not know ${EXTENSION_ID}`);
    results.extensionPath = extension.extensionPath;
    results.label = extension.extensionPath.includes(`${EXTENSION_ID}-`) ? 'packaged' : 'dev';
  });

  suiteTeardown(() => {
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, `${results.label || 'unknown'}.json`), JSON.stringify(results, null, 2));
  });

  test('activation', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    results.activation.wasActive = extension.isActive;
    const started = performance.now();
    const api = await extension.activate();
    results.activation.activateWallMs = performance.now() - started;
    results.activation.activationMs = api.activationMs;
    assert.equal(typeof api.activationMs, 'number');
    results.activation.bundles = loadBundlesFresh(extension.extensionPath);
  });

  test('first workflow opened: language client started', async () => {
    const api = vscode.extensions.getExtension(EXTENSION_ID).exports;
    const file = placeAsset('perf-loop.flow.yaml');
    const started = performance.now();
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document, { preview: false });
    await api.ensureWorkflowFeatures();
    results.features.openToClientStartedMs = performance.now() - started;
  });

  test('a 1000-step run through Stepline: Run Workflow, and the same run bare in this host', async () => {
    const file = placeAsset('perf-loop.flow.yaml');
    const input = JSON.parse(readFileSync(join(ASSETS, 'perf-loop.input.json'), 'utf8'));
    // The bare runs go through the same executeWorkflow in this very process, on their own
    // store on the same disk, alternating with the editor's so both meet the same conditions.
    const { bareRunner, watchLoopGaps } = await import(pathToFileURL(join(__dirname, '..', 'perf', 'engine-alone.ts')).href);
    const { formatRunEvent } = await import(pathToFileURL(join(__dirname, '..', '..', '..', 'client', 'src', 'run-log.ts')).href);
    const bare = bareRunner(file, input, join(workspaceRoot(), '.stepline-bare'));
    // The extension's observer formats a log line per event while the run holds the thread.
    const lines = [];
    const formatting = (event) => {
      const line = formatRunEvent(event);
      if (line !== undefined) lines.push(line);
    };
    const editor = [];
    const alone = [];
    const aloneWithLog = [];
    const profiler = PROFILE ? await startProfiler() : undefined;
    try {
      for (let index = 0; index < RUN_REPEATS + 1; index++) {
        // Profiles cover the steady-state runs only, one file for the editor's and one for the bare ones.
        if (profiler && index === 1) await profiler.begin();
        const gaps = watchLoopGaps();
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        const outcome = await vscode.commands.executeCommand('stepline.runWorkflow', vscode.Uri.file(file), { input });
        const wallMs = performance.now() - started;
        const cpu = process.cpuUsage(cpuBefore);
        const maxLoopGapMs = gaps.stop();
        assert.equal(outcome?.status, 'completed', `run ${index} ended ${outcome?.status}`);
        const row = runRow(outcome.runId);
        editor.push({ runId: outcome.runId, durationMs: Date.parse(row.ended_at) - Date.parse(row.started_at), wallMs, cpuMs: (cpu.user + cpu.system) / 1000, maxLoopGapMs, steps: row.steps });
        if (profiler && index > 0) await profiler.pause('editor');
        alone.push(await bare.run());
        if (profiler && index > 0) await profiler.pause('bare');
        lines.length = 0;
        aloneWithLog.push(await bare.run([formatting]));
        if (profiler && index > 0) await profiler.pause('bare-with-log');
      }
    } finally {
      bare.close();
      if (profiler) await profiler.end(join(OUT, `${results.label}-run1000`));
    }
    // The first runs compile the engine's code paths; they are reported apart.
    results.run1000 = { warmUp: editor[0], samples: editor.slice(1), bareWarmUp: alone[0], bareSamples: alone.slice(1), bareWithLogSamples: aloneWithLog.slice(1) };
    assert.ok(editor.every((sample) => sample.steps > 1000), `a run took fewer steps than planned: ${editor.map((sample) => sample.steps).join(', ')}`);
  });

  test('debugger: stop to variables', async () => {
    const program = placeAsset('perf-debug.flow.yaml');
    const inputFile = placeAsset('perf-debug.input.json');
    const document = await vscode.workspace.openTextDocument(program);
    await vscode.window.showTextDocument(document, { preview: false });
    const line = document.getText().split('\n').findIndex((text) => text.includes('stepSlug: add'));
    const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(document.uri, new vscode.Position(line, 0)));
    vscode.debug.addBreakpoints([breakpoint]);

    const messages = [];
    const waiters = [];
    const record = (direction, message) => {
      messages.push({ t: performance.now(), direction, type: message.type, name: message.command ?? message.event, seq: message.seq, requestSeq: message.request_seq });
      for (const waiter of waiters.splice(0)) waiter();
    };
    const tracker = vscode.debug.registerDebugAdapterTrackerFactory('stepline', {
      createDebugAdapterTracker: () => ({
        onWillReceiveMessage: (message) => record('toAdapter', message),
        onDidSendMessage: (message) => record('fromAdapter', message),
      }),
    });
    const nextMessage = (predicate, timeoutMs, what) =>
      new Promise((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
        const check = () => {
          const found = messages.find(predicate);
          if (found) {
            clearTimeout(deadline);
            resolve(found);
          } else waiters.push(check);
        };
        check();
      });

    const stops = [];
    try {
      const started = vscode.debug.startDebugging(vscode.workspace.workspaceFolders[0], { type: 'stepline', request: 'launch', name: 'Measure', program, inputFile, stopOnEntry: false });
      assert.equal(await started, true, 'startDebugging refused the launch');
      const session = vscode.debug.activeDebugSession;
      let since = 0;
      for (let stopIndex = 0; stopIndex < DEBUG_STOPS; stopIndex++) {
        const stopped = await nextMessage((message) => message.t > since && message.type === 'event' && message.name === 'stopped', 30_000, `stop ${stopIndex + 1}`);
        // VS Code's own chain for the Variables view: it ends with a `variables` response.
        const workbenchVariables = await nextMessage((message) => message.t > stopped.t && message.direction === 'fromAdapter' && message.type === 'response' && message.name === 'variables', 5000, 'the workbench to fetch variables').catch(() => undefined);
        const chain = messages.filter((message) => message.t >= stopped.t && (!workbenchVariables || message.t <= workbenchVariables.t));
        const timed = await timeCustomRequests(session, messages);
        stops.push({
          workbench: {
            stopToVariablesMs: workbenchVariables ? workbenchVariables.t - stopped.t : undefined,
            chain: chain.map((message) => ({ at: round(message.t - stopped.t), direction: message.direction, type: message.type, name: message.name })),
          },
          fromHost: timed,
        });
        since = performance.now();
        if (stopIndex + 1 < DEBUG_STOPS) await vscode.commands.executeCommand('workbench.action.debug.continue');
      }
      await vscode.debug.stopDebugging(session);
    } finally {
      tracker.dispose();
      vscode.debug.removeBreakpoints([breakpoint]);
    }
    results.debug = { stops };
  });
});

/**
 * Times stackTrace → scopes → variables from this host as an extension would, and splits each
 * round trip with the tracker's timestamps of the same request and response.
 */
async function timeCustomRequests(session, messages) {
  const timeOne = async (command, args) => {
    const before = messages.length;
    const started = performance.now();
    const body = await session.customRequest(command, args);
    const ended = performance.now();
    const ours = messages.slice(before);
    const request = ours.find((message) => message.direction === 'toAdapter' && message.type === 'request' && message.name === command);
    const response = request && ours.find((message) => message.type === 'response' && message.requestSeq === request.seq);
    return {
      body,
      timing: {
        totalMs: ended - started,
        toAdapterMs: request ? request.t - started : undefined,
        adapterMs: request && response ? response.t - request.t : undefined,
        backMs: response ? ended - response.t : undefined,
      },
    };
  };
  const started = performance.now();
  const stack = await timeOne('stackTrace', { threadId: 1, startFrame: 0, levels: 20 });
  const scopes = await timeOne('scopes', { frameId: stack.body.stackFrames[0].id });
  const variables = await timeOne('variables', { variablesReference: scopes.body.scopes[0].variablesReference });
  return { stopToVariablesMs: performance.now() - started, stackTrace: stack.timing, scopes: scopes.timing, variables: variables.timing };
}

/** Loads copies of the bundle files from a fresh folder, so neither the require cache nor a code cache helps. */
function loadBundlesFresh(extensionPath) {
  const main = join(extensionPath, MANIFEST.main);
  const folder = mkdtempSync(join(tmpdir(), 'stepline-bundle-load-'));
  const timings = {};
  try {
    const names = ['extension.cjs'];
    if (readFileSync(main, 'utf8').includes('./features.cjs')) names.push('features.cjs');
    for (const name of names) copyFileSync(join(extensionPath, 'dist', 'client', name), join(folder, name));
    for (const name of names) {
      const file = join(folder, name);
      const started = performance.now();
      require(file);
      timings[name] = { loadMs: performance.now() - started, bytes: readFileSync(file).length };
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return timings;
}

/**
 * The host's own V8 profiler through node:inspector: samples accumulate per label ('editor',
 * 'bare') across runs; `pause(label)` files the samples since the last pause under the label.
 */
async function startProfiler() {
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method, params = {}) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  const profiles = {};
  return {
    begin: () => post('Profiler.start'),
    async pause(label) {
      const { profile } = await post('Profiler.stop');
      (profiles[label] ??= []).push(profile);
      await post('Profiler.start');
    },
    async end(prefix) {
      await post('Profiler.stop').catch(() => undefined);
      session.disconnect();
      for (const [label, list] of Object.entries(profiles)) writeFileSync(`${prefix}-${label}.cpuprofiles.json`, JSON.stringify(list));
    },
  };
}

function runRow(runId) {
  const { DatabaseSync } = require('node:sqlite');
  const db = new DatabaseSync(join(workspaceRoot(), '.stepline', 'stepline.db'), { readOnly: true });
  try {
    const row = db.prepare('SELECT started_at, ended_at, (SELECT COUNT(*) FROM steps WHERE run_id = runs.id) AS steps FROM runs WHERE id = ?').get(runId);
    assert.ok(row, `no run ${runId} in the store`);
    return row;
  } finally {
    db.close();
  }
}

function round(value) {
  return Math.round(value * 10) / 10;
}
