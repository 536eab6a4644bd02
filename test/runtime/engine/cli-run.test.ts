// `stepline run`, `resume`, `runs` and `show` as processes, as users meet them: exit statuses,
// the step lines, one-line errors without stack traces, and the `--json` forms of spec §8.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { runCli } from './cli-process.ts';

const EXAMPLE = fileURLToPath(new URL('../../../examples/onboard-customers.flow.yaml', import.meta.url));
const RECOMMEND = fileURLToPath(new URL('../../../examples/recommend-products.flow.yaml', import.meta.url));

function workspace(): string {
  return mkdtempSync(join(tmpdir(), 'stepline-cli-'));
}

describe('stepline run / resume / runs / show', () => {
  it('runs an example: step lines, run id, output, exit 0; then runs and show in both forms', async () => {
    const cwd = workspace();
    const run = await runCli(['run', EXAMPLE], { cwd });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
    const lines = run.stdout.split('\n');
    const runId = /^Run (\w+): Onboard new customers$/.exec(lines[0]!)?.[1];
    assert.ok(runId, lines[0]);
    assert.match(run.stdout, /^✓ start +\S+ ms +success$/m);
    assert.match(run.stdout, /^ {2}✓ welcome_each\[0\]\/send_welcome +\S+ ms +success$/m);
    assert.match(run.stdout, new RegExp(`^Run ${runId} completed in \\d+ ms \\(19 steps\\)$`, 'm'));
    assert.match(run.stdout, /"welcomed": 2/);

    const runs = await runCli(['runs', '--json'], { cwd });
    assert.equal(runs.status, 0);
    const listed = JSON.parse(runs.stdout) as Array<Record<string, unknown>>;
    assert.equal(listed.length, 1);
    assert.deepEqual(Object.keys(listed[0]!).sort(), ['endedAt', 'file', 'id', 'startedAt', 'status', 'workflow']);
    assert.deepEqual([listed[0]!.id, listed[0]!.workflow, listed[0]!.status], [runId, 'Onboard new customers', 'completed']);
    const runsText = await runCli(['runs'], { cwd });
    assert.match(runsText.stdout, new RegExp(`^${runId}  completed  Onboard new customers`, 'm'));

    const show = await runCli(['show', runId!.slice(0, 12), '--json'], { cwd });
    assert.equal(show.status, 0, show.stderr);
    const shown = JSON.parse(show.stdout) as { id: string; workflow: string; status: string; input: unknown; output: unknown; error: unknown; steps: Array<Record<string, unknown>> };
    assert.deepEqual([shown.id, shown.workflow, shown.status, shown.error], [runId, 'Onboard new customers', 'completed', null]);
    assert.deepEqual(shown.output, { welcomed: 2, skipped: 1 });
    for (const key of ['step', 'path', 'attempt', 'params', 'output', 'error', 'port', 'startedAt', 'endedAt']) assert.ok(key in shown.steps[0]!, key);
    const send = shown.steps.find((step) => step.path === 'welcome_each[0]/send_welcome')!;
    assert.deepEqual([send.step, send.attempt, send.port], ['send_welcome', 1, 'success']);
    assert.equal((send.params as { to: string }).to, 'ada@example.com');
    const showText = await runCli(['show', runId!], { cwd });
    assert.match(showText.stdout, /^ +\d+ {3}✓ welcome_each\[0\]\/send_welcome {2}success/m);
    assert.match(showText.stdout, /params: \{"to":"ada@example.com"/);

    const again = await runCli(['resume', runId!], { cwd });
    assert.equal(again.status, 2);
    assert.match(again.stderr, /^stepline resume: Run \w+ already completed; there is nothing to resume/);
    assert.equal(again.stderr.split('\n').filter(Boolean).length, 1);
  });

  it('streams one JSON event per line with --json', async () => {
    const cwd = workspace();
    const run = await runCli(['run', EXAMPLE, '--json', '--store', 'state'], { cwd });
    assert.equal(run.status, 0, run.stderr);
    const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(events[0]!.type, 'run.started');
    assert.equal(events.at(-1)!.type, 'run.finished');
    assert.equal(events.at(-1)!.status, 'completed');
    assert.deepEqual(events.at(-1)!.output, { welcomed: 2, skipped: 1 });
    const types = new Set(events.map((event) => event.type));
    assert.deepEqual([...types].sort(), ['log', 'run.finished', 'run.started', 'step.finished', 'step.started'].sort());
    const finished = events.find((event) => event.type === 'step.finished' && event.path === 'import_signups[1]/save_customer')!;
    for (const key of ['runId', 'step', 'path', 'port', 'durationMs', 'attempt']) assert.ok(key in finished, key);
    assert.equal(finished.step, 'save_customer');
    const runs = await runCli(['runs', '--json'], { cwd, env: { STEPLINE_HOME: join(cwd, 'state') } });
    assert.equal((JSON.parse(runs.stdout) as unknown[]).length, 1);
  });

  it('exits 2 with one line for invalid input, a bad --input, an invalid workflow or an unknown run', async () => {
    const cwd = workspace();
    const missing = await runCli(['run', RECOMMEND, '--input', '{"limit": "ten"}'], { cwd });
    assert.equal(missing.status, 2);
    assert.equal(missing.stdout, '');
    assert.equal(missing.stderr, 'stepline run: Invalid input: missing required input customerId; input.limit must be integer.\n');

    const badJson = await runCli(['run', RECOMMEND, '--input', '{oops'], { cwd });
    assert.equal(badJson.status, 2);
    assert.match(badJson.stderr, /^stepline run: --input is not valid JSON/);
    writeFileSync(join(cwd, 'input.json'), '{"customerId": 7}');
    const fromFile = await runCli(['run', RECOMMEND, '--input', '@input.json'], { cwd });
    assert.equal(fromFile.status, 2);
    assert.equal(fromFile.stderr, 'stepline run: Invalid input: input.customerId must be string.\n');

    writeFileSync(join(cwd, 'broken.flow.yaml'), 'name: Broken\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    config: { type: manual }\n    nextSteps: { success: nowhere }\n');
    const invalid = await runCli(['run', 'broken.flow.yaml'], { cwd });
    assert.equal(invalid.status, 2);
    assert.match(invalid.stderr, /^broken\.flow\.yaml:6:\d+ error unknown-step /m);
    assert.match(invalid.stderr, /fix it before running\.\n$/);

    const unknown = await runCli(['show', 'nosuchrun'], { cwd });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /^stepline show: no run with id "nosuchrun"/);
    const unknownResume = await runCli(['resume', 'nosuchrun'], { cwd });
    assert.equal(unknownResume.status, 2);
    assert.match(unknownResume.stderr, /^stepline resume: No run with id "nosuchrun"/);
    const noFile = await runCli(['run'], { cwd });
    assert.equal(noFile.status, 2);
    for (const result of [missing, badJson, invalid, unknown, unknownResume, noFile]) assert.doesNotMatch(result.stderr, /\n\s+at /);
  });

  it('exits 1 when the run fails, printing the error', async () => {
    const cwd = workspace();
    writeFileSync(join(cwd, 'fails.flow.yaml'), 'name: Fails\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    config: { type: manual }\n    nextSteps: { success: load }\n  - stepSlug: load\n    stepType: action\n    config: { type: records.get, parameters: { collection: none, id: x } }\n');
    const run = await runCli(['run', 'fails.flow.yaml'], { cwd });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /^✗ load +\S+ ms +error +not-found: No record "x"/m);
    assert.match(run.stdout, /^Run \w+ failed after \d+ ms \(2 steps\): not-found: /m);
  });
});
