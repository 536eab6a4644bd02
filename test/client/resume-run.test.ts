// A run interrupted by a killed process is left `running` in the store; the Runs view offers
// Resume for it, and resuming through the extension's executor finishes it from its last commit.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { TREE_ITEM_CONTEXT } from '../../client/src/contribution-ids.ts';
import { resumeWorkflowRun } from '../../client/src/run-executor.ts';
import { runItem } from '../../client/src/runs-tree-model.ts';
import { openStore } from '../../runtime/src/store/index.ts';
import { spawnCli } from '../runtime/engine/cli-process.ts';

const WORKFLOW = `name: Interrupted
steps:
  - stepSlug: start
    stepType: trigger
    config: { type: manual }
    nextSteps: { success: remember }
  - stepSlug: remember
    stepType: action
    config: { type: set_variables, parameters: { seen: true } }
    nextSteps: { success: wait }
  - stepSlug: wait
    stepType: action
    config: { type: delay, parameters: { ms: 300 } }
    nextSteps: { success: finish }
  - stepSlug: finish
    stepType: action
    config: { type: log, parameters: { message: "seen <<vars.seen>>" } }
`;

let dir: string | undefined;
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a run killed mid-way shows as unfinished and resumes to completion', async () => {
  dir = await mkdtemp(join(tmpdir(), 'stepline-resume-'));
  const file = join(dir, 'interrupted.flow.yaml');
  await writeFile(file, WORKFLOW);
  const stateDir = join(dir, '.stepline');

  // The CLI process is killed as soon as the delay step starts: `start` and `remember` are committed.
  const { child, done } = spawnCli(['run', file, '--json', '--store', stateDir], { cwd: dir });
  await new Promise<void>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.split('\n').some((line) => line.includes('"type":"step.started"') && line.includes('"step":"wait"'))) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.once('close', () => reject(new Error(`the CLI ended before the delay step started:\n${buffer}`)));
  });
  await done;

  const store = openStore({ dir: stateDir });
  try {
    const [run] = store.listRuns();
    assert.equal(run?.status, 'running');
    assert.equal(runItem(run!, { active: false, now: new Date() }).contextValue, TREE_ITEM_CONTEXT.unfinishedRun);

    const result = await resumeWorkflowRun(run!.id, { store, stateDir, workspaceRoot: dir, trusted: false, env: {} });
    assert.equal(result.status, 'completed');
    const steps = store.listSteps(run!.id);
    assert.deepEqual(steps.map((record) => record.stepSlug), ['start', 'remember', 'wait', 'finish']);
    assert.deepEqual(steps.at(-1)?.output, { message: 'seen true' });
  } finally {
    store.close();
  }
});
