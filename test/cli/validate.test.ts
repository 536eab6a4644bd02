// `stepline validate` run as a process through the real bin: the text and JSON forms, the exit
// statuses, usage errors, the Node.js version check, and files that are not workflows at all.

import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { analyzeText } from '../../runtime/src/analysis/analyze.ts';
import { binPath, ensureBundle, repoRoot, runCli, type CliRun } from './run-cli.ts';

const CLEAN_WORKFLOW = `name: Clean
steps:
  - stepSlug: start
    stepType: trigger
    config: { type: manual }
    nextSteps: { success: greet }
  - stepSlug: greet
    stepType: action
    config:
      type: log
      parameters: { message: hello }
`;

const BROKEN_FIXTURE = 'test/golden/fixtures/unknown-step.flow.yaml';

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

function assertNoStackTrace(run: CliRun): void {
  assert.doesNotMatch(run.stderr, /\n\s+at [^\n]+:\d+:\d+/, `a stack trace was printed:\n${run.stderr}`);
  assert.doesNotMatch(run.stdout, /\n\s+at [^\n]+:\d+:\d+/);
}

let workDir: string;

before(() => {
  ensureBundle();
  workDir = mkdtempSync(join(tmpdir(), 'stepline-validate-'));
});

after(() => {
  rmSync(workDir, { recursive: true, force: true });
});

