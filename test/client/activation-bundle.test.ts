// Architecture invariant: activating the extension compiles only the small bundle. Everything
// heavy (language client, engine, YAML parser, LLM SDK, debug adapter) is reached through
// workflow-features.ts, which the packaged build (client/scripts/package.mjs) splits off.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import * as esbuild from 'esbuild';

const ROOT = join(import.meta.dirname, '..', '..');

test('the activation bundle holds no heavy module', async () => {
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ['client/src/extension.ts'],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    logLevel: 'silent',
    plugins: [{ name: 'split-features', setup: (build) => build.onResolve({ filter: /\/workflow-features\.ts$/ }, () => ({ path: './features.cjs', external: true })) }],
  });
  const inputs = Object.keys(result.metafile.inputs);
  const heavy = inputs.filter((file) => /node_modules\/(yaml|ajv|@anthropic-ai|vscode-languageclient|vscode-jsonrpc|@vscode\/debugadapter)\/|runtime\/src\/(engine|analysis|language|expr|llm|actions)\/|debugger\/src\//.test(file));
  assert.deepEqual(heavy, []);
  const bytes = result.outputFiles[0]!.contents.length;
  assert.ok(bytes < 200_000, `the activation bundle is ${bytes} bytes`);
});
