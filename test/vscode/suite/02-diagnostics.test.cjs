// Diagnostics: a workflow with a deliberate error (a port pointing at a step that does not
// exist) gets the analyzer's `unknown-step` error from the Stepline language server, on the line
// of the bad target, and it shows in the Problems panel.
'use strict';

const assert = require('node:assert/strict');
const { readFileSync, writeFileSync } = require('node:fs');
const vscode = require('vscode');
const { CAN_SCREENSHOT, lineOf, openInEditor, requestScreenshot, waitForEvent, workspaceUri } = require('./helpers.cjs');

suite('diagnostics', () => {
  test('a port to a missing step gets an unknown-step error from the server', async () => {
    const clean = readFileSync(workspaceUri('onboard-customers.flow.yaml').fsPath, 'utf8');
    // `find_new_customers` is reached from the import loop's `done` port; misspell that target.
    const broken = clean.replace('done: find_new_customers', 'done: find_new_custmers');
    assert.notEqual(broken, clean, 'the example changed: the deliberate error could not be made');
    const brokenUri = workspaceUri('broken-onboarding.flow.yaml');
    writeFileSync(brokenUri.fsPath, broken);

    const { editor } = await openInEditor('broken-onboarding.flow.yaml');
    const stepline = () => vscode.languages.getDiagnostics(brokenUri).filter((item) => item.source === 'stepline');
    const found = await waitForEvent(
      vscode.languages.onDidChangeDiagnostics,
      () => stepline().find((item) => codeOf(item) === 'unknown-step'),
      45_000,
      'an unknown-step diagnostic on broken-onboarding.flow.yaml',
    );
    assert.equal(found.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(found.range.start.line, lineOf(broken, 'done: find_new_custmers'));
    assert.match(found.message, /find_new_custmers/);
    // The clean example next to it has no error.
    assert.equal(vscode.languages.getDiagnostics(workspaceUri('onboard-customers.flow.yaml')).filter((item) => item.severity === vscode.DiagnosticSeverity.Error).length, 0);

    // What a person sees: the squiggle on the bad target and the error in the Problems panel.
    editor.selection = new vscode.Selection(found.range.start, found.range.start);
    editor.revealRange(found.range, vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    if (!CAN_SCREENSHOT) return; // @vscode/test-electron: no page to photograph.
    const problems = await requestScreenshot('problems-panel');
    assert.ok(problems?.saved, 'the runner did not save the problems-panel screenshot');
    assert.ok(problems.rows.some((row) => /find_new_custmers/.test(row) && /unknown-step/.test(row)), `the Problems panel does not list the error: ${problems.rows.join(' / ')}`);
  });
});

function codeOf(diagnostic) {
  return typeof diagnostic.code === 'object' && diagnostic.code !== null ? diagnostic.code.value : diagnostic.code;
}
