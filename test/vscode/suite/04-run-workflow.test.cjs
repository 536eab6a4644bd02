// Run Workflow: the `stepline.runWorkflow` command runs examples/onboard-customers.flow.yaml on
// the embedded runtime; the run is stored as completed with its steps (read back from the
// workspace store the CLI shares, `.stepline/stepline.db`), and the Runs view shows it.
'use strict';

const assert = require('node:assert/strict');
const { existsSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const vscode = require('vscode');
const { CAN_SCREENSHOT, extensionApi, openInEditor, requestScreenshot, waitForValue, workspaceRoot, workspaceUri } = require('./helpers.cjs');

const INPUT = {
  signups: [
    { id: 'cus_ada', name: 'Ada Lovelace', email: 'ada@example.com', plan: 'pro' },
    { id: 'cus_alan', name: 'Alan Turing', email: '', plan: 'starter' },
  ],
  sender: 'welcome@acme.example',
};

suite('run workflow', () => {
  test('stepline.runWorkflow on onboard-customers completes a run with its steps', async () => {
    // `<name>.input.json` beside the workflow answers the inputs, so no quick input opens.
    writeFileSync(workspaceUri('onboard-customers.input.json').fsPath, JSON.stringify(INPUT, null, 2));
    const { document } = await openInEditor('onboard-customers.flow.yaml');
    await extensionApi();

    const startedAt = new Date().toISOString();
    await vscode.commands.executeCommand('stepline.runWorkflow', document.uri);

    const run = await waitForValue(() => latestRun(document.uri.fsPath, startedAt), 60_000, 'a finished run of onboard-customers in .stepline/stepline.db', 250);
    assert.equal(run.status, 'completed', `run ${run.id} ended ${run.status}: ${run.error ?? ''}`);
    assert.deepEqual(JSON.parse(run.output), { welcomed: 1, skipped: 1 });
    const slugs = stepsOf(run.id);
    for (const slug of ['import_signups', 'save_customer', 'welcome_each', 'send_welcome', 'note_missing_email', 'summarize']) {
      assert.ok(slugs.includes(slug), `step ${slug} should be in the run's trace, got ${slugs.join(', ')}`);
    }

    // What a person sees: the Runs view in the activity bar with this run.
    await vscode.commands.executeCommand('workbench.view.extension.stepline');
    if (!CAN_SCREENSHOT) return; // @vscode/test-electron: no page to photograph.
    const view = await requestScreenshot('runs-view');
    assert.ok(view?.saved, 'the runner did not save the runs-view screenshot');
    assert.ok(view.rows.some((row) => /Onboard new customers/.test(row)), `the Runs view does not show the run: ${view.rows.join(' / ')}`);
    for (const slug of ['import_signups', 'welcome_each', 'summarize']) {
      assert.ok(view.rows.some((row) => row.includes(slug)), `the Runs view does not show step ${slug}: ${view.rows.join(' / ')}`);
    }
  });
});

/** The newest run of `workflowPath` that began after `since` and is no longer running. */
function latestRun(workflowPath, since) {
  const file = join(workspaceRoot(), '.stepline', 'stepline.db');
  if (!existsSync(file)) return undefined;
  return withStore(file, (db) => {
    const row = db
      .prepare(`SELECT * FROM runs WHERE workflow_path LIKE ? ORDER BY rowid DESC LIMIT 1`)
      .get(`%${workflowPath.split('/').pop()}`);
    if (!row || row.status === 'running' || row.status === 'waiting') return undefined;
    const begun = row.started_at ?? row.created_at;
    if (typeof begun === 'string' && begun < since) return undefined;
    return row;
  });
}

function stepsOf(runId) {
  return withStore(join(workspaceRoot(), '.stepline', 'stepline.db'), (db) => db.prepare('SELECT step_slug FROM steps WHERE run_id = ? ORDER BY seq').all(runId).map((row) => row.step_slug));
}

function withStore(file, read) {
  // node:sqlite is part of the extension host's Node (24); read-only so the writer is never blocked.
  const { DatabaseSync } = require('node:sqlite');
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}
