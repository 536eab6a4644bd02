// Workspace actions (TypeScript modules in `actions/` beside the workflow) through `stepline
// run`: one that works, one that hangs (stopped by the step's timeoutMs), one that throws and
// one that returns something that is not JSON data, each with a clear step error. Also: a
// corrupt store file and an unsupported step type give one-line messages.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from './cli-process.ts';

function action(name: string, body: string): string {
  return `export default {
  name: '${name}',
  description: 'A test action.',
  sideEffects: false,
  parameters: { type: 'object' },
  output: {},
  ${body}
};
`;
}

describe('workspace actions and bad environments', () => {
  it('runs workspace actions and turns hangs, throws and garbage into step errors', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'stepline-workspace-'));
    mkdirSync(join(cwd, 'actions'));
    writeFileSync(join(cwd, 'actions', 'greet.ts'), action('demo.greet', "async run(params: { name: string }) { return { text: `Hello ${params.name}`, at: new Date(0) }; },"));
    writeFileSync(join(cwd, 'actions', 'hang.ts'), action('demo.hang', 'run() { return new Promise(() => {}); },'));
    writeFileSync(join(cwd, 'actions', 'throws.ts'), action('demo.throws', "async run() { throw Object.assign(new Error('quota exceeded'), { code: 'quota', retryable: false }); },"));
    writeFileSync(join(cwd, 'actions', 'garbage.ts'), action('demo.garbage', 'async run() { return { callback() {} }; },'));
    writeFileSync(
      join(cwd, 'demo.flow.yaml'),
      `name: Demo
output: { greeting: <<steps.greet.output.text>>, at: <<steps.greet.output.at>>, errors: ["<<steps.hang.error.code>>", "<<steps.throws.error.code>>", "<<steps.garbage.error.code>>"] }
steps:
  - stepSlug: start
    stepType: trigger
    config: { type: manual }
    nextSteps: { success: greet }
  - stepSlug: greet
    stepType: action
    config: { type: demo.greet, parameters: { name: Ada } }
    nextSteps: { success: hang }
  - stepSlug: hang
    stepType: action
    timeoutMs: 100
    config: { type: demo.hang, parameters: {} }
    nextSteps: { success: throws, error: throws }
  - stepSlug: throws
    stepType: action
    config: { type: demo.throws, parameters: {} }
    nextSteps: { success: garbage, error: garbage }
  - stepSlug: garbage
    stepType: action
    config: { type: demo.garbage, parameters: {} }
    nextSteps: { success: end, error: end }
`,
    );
    const run = await runCli(['run', 'demo.flow.yaml', '--json'], { cwd });
    assert.equal(run.status, 0, run.stderr + run.stdout);
    const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; path?: string; error?: { code: string; message: string }; output?: unknown });
    assert.deepEqual(events.at(-1)!.output, { greeting: 'Hello Ada', at: '1970-01-01T00:00:00.000Z', errors: ['timeout', 'quota', 'invalid-output'] });
    const errorOf = (path: string) => events.find((event) => event.type === 'step.finished' && event.path === path)?.error;
    assert.match(errorOf('hang')!.message, /did not finish within 100 ms/);
    assert.equal(errorOf('throws')!.message, 'quota exceeded');
    assert.match(errorOf('garbage')!.message, /\$\.callback is a function, which JSON cannot hold/);
  });

  it('reports a corrupt store file and an unsupported step in one line each', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'stepline-corrupt-'));
    mkdirSync(join(cwd, '.stepline'));
    writeFileSync(join(cwd, '.stepline', 'stepline.db'), 'this is not a database, just text that is long enough to have a header'.repeat(20));
    writeFileSync(join(cwd, 'ok.flow.yaml'), 'name: Ok\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    config: { type: manual }\n');
    const corrupt = await runCli(['run', 'ok.flow.yaml'], { cwd });
    assert.equal(corrupt.status, 1);
    assert.match(corrupt.stderr, /^stepline run: .*stepline\.db/);
    assert.equal(corrupt.stderr.trim().split('\n').length, 1);

    writeFileSync(
      join(cwd, 'approval.flow.yaml'),
      'name: Approval\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    config: { type: manual }\n    nextSteps: { success: ask }\n  - stepSlug: ask\n    stepType: approval\n    config: { title: Ok? }\n    nextSteps: { approved: end, rejected: end, timeout: end }\n',
    );
    const approval = await runCli(['run', 'approval.flow.yaml', '--store', 'fresh'], { cwd });
    assert.equal(approval.status, 1, approval.stderr);
    assert.match(approval.stdout, /failed after \d+ ms \(1 step\): unsupported-step: Step ask: approval steps are not supported/);
  });
});
