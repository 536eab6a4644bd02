// Completion inside `<< >>`: after `steps.` the language server offers the slugs of the steps
// that have run before that point.
'use strict';

const assert = require('node:assert/strict');
const vscode = require('vscode');
const { openInEditor, waitForValue } = require('./helpers.cjs');

suite('completion', () => {
  test('inside << >> after `steps.` the step slugs are offered', async () => {
    const { document } = await openInEditor('onboard-customers.flow.yaml');
    const marker = '<<steps.';
    const offset = document.getText().indexOf(`${marker}find_new_customers`);
    assert.ok(offset >= 0, 'the example no longer references steps.find_new_customers');
    const position = document.positionAt(offset + marker.length);

    // The completion provider appears once the language client has started: ask until it answers.
    const labels = await waitForValue(
      async () => {
        const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', document.uri, position);
        const names = (list?.items ?? []).map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
        return names.includes('find_new_customers') ? names : undefined;
      },
      30_000,
      'a completion list with find_new_customers',
      500,
    );
    assert.ok(labels.includes('import_signups'), `import_signups (ran before) should be offered, got ${labels.join(', ')}`);
    assert.ok(!labels.includes('summarize'), 'summarize runs after this loop and must not be offered');
  });
});
