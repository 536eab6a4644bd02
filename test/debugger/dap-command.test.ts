// `stepline dap` finds the adapter bundle by a path computed at run time (the runtime never
// imports DAP code): beside the bundled CLI in dist/, or above the CLI's source folder.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { findAdapterBundle, run } from '../../runtime/src/cli/commands/dap.ts';
import { UsageError } from '../../runtime/src/cli/usage-error.ts';
import type { CliIo } from '../../runtime/src/cli/cli-io.ts';

const root = mkdtempSync(join(tmpdir(), 'stepline-dap-command-'));
after(() => rmSync(root, { recursive: true, force: true }));

function io(): CliIo & { out: string[] } {
  const out: string[] = [];
  return { out, stdout: (text) => out.push(text), stderr: (text) => out.push(text), cwd: root, env: {} };
}

describe('stepline dap', () => {
  it('finds dist/debugger/main.cjs from the bundled CLI and from the source tree, and nothing when it is not built', () => {
    const sources = join(root, 'runtime', 'src', 'cli', 'commands');
    mkdirSync(sources, { recursive: true });
    assert.equal(findAdapterBundle(sources), undefined);
    mkdirSync(join(root, 'dist', 'debugger'), { recursive: true });
    const bundle = join(root, 'dist', 'debugger', 'main.cjs');
    writeFileSync(bundle, '');
    assert.equal(findAdapterBundle(sources), bundle);
    assert.equal(findAdapterBundle(join(root, 'dist')), bundle);
  });

  it('prints its help, and refuses arguments', async () => {
    const help = io();
    assert.equal(await run(['--help'], help), 0);
    assert.match(help.out.join(''), /Usage: stepline dap/);
    await assert.rejects(run(['extra'], io()), UsageError);
  });
});