describe('stepline validate', { timeout: 60_000 }, () => {
  test('the clean examples: exit 0 and only the summary', async () => {
    const clean = readdirSync(join(repoRoot, 'examples'))
      .filter((name) => /\.flow\.(yaml|yml|json)$/.test(name) && !name.startsWith('broken-'))
      .map((name) => `examples/${name}`);
    const run = await runCli(['validate', ...clean]);
    assert.equal(run.stderr, '');
    assert.equal(run.stdout, `0 errors, 0 warnings in ${clean.length} files\n`);
    assert.equal(run.code, 0);
  });

  test('examples/*.flow.yaml as the README types it: the broken example is reported, exit 1', async () => {
    const all = readdirSync(join(repoRoot, 'examples')).filter((name) => /\.flow\.yaml$/.test(name)).map((name) => `examples/${name}`);
    const run = await runCli(['validate', ...all]);
    const printed = lines(run.stdout);
    const diagnostics = printed.slice(0, -1);
    assert.ok(diagnostics.length >= 8, run.stdout);
    for (const line of diagnostics) assert.match(line, /^examples\/broken-order-sync\.flow\.yaml:\d+:\d+ (error|warning) [a-z-]+ /);
    assert.ok(diagnostics.some((line) => line.startsWith('examples/broken-order-sync.flow.yaml:52:27 error unknown-step No step `summarise`')), run.stdout);
    assert.match(printed.at(-1)!, new RegExp(`^6 errors, 2 warnings in ${all.length} files$`));
    assert.equal(run.code, 1);
  });

  test('a broken fixture: exit 1, one sorted line per diagnostic, then the summary', async () => {
    const run = await runCli(['validate', BROKEN_FIXTURE]);
    const printed = lines(run.stdout);
    assert.deepEqual(
      printed.map((line) => line.split(' ').slice(0, 3).join(' ')),
      [
        `${BROKEN_FIXTURE}:13:32 error unknown-step`,
        `${BROKEN_FIXTURE}:24:14 error unknown-step`,
        `${BROKEN_FIXTURE}:32:16 error unknown-step`,
        '3 errors, 0',
      ],
    );
    assert.equal(printed.at(-1), '3 errors, 0 warnings in 1 file');
    // The messages are the analyzer's own, unchanged.
    const { diagnostics } = analyzeText(readFileSync(join(repoRoot, BROKEN_FIXTURE), 'utf8'));
    assert.deepEqual(printed.slice(0, -1).map((line) => line.split(' ').slice(3).join(' ')), diagnostics.map((item) => item.message));
    assert.equal(run.stderr, '');
    assert.equal(run.code, 1);
  });

  test('--format json prints the records of spec §8', async () => {
    const run = await runCli(['validate', '--format', 'json', BROKEN_FIXTURE]);
    assert.equal(run.code, 1);
    const records = JSON.parse(run.stdout) as Record<string, unknown>[];
    assert.ok(Array.isArray(records));
    assert.equal(records.length, 3);
    for (const record of records) {
      assert.deepEqual(Object.keys(record).sort(), ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity']);
      for (const key of ['line', 'column', 'endLine', 'endColumn']) assert.ok(Number.isInteger(record[key]) && (record[key] as number) >= 1, `${key} is a 1-based integer`);
      assert.ok(['error', 'warning', 'info', 'hint'].includes(record['severity'] as string));
    }
    const { message, ...rest } = records[2]!;
    assert.equal(typeof message, 'string');
    // `fetch_ordrs` starts in column 16 of line 32; the end column is just past it.
    assert.deepEqual(rest, { file: BROKEN_FIXTURE, line: 32, column: 16, endLine: 32, endColumn: 27, severity: 'error', code: 'unknown-step' });
  });

  test('--format=json of a clean file is an empty array and exit 0', async () => {
    const run = await runCli(['validate', '--format=json', 'examples/onboard-customers.flow.yaml']);
    assert.deepEqual(JSON.parse(run.stdout), []);
    assert.equal(run.code, 0);
  });

  test('warnings alone exit 0', async () => {
    const run = await runCli(['validate', 'test/golden/fixtures/unreachable-step.flow.yaml']);
    assert.equal(lines(run.stdout).at(-1), '0 errors, 3 warnings in 1 file');
    assert.equal(run.code, 0);
  });

  test('a YAML syntax error exits 1', async () => {
    const run = await runCli(['validate', 'test/golden/fixtures/yaml-syntax.flow.yaml']);
    assert.match(run.stdout, /yaml-syntax\.flow\.yaml:18:9 error yaml-syntax /);
    assert.equal(run.code, 1);
  });

  test('several files are printed sorted by file, whatever the argument order', async () => {
    const run = await runCli(['validate', 'test/golden/fixtures/unknown-port.flow.yaml', BROKEN_FIXTURE, 'test/golden/fixtures/duplicate-slug.flow.yaml']);
    const files = lines(run.stdout).slice(0, -1).map((line) => line.split(':')[0]!);
    assert.deepEqual(files, [...files].sort());
    assert.equal(new Set(files).size, 3);
    assert.match(lines(run.stdout).at(-1)!, / in 3 files$/);
  });

  test('a directory is searched recursively, skipping node_modules and .stepline', async () => {
    const root = join(workDir, 'tree');
    for (const dir of ['flows/nested', 'node_modules/pkg', '.stepline/runs']) mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, 'flows/a.flow.yaml'), CLEAN_WORKFLOW);
    writeFileSync(join(root, 'flows/nested/b.flow.yml'), CLEAN_WORKFLOW);
    const json = JSON.stringify({ name: 'C', steps: [{ stepSlug: 'start', stepType: 'trigger', config: { type: 'manual' }, nextSteps: { success: 'nowhere' } }] });
    writeFileSync(join(root, 'flows/nested/c.flow.json'), json);
    writeFileSync(join(root, 'flows/notes.yaml'), 'not: a workflow\n');
    writeFileSync(join(root, 'node_modules/pkg/x.flow.yaml'), 'name: [broken\n');
    writeFileSync(join(root, '.stepline/runs/y.flow.yaml'), 'name: [broken\n');
    const run = await runCli(['validate', '.'], { cwd: root });
    const printed = lines(run.stdout);
    assert.deepEqual(printed.slice(0, -1).map((line) => line.split(' ').slice(0, 3).join(' ')), [`flows/nested/c.flow.json:1:${json.indexOf('"nowhere"') + 1} error unknown-step`]);
    assert.equal(printed.at(-1), '1 error, 0 warnings in 3 files');
    assert.equal(run.code, 1);
  });

  test('CRLF line endings give the same positions', async () => {
    const text = readFileSync(join(repoRoot, BROKEN_FIXTURE), 'utf8').replace(/\n/g, '\r\n');
    writeFileSync(join(workDir, 'crlf.flow.yaml'), text);
    const run = await runCli(['validate', 'crlf.flow.yaml'], { cwd: workDir });
    assert.deepEqual(lines(run.stdout).map((line) => line.split(' ')[0]), ['crlf.flow.yaml:13:32', 'crlf.flow.yaml:24:14', 'crlf.flow.yaml:32:16', '3']);
  });

  test('output is plain text when stdout is not a terminal, even without NO_COLOR', async () => {
    const run = await runCli(['validate', BROKEN_FIXTURE]);
    assert.doesNotMatch(run.stdout, /\u001b\[/);
  });
});

