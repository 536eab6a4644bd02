// Workspace actions for the server's catalog: read from the source text (nothing runs) in an
// untrusted workspace, imported with their real schemas in a trusted one.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadWorkspaceActionDefinitions } from '../../../server/src/workspace/workspace-actions.ts';

describe('workspace actions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stepline-actions-'));
  const marker = join(dir, 'ran.txt');
  writeFileSync(
    join(dir, 'crm-lookup.mjs'),
    `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\nexport default { name: 'crm.lookup', description: 'Looks a customer up.', sideEffects: false,\n  parameters: { type: 'object', properties: { email: { type: 'string' } }, required: ['email'] }, output: { type: 'object' }, run: () => ({}) };\n`,
  );
  writeFileSync(join(dir, '_helper.mjs'), 'export const name = "not an action";\n');
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads names and descriptions without running anything when untrusted', async () => {
    const { actions } = await loadWorkspaceActionDefinitions(dir, false);
    assert.deepEqual(actions.map((action) => action.name), ['crm.lookup']);
    assert.match(actions[0]!.description, /^Looks a customer up\./);
    assert.deepEqual(actions[0]!.parameters, { type: 'object', additionalProperties: true });
    assert.equal(existsSync(marker), false);
  });

  it('imports the modules for their real schemas when trusted', async () => {
    const { actions, errors } = await loadWorkspaceActionDefinitions(dir, true);
    assert.deepEqual(errors, []);
    assert.deepEqual(actions[0]!.parameters, { type: 'object', properties: { email: { type: 'string' } }, required: ['email'] });
    assert.equal(actions[0]!.file, join(dir, 'crm-lookup.mjs'));
    assert.equal(existsSync(marker), true);
  });
});
