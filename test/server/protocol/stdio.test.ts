// The bundled server as editors run it, in its own process: `dist/server/main.cjs --stdio`, and
// `stepline lsp --stdio` (the CLI becomes the same bundle). Both restart under the server's Node flags. Opens an example with an error, waits
// for its diagnostics, asks for a completion, then shuts down and checks the process exits with
// status 0. Builds the bundle first when it is missing or older than the sources.

import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { CompletionList } from 'vscode-languageserver';
import { LANGUAGE_SERVER_NODE_FLAGS } from '../../../server/src/node-flags.ts';
import { ensureBundles } from '../../support/ensure-bundles.ts';
import { TestClient } from '../support/lsp-client.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BUNDLE = join(ROOT, 'dist', 'server', 'main.cjs');

const COMMANDS: Record<string, string[]> = {
  'node dist/server/main.cjs --stdio': [BUNDLE, '--stdio'],
  'stepline lsp --stdio': [join(ROOT, 'runtime', 'src', 'cli', 'entry.ts'), 'lsp', '--stdio'],
};

function describeServer(label: string, command: string[]): void {
  describe(`the language server over stdio: ${label}`, { timeout: 120_000 }, () => {
    let child: ChildProcessWithoutNullStreams;
    let client: TestClient;
    const exampleFile = join(ROOT, 'examples', 'recommend-products.flow.yaml');
    const uri = pathToFileURL(exampleFile).href;
    const text = readFileSync(exampleFile, 'utf8').replace('      success: load_products', '      success: load_prodcts');

    before(() => {
      ensureBundles(['dist/server/main.cjs', 'dist/cli.mjs'], ['server/src', 'runtime/src']);
      child = spawn(process.execPath, command, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
      // A server that dies (a broken build) fails the test with its output instead of hanging it.
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('exit', (code) => {
        if (code !== 0) client.connection.dispose();
        if (code !== 0) console.error(`server exited with ${code}: ${stderr}`);
      });
      client = new TestClient(createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin)));
    });

    after(() => {
      client.connection.dispose();
      if (child.exitCode === null) child.kill();
    });

    it('initializes, validates an example with an error and completes', async () => {
      const result = await client.initialize(pathToFileURL(join(ROOT, 'examples')).href, { readRunsFromStore: false });
      assert.equal(result.serverInfo?.name, 'stepline');
      await client.open(uri, text);
      const published = await client.diagnostics((params) => params.uri === uri);
      const unknown = published.diagnostics.find((item) => item.code === 'unknown-step');
      assert.ok(unknown, JSON.stringify(published.diagnostics));
      assert.match(typeof unknown.message === 'string' ? unknown.message : unknown.message.value, /Did you mean `load_products`\?/);

      const lines = text.split('\n');
      const line = lines.findIndex((candidate) => candidate.includes('body: <<steps.write_email.output>>'));
      const character = lines[line]!.indexOf('write_email');
      const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
      assert.ok(list.items.some((item) => item.label === 'write_email'));
    });

    it('serves from the process the editor started, under the server\'s Node flags', { skip: process.platform !== 'linux' && 'reads /proc' }, () => {
      // The server replaced the started program (execve keeps the process id) with itself run
      // under LANGUAGE_SERVER_NODE_FLAGS.
      const commandLine = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
      for (const flag of LANGUAGE_SERVER_NODE_FLAGS) assert.ok(commandLine.includes(flag), commandLine.join(' '));
      assert.ok(commandLine.includes(BUNDLE), commandLine.join(' '));
      // …and with Node's compile cache on, unless the environment turned it off.
      const environment = readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0');
      if (process.env['NODE_DISABLE_COMPILE_CACHE'] === undefined) assert.ok(environment.some((entry) => entry.startsWith('NODE_COMPILE_CACHE=')), 'NODE_COMPILE_CACHE is set');
      // …and glibc's allocator tuned.
      assert.ok(environment.some((entry) => entry.startsWith('GLIBC_TUNABLES=') && entry.includes('glibc.malloc.arena_max=')), 'GLIBC_TUNABLES is set');
    });

    it('exits with status 0 after shutdown and exit', async () => {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await client.request('shutdown', null);
      await client.connection.sendNotification('exit');
      assert.equal(await exited, 0);
    });
  });
}

for (const [label, command] of Object.entries(COMMANDS)) describeServer(label, command);
