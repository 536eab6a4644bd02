// Runs the real-VS-Code suite (run-code-server-tests.mjs: code-server + chromium + the mocha
// suite in the extension host) as part of `npm test`. Without the installed test deps it is
// skipped with the runner's reason on a developer's machine and fails in CI (CI=true).

import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runRunner } from './support/run-runner.ts';

const runner = join(dirname(fileURLToPath(import.meta.url)), 'run-code-server-tests.mjs');
const LIMIT_MS = 285_000;

test('the extension passes its suite inside a real VS Code (code-server)', { timeout: LIMIT_MS + 10_000 }, async (context) => {
  const { code, output } = await runRunner(runner, [], LIMIT_MS, {
    ...process.env,
    STEPLINE_VSCODE_TEST_TIMEOUT_MS: process.env['STEPLINE_VSCODE_TEST_TIMEOUT_MS'] ?? '240000',
  });
  const skip = /^SKIP: (.*)$/m.exec(output);
  if (skip && code === 0) {
    context.skip(skip[1]);
    return;
  }
  assert.equal(code, 0, `the real-VS-Code suite failed (exit ${code}); its output is above`);
  assert.match(output, /\d+ passing/, 'mocha reported no passing test');
});
