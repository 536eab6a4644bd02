// The language server with an independent, real LSP client: Debian's `neovim`, headless, its
// built-in client attached to `stepline lsp --stdio` by stepline-lsp.lua. Neovim opens a copy of an
// example with a mistyped `nextSteps` target and writes the diagnostics and completions it
// received as JSON, which this test asserts. Without nvim the test is skipped, except under CI
// (CI=true), where a missing nvim fails: install it with .ci/install-neovim.sh.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureBundles } from '../../support/ensure-bundles.ts';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..', '..');
const INIT_LUA = join(HERE, 'stepline-lsp.lua');
const EXAMPLE = join(ROOT, 'examples', 'support-triage.flow.yaml');
/** Bounds every wait inside Neovim; the waits themselves end on events. */
const WAIT_MS = 15_000;

/** What stepline-lsp.lua writes. */
interface NeovimResults {
  nvim: string;
  api?: string;
  error?: string;
  steps: string[];
  diagnosticsArrived?: boolean;
  diagnostics?: { lnum: number; col: number; code?: string; message: string; severity: number; source?: string }[];
  completion?: CompletionSeen[];
  completionError?: string;
  typoFixed?: boolean;
  fixedDiagnostics?: NeovimResults['diagnostics'];
  fixedLine?: string;
  definitions?: { uri: string; line: number; character: number }[];
  typedCompletion?: CompletionSeen[];
  typedCompletionError?: string;
}

interface CompletionSeen {
  label: string;
  detail?: string;
  kind?: number;
}

function nvimVersion(): string | undefined {
  const probe = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return probe.error ? undefined : probe.stdout.split('\n')[0];
}



const version = nvimVersion();
const skip = version === undefined && process.env['CI'] !== 'true' ? 'nvim is not installed (run .ci/install-neovim.sh); under CI=true this test fails instead' : false;

describe('Neovim headless with its built-in LSP client on `stepline lsp --stdio`', { skip }, () => {
  let workDir: string;
  let results: NeovimResults;
  let lines: string[];
  let exitCode: number | null;
  let stderr = '';

  before(async () => {
    assert.ok(version, 'nvim is not on PATH: install it with .ci/install-neovim.sh');
    ensureBundles(['dist/cli.mjs', 'dist/server/main.cjs'], ['server/src', 'runtime/src']);
    workDir = mkdtempSync(join(tmpdir(), 'stepline-nvim-'));
    const original = readFileSync(EXAMPLE, 'utf8');
    // Break one edge after the branch: the rest of the graph still reaches `end`.
    const text = original.replace('      approved: confirm_refund\n', '      approved: confirm_refnd\n');
    assert.notEqual(text, original, 'the example no longer has the edge this test breaks');
    lines = text.split('\n');
    const file = join(workDir, 'support-triage.flow.yaml');
    writeFileSync(file, text);

    const outputLine = lines.findIndex((line) => line.startsWith('  conversationId: <<steps.'));
    const typoLine = lines.findIndex((line) => line.includes('approved: confirm_refnd'));
    const resultFile = join(workDir, 'results.json');
    const settingsFile = join(workDir, 'settings.json');
    writeFileSync(
      settingsFile,
      JSON.stringify({
        cmd: [process.execPath, join(ROOT, 'runtime', 'bin', 'stepline.cjs'), 'lsp', '--stdio'],
        rootDir: workDir,
        timeoutMs: WAIT_MS,
        resultFile,
        // Right after `<<steps.` in the workflow's output.
        completion: { line: outputLine, character: lines[outputLine]!.indexOf('<<steps.') + '<<steps.'.length },
        // The missing `u` of `confirm_refund`, typed where it belongs.
        fix: { line: typoLine, character: lines[typoLine]!.indexOf('confirm_ref') + 'confirm_ref'.length, text: 'u' },
        // A half-typed template on a new line of the output section.
        typed: { line: outputLine + 1, text: '  latest: <<steps.' },
      }),
    );

    // Neovim's own state (logs, shada) stays in the temporary folder.
    const env = { ...process.env, STEPLINE_NVIM_TEST: settingsFile, XDG_CONFIG_HOME: join(workDir, 'config'), XDG_DATA_HOME: join(workDir, 'data'), XDG_STATE_HOME: join(workDir, 'state'), XDG_CACHE_HOME: join(workDir, 'cache') };
    const nvim = spawn('nvim', ['--headless', '--clean', '-u', INIT_LUA, file], { cwd: workDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    nvim.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // The Lua side bounds its own waits; this guard only stops a Neovim that never gets there.
    const guard = setTimeout(() => nvim.kill(), 4 * WAIT_MS);
    exitCode = await new Promise<number | null>((resolve) => nvim.once('exit', (code) => resolve(code)));
    clearTimeout(guard);
    assert.ok(existsSync(resultFile), `Neovim wrote no results (exit ${exitCode}): ${stderr}`);
    results = JSON.parse(readFileSync(resultFile, 'utf8')) as NeovimResults;
  });

  after(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('runs every step in Neovim and exits cleanly', () => {
    assert.equal(results.error, undefined, `stepline-lsp.lua failed: ${results.error ?? ''}\n${stderr}`);
    assert.deepEqual(results.steps, ['diagnostics', 'completion', 'typo fixed', 'typed completion']);
    assert.equal(exitCode, 0, stderr);
    assert.ok(results.api, 'records which client API was used');
  });

  it('shows the unknown-step diagnostic on the mistyped target', () => {
    assert.equal(results.diagnosticsArrived, true, 'no diagnostics arrived in time');
    const line = lines.findIndex((candidate) => candidate.includes('approved: confirm_refnd'));
    const unknown = results.diagnostics?.find((diagnostic) => diagnostic.code === 'unknown-step');
    assert.ok(unknown, JSON.stringify(results.diagnostics));
    assert.equal(unknown.lnum, line);
    assert.equal(unknown.col, lines[line]!.indexOf('confirm_refnd'));
    assert.equal(unknown.source, 'stepline');
    assert.match(unknown.message, /`confirm_refnd`.*Did you mean `confirm_refund`\?/);
  });

  it('completes step slugs inside `<<steps.`', () => {
    assert.equal(results.completionError, undefined);
    const labels = results.completion?.map((item) => item.label) ?? [];
    assert.ok(labels.includes('log_conversation'), JSON.stringify(labels));
    assert.ok(labels.includes('classify'), JSON.stringify(labels));
    const classify = results.completion?.find((item) => item.label === 'classify');
    assert.match(classify?.detail ?? '', /llm/);
  });

  it('clears the diagnostics when the typo is fixed with an incremental edit', () => {
    assert.equal(results.fixedLine, '      approved: confirm_refund', 'the edit Neovim made');
    assert.equal(results.typoFixed, true, `the server still reports: ${JSON.stringify(results.fixedDiagnostics)}`);
  });

  it('goes to the step the fixed target names', () => {
    const stepLine = lines.findIndex((line) => line === '  - stepSlug: confirm_refund');
    assert.equal(results.definitions?.length, 1, `definitions: ${JSON.stringify(results.definitions)}`);
    assert.equal(results.definitions[0]!.line, stepLine);
    assert.match(results.definitions[0]!.uri, /support-triage\.flow\.yaml$/);
  });

  it('completes step slugs in a half-typed template sent by Neovim as a didChange', () => {
    assert.equal(results.typedCompletionError, undefined);
    const labels = results.typedCompletion?.map((item) => item.label) ?? [];
    assert.ok(labels.includes('log_conversation'), JSON.stringify(labels));
    assert.ok(labels.includes('close_conversation'), JSON.stringify(labels));
  });
});