describe('usage errors exit 2 with one line and no stack trace', { timeout: 60_000 }, () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown option', ['validate', '--bogus', 'examples'], /^stepline validate: unknown option '--bogus'\. Run 'stepline validate --help' for usage\.\n$/],
    ['no files', ['validate'], /^stepline validate: name the workflow files or directories to check/],
    ['a nonexistent file', ['validate', 'nope.flow.yaml'], /^stepline validate: no such file or directory: nope\.flow\.yaml\n$/],
    ['an unknown format', ['validate', '--format', 'xml', 'examples'], /^stepline validate: --format must be text or json, not 'xml'/],
    ['a format without a value', ['validate', 'examples', '--format'], /^stepline validate: option '--format' needs a value/],
    ['an unknown command', ['valdate', 'examples'], /^stepline: unknown command 'valdate'\. Did you mean 'validate'\?/],
    ['an unknown global option', ['--frobnicate'], /^stepline: unknown option '--frobnicate'/],
  ];
  for (const [name, args, expected] of cases) {
    test(name, async () => {
      const run = await runCli(args);
      assert.match(run.stderr, expected);
      assert.equal(lines(run.stderr).length, 1, `expected one line, got:\n${run.stderr}`);
      assert.equal(run.stdout, '');
      assert.equal(run.code, 2);
    });
  }

  test('no arguments at all print the usage on stderr', async () => {
    const run = await runCli([]);
    assert.match(run.stderr, /^Stepline .*\n\nUsage: stepline <command>/);
    assert.match(run.stderr, /\n {2}validate FILE\|DIR\.\.\. /);
    assert.equal(run.code, 2);
  });

  test('a directory without workflows', async () => {
    const empty = join(workDir, 'empty');
    mkdirSync(join(empty, 'sub'), { recursive: true });
    writeFileSync(join(empty, 'sub/readme.md'), '# nothing\n');
    const run = await runCli(['validate', 'empty'], { cwd: workDir });
    assert.equal(run.stderr, 'stepline validate: no workflow files (*.flow.yaml, *.flow.yml, *.flow.json) in empty\n');
    assert.equal(run.code, 2);
  });
});

describe('help and version', { timeout: 60_000 }, () => {
  test('--help lists the commands on stdout, exit 0', async () => {
    const run = await runCli(['--help']);
    assert.match(run.stdout, /Usage: stepline <command> \[options\]/);
    assert.match(run.stdout, /validate FILE\|DIR\.\.\. \[--format json\] +Check workflow files/);
    assert.equal(run.code, 0);
  });

  test('validate --help and help validate show the command usage', async () => {
    for (const args of [['validate', '--help'], ['help', 'validate'], ['validate', '-h']]) {
      const run = await runCli(args);
      assert.match(run.stdout, /^Usage: stepline validate FILE\|DIR\.\.\. \[--format text\|json\]/);
      assert.equal(run.code, 0);
    }
  });

  test('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const run = await runCli(['--version']);
    assert.equal(run.stdout, `${version}\n`);
    assert.equal(run.code, 0);
  });
});

