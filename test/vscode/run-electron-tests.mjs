// Runs the same extension-host suite (test/vscode/suite/) in a desktop VS Code downloaded by
// @vscode/test-electron, for machines that can download VS Code (these cannot: use
// run-code-server-tests.mjs here). The UI checks that need screenshots are left to the
// code-server runner; everything asserted through the `vscode` API runs the same.
//
// Environment: STEPLINE_VSCODE_VERSION (default "stable"), STEPLINE_VSCODE_TEST_CACHE.

import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const cacheDir = process.env.STEPLINE_VSCODE_TEST_CACHE ?? join(homedir(), '.cache', 'stepline-vscode-test');

const root = mkdtempSync(join(tmpdir(), 'stepline-vscode-electron-'));
const workspace = join(root, 'workspace');
const userDataDir = join(root, 'user-data');
cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });
mkdirSync(join(userDataDir, 'User'), { recursive: true });
writeFileSync(
  join(userDataDir, 'User', 'settings.json'),
  JSON.stringify({ 'security.workspace.trust.enabled': false, 'chat.disableAIFeatures': true, 'workbench.startupEditor': 'none' }, null, 2),
);

let exitCode = 1;
try {
  exitCode = await runTests({
    version: process.env.STEPLINE_VSCODE_VERSION ?? 'stable',
    cachePath: join(cacheDir, 'vscode-electron'),
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(here, 'suite', 'index.cjs'),
    launchArgs: [workspace, '--user-data-dir', userDataDir, '--extensions-dir', join(root, 'extensions'), '--disable-workspace-trust', '--disable-extensions'],
  });
} catch (error) {
  console.error(`real VS Code tests (electron) failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
process.exitCode = exitCode;
