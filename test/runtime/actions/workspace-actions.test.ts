// loadWorkspaceActions on a real folder: a TypeScript action loads and runs, broken modules are
// reported with their file and a message, and nothing throws.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ActionError, loadWorkspaceActions } from '../../../runtime/src/actions/index.ts';
import { createTestContext } from './test-context.ts';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'stepline-actions-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const GOOD_TS = `
interface Params { name: string }
export default {
  name: 'crm.greet',
  description: 'Greets a customer',
  parameters: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
  output: { type: 'object', properties: { greeting: { type: 'string' } } },
  sideEffects: false,
  async run(params: Params, ctx: { log(message: string): void }): Promise<{ greeting: string }> {
    ctx.log('greeting ' + params.name);
    return { greeting: 'Hello ' + params.name };
  },
};
`;

const THROWING_MJS = `
export const action = {
  name: 'crm.flaky',
  description: 'Fails in two ways',
  parameters: { type: 'object' },
  output: true,
  sideEffects: true,
  run(params) {
    if (params.coded) throw Object.assign(new Error('rate limited'), { code: 'rate-limited', retryable: true });
    throw new Error('plain failure');
  },
};
`;

void describe('loadWorkspaceActions', () => {
  void it('loads good modules and reports broken ones by file', async () => {
    const dir = workspace({
      'greet.ts': GOOD_TS,
      'flaky.mjs': THROWING_MJS,
      'syntax.mjs': 'export default { name: ',
      'no-export.js': 'export const unrelated = 1;\n',
      'bad-schema.mjs':
        "export default { name: 'x.bad', description: 'd', parameters: { type: 'nonsense' }, output: {}, sideEffects: false, run() {} };\n",
      'no-run.mjs': "export default { name: 'x.norun', description: 'd', parameters: {}, output: {}, sideEffects: false };\n",
      'shadow.mjs':
        "export default { name: 'http.request', description: 'd', parameters: {}, output: {}, sideEffects: true, run() {} };\n",
      '_helper.ts': 'throw new Error("helpers are not loaded");\n',
      'types.d.ts': 'export {};\n',
      'README.md': '# not a module\n',
    });
    const { actions, errors } = await loadWorkspaceActions(dir);
    assert.deepEqual(
      actions.map((action) => action.name),
      ['crm.flaky', 'crm.greet'],
    );
    const greet = actions.find((action) => action.name === 'crm.greet')!;
    assert.equal(greet.file, join(dir, 'greet.ts'));
    assert.equal(greet.sideEffects, false);
    assert.deepEqual(greet.parameters, {
      type: 'object',
      properties: { name: { type: 'string' } },
      required: ['name'],
    });

    const byFile = new Map(errors.map((error) => [error.file.slice(dir.length + 1), error.message]));
    assert.deepEqual([...byFile.keys()].sort(), ['bad-schema.mjs', 'no-export.js', 'no-run.mjs', 'shadow.mjs', 'syntax.mjs']);
    assert.match(byFile.get('syntax.mjs')!, /Cannot load the module/);
    assert.match(byFile.get('no-export.js')!, /default export/);
    assert.match(byFile.get('bad-schema.mjs')!, /`parameters` is not a valid JSON Schema/);
    assert.match(byFile.get('no-run.mjs')!, /`run` must be a function/);
    assert.match(byFile.get('shadow.mjs')!, /already taken/);
  });

  void it('runs a loaded action with the context it is given', async () => {
    const { actions } = await loadWorkspaceActions(workspace({ 'greet.ts': GOOD_TS }));
    const ctx = createTestContext();
    assert.deepEqual(await actions[0].run({ name: 'Ann' }, ctx), { greeting: 'Hello Ann' });
    assert.deepEqual(ctx.logged, [{ message: 'greeting Ann' }]);
  });

  void it('turns thrown errors into ActionErrors, keeping a code and retryable flag', async () => {
    const { actions } = await loadWorkspaceActions(workspace({ 'flaky.mjs': THROWING_MJS }));
    const [flaky] = actions;
    await assert.rejects(
      flaky.run({ coded: true }, createTestContext()),
      (error: unknown) => error instanceof ActionError && error.code === 'rate-limited' && error.retryable,
    );
    await assert.rejects(
      flaky.run({}, createTestContext()),
      (error: unknown) =>
        error instanceof ActionError && error.code === 'action-failed' && /plain failure/.test(error.message),
    );
  });

  void it('reports a second module with the same name', async () => {
    const dir = workspace({ 'a.ts': GOOD_TS, 'b.ts': GOOD_TS });
    const { actions, errors } = await loadWorkspaceActions(dir);
    assert.equal(actions.length, 1);
    assert.deepEqual(errors, [{ file: join(dir, 'b.ts'), message: 'The action name "crm.greet" is already taken.' }]);
  });

  void it('has no actions and no errors for a missing folder', async () => {
    assert.deepEqual(await loadWorkspaceActions(join(tmpdir(), 'stepline-no-such-folder-x9')), { actions: [], errors: [] });
  });
});