describe('the bin', { timeout: 60_000 }, () => {
  const oldNode = '/usr/bin/node';
  const oldNodeVersion = existsSync(oldNode) ? spawnSync(oldNode, ['--version'], { encoding: 'utf8' }).stdout.trim() : '';
  const [major = 0, minor = 0] = oldNodeVersion.replace(/^v/, '').split('.').map(Number);
  const isOld = oldNodeVersion !== '' && (major < 22 || (major === 22 && minor < 13));

  test('refuses a Node.js older than 22.13 with a clear message and exit 2', { skip: isOld ? false : `no Node.js older than 22.13 at ${oldNode}` }, async () => {
    const run = await runCli(['validate', 'examples'], { node: oldNode });
    assert.equal(run.stderr, `Stepline needs Node.js 22.13 or newer (found ${oldNodeVersion}). Run it through npm (\`npx stepline …\`), which uses the project's pinned Node 24, or install Node 24.\n`);
    assert.equal(run.stdout, '');
    assert.equal(run.code, 2);
  });

  test('keeps the compiled bundle on disk (Node\'s compile cache) and gives the same answer from it', async () => {
    // Not through NODE_COMPILE_CACHE, which would turn the cache on by itself: in the temporary
    // directory, where the bin puts it.
    const temporary = join(workDir, 'temporary');
    mkdirSync(temporary);
    const env = { TMPDIR: temporary, TMP: temporary, TEMP: temporary, NODE_COMPILE_CACHE: undefined };
    const first = await runCli(['validate', 'examples/account-review.flow.yaml'], { env });
    const cache = join(temporary, 'node-compile-cache');
    assert.ok(existsSync(cache) && readdirSync(cache).length > 0, 'the first run wrote the cache');
    const second = await runCli(['validate', 'examples/account-review.flow.yaml'], { env });
    assert.deepEqual([second.code, second.stdout, second.stderr], [first.code, first.stdout, first.stderr]);
    assert.equal(second.code, 0);
  });

  test('says to run the build when the bundle is missing', async () => {
    const copy = join(workDir, 'unbuilt/runtime/bin/stepline.cjs');
    mkdirSync(join(copy, '..'), { recursive: true });
    copyFileSync(binPath, copy);
    const run = await runCli(['--version'], { bin: copy });
    assert.match(run.stderr, /^Stepline's command line is not built yet \(.*dist[/\\]cli\.mjs is missing\): run `npm run build` first\.\n$/);
    assert.equal(run.code, 2);
  });
});

describe('files that are not workflows', { timeout: 60_000 }, () => {
  async function validateBytes(name: string, bytes: Uint8Array | string): Promise<CliRun> {
    writeFileSync(join(workDir, name), bytes);
    const run = await runCli(['validate', name], { cwd: workDir });
    assertNoStackTrace(run);
    return run;
  }

  test('a binary file is one unreadable-file error', async () => {
    const bytes = new Uint8Array(4096).map((_, index) => (index * 7919 + 13) % 256);
    const run = await validateBytes('binary.flow.yaml', bytes);
    assert.deepEqual(lines(run.stdout), ['binary.flow.yaml:1:1 error unreadable-file The file contains NUL bytes: it is binary, not a workflow.', '1 error, 0 warnings in 1 file']);
    assert.equal(run.code, 1);
  });

  test('a file that is not UTF-8 is reported at its first bad byte', async () => {
    const bytes = Buffer.concat([Buffer.from('name: ok\ndescription: caf'), Buffer.from([0xe9]), Buffer.from(' au lait\n')]);
    const run = await validateBytes('latin1.flow.yaml', bytes);
    assert.deepEqual(lines(run.stdout), ['latin1.flow.yaml:2:17 error unreadable-file The file is not valid UTF-8 (byte 0xe9 at offset 25).', '1 error, 0 warnings in 1 file']);
    assert.equal(run.code, 1);
  });

  test('a UTF-16 file is named as such', async () => {
    const run = await validateBytes('utf16.flow.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CLEAN_WORKFLOW, 'utf16le')]));
    assert.match(run.stdout, /^utf16\.flow\.yaml:1:1 error unreadable-file The file is encoded as UTF-16; save it as UTF-8\.\n/);
    assert.equal(run.code, 1);
  });

  test('a UTF-8 byte order mark is accepted', async () => {
    const run = await validateBytes('bom.flow.yaml', `\ufeff${CLEAN_WORKFLOW}`);
    assert.equal(run.stdout, '0 errors, 0 warnings in 1 file\n');
    assert.equal(run.code, 0);
  });

  test('a 10 MB file is refused quickly, not analyzed', async () => {
    const step = (index: number) => `  - stepSlug: s${index}\n    stepType: action\n    config: { type: log, parameters: { message: "step <<vars.n>>" } }\n    nextSteps: { success: s${index + 1} }\n`;
    const parts = [CLEAN_WORKFLOW.replace('greet }', 's0 }')];
    let size = parts[0]!.length;
    for (let index = 0; size < 10 * 1024 * 1024; index++) {
      parts.push(step(index));
      size += parts.at(-1)!.length;
    }
    const run = await validateBytes('huge.flow.yaml', parts.join(''));
    assert.match(run.stdout, /^huge\.flow\.yaml:1:1 error unreadable-file The file is 10\.0 MB; Stepline reads workflow files up to 2\.0 MB\.\n/);
    assert.equal(run.code, 1);
  });

  test('an empty file and a text file that is not a workflow give diagnostics, not a crash', async () => {
    for (const [name, content] of [['empty.flow.yaml', ''], ['prose.flow.yaml', 'Dear diary, today I wrote: a workflow.\n']] as const) {
      const run = await validateBytes(name, content);
      assert.match(run.stdout, / in 1 file\n$/);
      assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}`);
    }
  });
});
