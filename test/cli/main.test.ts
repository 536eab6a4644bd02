// The dispatcher and the validate command in-process, with an injected CliIo: command lookup,
// help, how failures become exit statuses, and when colour is used.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { CliIo } from '../../runtime/src/cli/cli-io.ts';
import type { CommandEntry } from '../../runtime/src/cli/command.ts';
import { main } from '../../runtime/src/cli/main.ts';
import { UsageError } from '../../runtime/src/cli/usage-error.ts';
import { repoRoot } from './run-cli.ts';

interface CapturedIo extends CliIo {
  out: string;
  err: string;
}

function captureIo(overrides: Partial<CliIo> = {}): CapturedIo {
  const io: CapturedIo = {
    out: '',
    err: '',
    stdout: (text) => {
      io.out += text;
    },
    stderr: (text) => {
      io.err += text;
    },
    cwd: repoRoot,
    env: {},
    ...overrides,
  };
  return io;
}

function fakeCommand(name: string, run: (args: string[], io: CliIo) => Promise<number>): CommandEntry {
  return { name, synopsis: 'ARG', summary: `The ${name} command`, load: async () => ({ usage: `Usage: stepline ${name} ARG\n`, run }) };
}

describe('main', () => {
  test('passes the arguments after the command name and returns its status', async () => {
    let received: string[] = [];
    const io = captureIo();
    const status = await main(['echo', 'a', '--b'], io, [
      fakeCommand('echo', async (args) => {
        received = args;
        return 7;
      }),
    ]);
    assert.deepEqual(received, ['a', '--b']);
    assert.equal(status, 7);
  });

  test('a UsageError becomes one line on stderr and status 2', async () => {
    const io = captureIo();
    const status = await main(['picky'], io, [
      fakeCommand('picky', async () => {
        throw new UsageError('that will not do');
      }),
    ]);
    assert.equal(io.err, "stepline picky: that will not do. Run 'stepline picky --help' for usage.\n");
    assert.equal(status, 2);
  });

  test('an unexpected exception becomes one line and status 1, the stack only with STEPLINE_DEBUG', async () => {
    const broken = fakeCommand('broken', async () => {
      throw new Error('disk on fire');
    });
    const quiet = captureIo();
    assert.equal(await main(['broken'], quiet, [broken]), 1);
    assert.equal(quiet.err, 'stepline broken: unexpected error: disk on fire\n');

    const debug = captureIo({ env: { STEPLINE_DEBUG: '1' } });
    assert.equal(await main(['broken'], debug, [broken]), 1);
    assert.match(debug.err, /^stepline broken: unexpected error: disk on fire\nError: disk on fire\n\s+at /);
  });

  test('--help after the command shows its usage without running it', async () => {
    let ran = false;
    const io = captureIo();
    const status = await main(['echo', 'x', '--help'], io, [
      fakeCommand('echo', async () => {
        ran = true;
        return 0;
      }),
    ]);
    assert.equal(io.out, 'Usage: stepline echo ARG\n');
    assert.equal(ran, false);
    assert.equal(status, 0);
  });

  test('--help after `--` is an argument, not a request for help', async () => {
    let received: string[] = [];
    await main(['echo', '--', '--help'], captureIo(), [
      fakeCommand('echo', async (args) => {
        received = args;
        return 0;
      }),
    ]);
    assert.deepEqual(received, ['--', '--help']);
  });

  test('the general help lists every registered command', async () => {
    const io = captureIo();
    assert.equal(await main(['--help'], io, [fakeCommand('alpha', async () => 0), fakeCommand('beta', async () => 0)]), 0);
    assert.match(io.out, /\n {2}alpha ARG {2}The alpha command\n {2}beta ARG {3}The beta command\n/);
  });
});

describe('validate in-process', () => {
  const broken = 'test/golden/fixtures/unknown-step.flow.yaml';

  test('colours the output on a terminal', async () => {
    const io = captureIo({ stdoutIsTTY: true });
    assert.equal(await main(['validate', broken], io), 1);
    assert.match(io.out, /\u001b\[31merror\u001b\[39m/);
  });

  test('NO_COLOR turns colour off on a terminal', async () => {
    const io = captureIo({ stdoutIsTTY: true, env: { NO_COLOR: '1' } });
    await main(['validate', broken], io);
    assert.doesNotMatch(io.out, /\u001b\[/);
  });

  test('an empty NO_COLOR does not count as set', async () => {
    const io = captureIo({ stdoutIsTTY: true, env: { NO_COLOR: '' } });
    await main(['validate', broken], io);
    assert.match(io.out, /\u001b\[/);
  });

  test('paths are printed relative to the working directory', async () => {
    const io = captureIo({ cwd: join(repoRoot, 'test/golden') });
    await main(['validate', 'fixtures/unknown-step.flow.yaml'], io);
    assert.match(io.out, /^fixtures\/unknown-step\.flow\.yaml:13:32 error unknown-step /);
  });

  test('the same file named twice is checked once', async () => {
    const io = captureIo();
    await main(['validate', broken, `./${broken}`], io);
    assert.match(io.out, /3 errors, 0 warnings in 1 file\n$/);
  });
});
