// Shared helpers of the real-VS-Code suite: the workspace and extension under test, bounded
// waits on VS Code events, and the screenshot hand-shake with the runner. Every wait has a time
// limit and ends with a message that says what never happened.
'use strict';

const { existsSync, readFileSync, rmSync, watch } = require('node:fs');
const { join } = require('node:path');
const vscode = require('vscode');

const REPO_ROOT = join(__dirname, '..', '..', '..');
const MANIFEST = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const EXTENSION_ID = `${MANIFEST.publisher}.${MANIFEST.name}`;

function workspaceRoot() {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test workspace folder is not open');
  return folder.uri.fsPath;
}

function workspaceUri(...segments) {
  return vscode.Uri.file(join(workspaceRoot(), ...segments));
}

/** Opens a workspace file in an editor, as a person double-clicking it in the explorer would. */
async function openInEditor(...segments) {
  const document = await vscode.workspace.openTextDocument(workspaceUri(...segments));
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  return { document, editor };
}

/**
 * Resolves with the first value `check()` returns that is not undefined, re-checking whenever
 * `event` fires; rejects after `timeoutMs` with `description` in the message.
 */
function waitForEvent(event, check, timeoutMs, description) {
  return new Promise((resolve, reject) => {
    let subscription;
    const finish = (settle, value) => {
      clearTimeout(timer);
      subscription?.dispose();
      settle(value);
    };
    const attempt = () => {
      try {
        const value = check();
        if (value !== undefined) finish(resolve, value);
      } catch (error) {
        finish(reject, error);
      }
    };
    const timer = setTimeout(() => finish(reject, new Error(`timed out after ${timeoutMs} ms waiting for ${description}`)), timeoutMs);
    subscription = event(attempt);
    attempt();
  });
}

/**
 * For states VS Code has no event for (an extension becoming active, a provider being
 * registered): re-checks every `intervalMs` until `check()` yields a value, at most `timeoutMs`.
 */
async function waitForValue(check, timeoutMs, description, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * The folder the code-server runner watches for screenshot hand-shakes. Under
 * @vscode/test-electron (run-electron-tests.mjs) there is none: no page to photograph.
 */
function signalsDir() {
  return process.env.STEPLINE_VSCODE_TEST_SIGNALS;
}

/** True when a runner that can take screenshots drives this run (run-code-server-tests.mjs). */
const CAN_SCREENSHOT = Boolean(process.env.STEPLINE_VSCODE_TEST_SIGNALS);

/**
 * Asks the runner for a screenshot of what the page shows now and waits until it is saved.
 * Resolves with the runner's answer, `{ saved, rows }` (`rows`: the texts of the list rows a
 * person reads in that view), or undefined when no runner answered within `timeoutMs`.
 */
async function requestScreenshot(name, timeoutMs = 40_000) {
  const directory = signalsDir();
  if (!directory || !existsSync(directory)) return undefined;
  const doneFile = join(directory, `${name}.done`);
  rmSync(doneFile, { force: true });
  const answered = new Promise((resolve) => {
    const watcher = watch(directory, () => {
      const answer = readAnswer(doneFile);
      if (answer) finish(answer);
    });
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    function finish(value) {
      clearTimeout(timer);
      watcher.close();
      resolve(value);
    }
  });
  console.log(`SCREENSHOT:${name}`);
  return answered;
}

/** The runner's answer once it is completely written (the watcher may fire mid-write). */
function readAnswer(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The extension under test; fails with the manifest id when VS Code does not know it. */
function extensionUnderTest() {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`VS Code does not know the extension ${EXTENSION_ID} (is package.json "main"/"contributes" in place?)`);
  return extension;
}

/** Activates (or finds active) the extension and returns its exported API. */
async function extensionApi() {
  const extension = extensionUnderTest();
  if (!extension.isActive) await extension.activate();
  return extension.exports;
}

/** The 0-based line of the first line of `text` that contains `needle`. */
function lineOf(text, needle) {
  const line = text.split('\n').findIndex((candidate) => candidate.includes(needle));
  if (line < 0) throw new Error(`no line contains ${JSON.stringify(needle)}`);
  return line;
}

module.exports = {
  CAN_SCREENSHOT,
  EXTENSION_ID,
  REPO_ROOT,
  extensionApi,
  extensionUnderTest,
  lineOf,
  openInEditor,
  requestScreenshot,
  waitForEvent,
  waitForValue,
  workspaceRoot,
  workspaceUri,
};
