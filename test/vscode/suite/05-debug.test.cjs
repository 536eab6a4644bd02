// Debugging as F5 does it: a `stepline` launch configuration on onboard-customers with a
// breakpoint on a step inside the import loop's body. The session stops there, the top frame is
// that step's line, and the Variables hold `loop` with its `item` (the current sign-up). The
// runner saves a screenshot of that moment (test/vscode/screenshots/breakpoint-in-loop.png).
'use strict';

const assert = require('node:assert/strict');
const { writeFileSync } = require('node:fs');
const vscode = require('vscode');
const { CAN_SCREENSHOT, lineOf, openInEditor, requestScreenshot, waitForEvent, workspaceUri } = require('./helpers.cjs');

suite('debugging', () => {
  const cleanups = [];
  teardown(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  test('F5 stops at a breakpoint in a loop body with loop.item in Variables', async () => {
    const inputFile = workspaceUri('debug-onboarding.input.json').fsPath;
    writeFileSync(inputFile, JSON.stringify({
      signups: [
        { id: 'cus_ada', name: 'Ada Lovelace', email: 'ada@example.com', plan: 'pro' },
        { id: 'cus_grace', name: 'Grace Hopper', email: 'grace@example.com', plan: 'starter' },
      ],
    }, null, 2));
    const { document } = await openInEditor('onboard-customers.flow.yaml');
    const text = document.getText();
    // `save_customer` is the body of the `import_signups` loop.
    const breakpointLine = lineOf(text, 'stepSlug: save_customer');
    const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(document.uri, new vscode.Position(breakpointLine, 0)));
    vscode.debug.addBreakpoints([breakpoint]);
    cleanups.push(() => vscode.debug.removeBreakpoints([breakpoint]));

    // Watch the adapter's own messages: the `stopped` event is the fact the UI reacts to.
    const stops = [];
    let notifyStop = () => undefined;
    const tracker = vscode.debug.registerDebugAdapterTrackerFactory('stepline', {
      createDebugAdapterTracker: () => ({
        onDidSendMessage: (message) => {
          if (message.type === 'event' && message.event === 'stopped') {
            stops.push(message.body);
            notifyStop();
          }
        },
      }),
    });
    cleanups.push(() => tracker.dispose());

    const configuration = {
      type: 'stepline',
      request: 'launch',
      name: 'Debug onboard-customers',
      program: document.uri.fsPath,
      inputFile,
      stopOnEntry: false,
    };
    const folder = vscode.workspace.workspaceFolders[0];
    const sessionStarted = waitForEvent(vscode.debug.onDidStartDebugSession, () => vscode.debug.activeDebugSession, 30_000, 'a debug session to start');
    assert.equal(await vscode.debug.startDebugging(folder, configuration), true, 'startDebugging refused the stepline launch configuration');
    const session = await sessionStarted;
    cleanups.push(() => vscode.debug.stopDebugging(session));

    const stopped = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out after 45000 ms waiting for a stopped event')), 45_000);
      notifyStop = () => {
        clearTimeout(timer);
        resolve(stops[0]);
      };
      if (stops.length > 0) notifyStop();
    });
    assert.equal(stopped.reason, 'breakpoint');

    const { stackFrames } = await session.customRequest('stackTrace', { threadId: stopped.threadId ?? 1 });
    assert.ok(stackFrames.length > 0, 'no stack frames at the stop');
    const top = stackFrames[0];
    // DAP lines are 1-based unless the client said otherwise (VS Code says linesStartAt1).
    assert.equal(top.line, breakpointLine + 1, `stopped at line ${top.line}, breakpoint is on ${breakpointLine + 1}`);

    const { scopes } = await session.customRequest('scopes', { frameId: top.id });
    const variablesByScope = await Promise.all(scopes.map(async (scope) => ({ scope, variables: (await session.customRequest('variables', { variablesReference: scope.variablesReference })).variables })));
    const listing = variablesByScope.map((entry) => `${entry.scope.name}: ${entry.variables.map((variable) => variable.name).join(', ')}`).join(' | ');
    // `loop` may be a scope of its own (Variables shows it as a top-level node) or a variable
    // inside one; either way, a person expands `loop` and finds `item`.
    const loopScope = variablesByScope.find((entry) => entry.scope.name === 'loop');
    const loopVariable = variablesByScope.flatMap((entry) => entry.variables).find((variable) => variable.name === 'loop');
    assert.ok(loopScope || loopVariable, `no \`loop\` in the Variables: ${listing}`);
    const loopFields = loopScope
      ? loopScope.variables
      : (await session.customRequest('variables', { variablesReference: loopVariable.variablesReference })).variables;
    const item = loopFields.find((variable) => variable.name === 'item');
    assert.ok(item, `loop has no item: ${listing}`);
    assert.match(`${item.value} ${await childrenText(session, item)}`, /cus_ada|Ada Lovelace/, 'the first iteration\'s item is the first sign-up');

    // The workbench has taken the stop too: it focuses the stopped frame (and so shows its line).
    await waitForEvent(
      vscode.debug.onDidChangeActiveStackItem,
      () => (vscode.debug.activeStackItem instanceof vscode.DebugStackFrame ? true : undefined),
      15_000,
      'VS Code to focus the stopped frame',
    );
    if (!CAN_SCREENSHOT) return; // @vscode/test-electron: no page to photograph.
    const picture = await requestScreenshot('breakpoint-in-loop');
    assert.ok(picture?.saved, 'the runner did not save the breakpoint-in-loop screenshot');
    // What a person reads in the Variables view: `loop` expanded, its item the first sign-up.
    assert.ok(picture.rows.some((row) => /^\s*item\b/.test(row) && /cus_ada/.test(row)), `Variables does not show loop.item: ${picture.rows.join(' / ')}`);
  });
});

/** The text of an expandable variable's children, for matching values inside an object. */
async function childrenText(session, variable) {
  if (!variable.variablesReference) return '';
  const { variables } = await session.customRequest('variables', { variablesReference: variable.variablesReference });
  return variables.map((child) => `${child.name}=${child.value}`).join(' ');
}
