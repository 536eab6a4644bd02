// The catalog as a value: lookups, the built-in set of spec §6, and workspace actions layered on
// top without changing the catalog they were added to.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ActionCatalog } from '../../../runtime/src/catalog/action-catalog.ts';
import type { ActionDefinition } from '../../../runtime/src/catalog/action-definition.ts';

const workspaceAction: ActionDefinition = {
  name: 'crm.lookup',
  description: 'Looks a customer up in the CRM.',
  parameters: { type: 'object', properties: { id: { type: 'string', description: 'Customer id.' } }, required: ['id'], additionalProperties: false },
  output: { type: 'object', additionalProperties: true },
  sideEffects: false,
  retryableErrors: [],
  errors: ['not-found'],
  source: 'workspace',
  file: 'actions/crm-lookup.ts',
};

void describe('ActionCatalog', () => {
  void it('holds the built-in actions of the spec', () => {
    const catalog = ActionCatalog.builtin();
    assert.deepEqual(catalog.names().sort(), [
      'delay',
      'email.send',
      'http.request',
      'log',
      'records.create',
      'records.delete',
      'records.get',
      'records.query',
      'records.update',
      'set_variables',
    ]);
    assert.equal(ActionCatalog.builtin(), catalog, 'one shared instance');
    for (const definition of catalog.list()) assert.equal(definition.source, 'builtin');
  });

  void it('describes outputs as the spec states them', () => {
    const catalog = ActionCatalog.builtin();
    const keys = (name: string) => Object.keys(catalog.get(name)!.output.properties ?? {});
    assert.deepEqual(keys('http.request'), ['status', 'headers', 'body']);
    assert.deepEqual(keys('records.query'), ['records', 'count']);
    assert.deepEqual(keys('records.delete'), ['deleted']);
    // Records are open shapes that always carry their id.
    assert.equal(catalog.get('records.get')!.output.additionalProperties, true);
    assert.deepEqual(catalog.get('records.get')!.output.required, ['id']);
    assert.equal(catalog.get('set_variables')!.parameters.additionalProperties, true);
    assert.deepEqual(catalog.get('http.request')!.retryableErrors, ['http-status', 'network-error', 'timeout']);
    assert.equal(catalog.get('email.send')!.sideEffects, true);
    assert.equal(catalog.get('records.query')!.sideEffects, false);
  });

  void it('looks actions up by name', () => {
    const catalog = ActionCatalog.builtin();
    assert.equal(catalog.has('log'), true);
    assert.equal(catalog.get('log')?.name, 'log');
    assert.equal(catalog.has('crm.lookup'), false);
    assert.equal(catalog.get('crm.lookup'), undefined);
  });

  void it('adds workspace actions in a new catalog, later definitions winning', () => {
    const builtin = ActionCatalog.builtin();
    const withWorkspace = builtin.withActions([workspaceAction]);
    assert.equal(withWorkspace.get('crm.lookup'), workspaceAction);
    assert.equal(builtin.has('crm.lookup'), false, 'the original is unchanged');
    const shadowing = { ...workspaceAction, name: 'log' };
    assert.equal(builtin.withActions([shadowing]).get('log'), shadowing);
    assert.equal(withWorkspace.list().length, builtin.list().length + 1);
  });
});
