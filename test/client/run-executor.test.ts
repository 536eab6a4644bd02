import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dotenvFilesFor, executeWorkflow, resumeWorkflowRun } from '../../client/src/run-executor.ts';
import { openStore, type Store } from '../../runtime/src/store/index.ts';

const BROKEN = `name: Broken
steps:
  - stepSlug: start
    stepType: trigger
    config: { type: manual }
    nextSteps: { success: nowhere }
`;

const SECRET_ECHO = `name: Secret echo
secrets: [API_TOKEN]
steps:
  - stepSlug: start
    stepType: trigger
    config: { type: manual }
    nextSteps: { success: say }
  - stepSlug: say
    stepType: action
    config:
      type: log
      parameters: { message: "token <<secrets.API_TOKEN>>" }
`;

describe('executeWorkflow', () => {
  let dir: string;
  let store: Store;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stepline-client-'));
    store = openStore({ dir: join(dir, '.stepline') });
  });
  after(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('a workflow with errors is not run and its problems are returned with positions', async () => {
    const file = join(dir, 'broken.flow.yaml');
    const outcome = await executeWorkflow({ store, stateDir: join(dir, '.stepline'), trusted: false, file, text: BROKEN, input: {}, env: {} });
    assert.equal(outcome.kind, 'invalid');
    const problem = outcome.kind === 'invalid' ? outcome.problems.find((item) => item.code === 'unknown-step') : undefined;
    assert.ok(problem, 'an unknown-step problem');
    assert.equal(problem.line, 5);
    assert.equal(store.listRuns().length, 0);
  });

  test('secrets come from the .env at the workspace root and never reach the store', async () => {
    const file = join(dir, 'flows', 'echo.flow.yaml');
    await writeFile(join(dir, '.env'), 'API_TOKEN=s3cr3t-value\n');
    const outcome = await executeWorkflow({ store, stateDir: join(dir, '.stepline'), workspaceRoot: dir, trusted: false, file, text: SECRET_ECHO, input: {}, env: {} });
    assert.equal(outcome.kind, 'finished');
    const runId = outcome.kind === 'finished' ? outcome.result.runId : '';
    assert.equal(store.getRun(runId)?.status, 'completed');
    const say = store.listSteps(runId).find((record) => record.stepSlug === 'say');
    assert.deepEqual(say?.output, { message: 'token ***' });
    assert.equal(JSON.stringify(store.listSteps(runId)).includes('s3cr3t-value'), false);
  });

  test('resuming a finished run is refused with a message', async () => {
    const [run] = store.listRuns({ status: 'completed' });
    await assert.rejects(resumeWorkflowRun(run!.id, { store, stateDir: join(dir, '.stepline'), trusted: false, env: {} }), /already completed/);
  });

  test('dotenv files: beside the workflow first, then the workspace root', () => {
    assert.deepEqual(dotenvFilesFor('/w/flows/a.flow.yaml', '/w'), ['/w/flows/.env', '/w/.env']);
    assert.deepEqual(dotenvFilesFor('/w/a.flow.yaml', '/w'), ['/w/.env']);
  });
});
