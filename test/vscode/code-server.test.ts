// Runs the real-VS-Code suite (run-code-server-tests.mjs: code-server + chromium + the mocha
// suite in the extension host) as part of `npm test`. Without the installed test deps it is
// skipped with the runner's reason on a developer's machine and fails in CI (CI=true).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const runner = join(dirname(fileURLToPath(import.meta.url)), 'run-code-server-tests.mjs');
const LIMIT_MS = 285_000;

test('the extension passes its suite inside a real VS Code (code-server)', { timeout: LIMIT_MS + 10_000 }, async (context) => {
  const { code, output } = await runRunner();
  const skip = /^SKIP: (.*)$/m.exec(output);
  if (skip && code === 0) {
    context.skip(skip[1]);
    return;
  }
  assert.equal(code, 0, `the real-VS-Code suite failed (exit ${code}); its output is above`);
  assert.match(output, /\d+ passing/, 'mocha reported no passing test');
});

function runRunner(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [runner], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, STEPLINE_VSCODE_TEST_TIMEOUT_MS: process.env['STEPLINE_VSCODE_TEST_TIMEOUT_MS'] ?? '240000' },
    });
    let output = '';
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString();
      output += text;
      process.stdout.write(text);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    // The runner bounds itself; this is the backstop if it hangs in its own clean-up. SIGTERM
    // first, so it can still end code-server's process group; SIGKILL if even that hangs.
    let forceKill: NodeJS.Timeout | undefined;
    const backstop = setTimeout(() => {
      child.kill('SIGTERM');
      forceKill = setTimeout(() => child.kill('SIGKILL'), 5000);
    }, LIMIT_MS);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(backstop);
      clearTimeout(forceKill);
      resolve({ code, output });
    });
  });
}
