// Drift test between the implementations and the catalog: every built-in implementation has a
// catalog entry and the reverse, and real outputs validate against the catalog's output schemas.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { BUILTIN_ACTION_IMPLEMENTATIONS } from '../../../runtime/src/actions/index.ts';
import { BUILTIN_ACTIONS } from '../../../runtime/src/catalog/builtin-actions.ts';
import { createTestContext, type TestContext } from './test-context.ts';

function outputValidator(name: string) {
  const definition = BUILTIN_ACTIONS.find((action) => action.name === name);
  assert.ok(definition, `${name} is in the catalog`);
  return new Ajv2020({ strict: false }).compile(definition.output);
}

let counter = 0;
function nextStep(ctx: TestContext): TestContext {
  counter++;
  return { ...ctx, path: `s${counter}`, idempotencyKey: `${ctx.executionId}/s${counter}` };
}

void describe('built-in actions and the catalog', () => {
  void it('name the same actions', () => {
    assert.deepEqual(
      [...BUILTIN_ACTION_IMPLEMENTATIONS.keys()].sort(),
      BUILTIN_ACTIONS.map((action) => action.name).sort(),
    );
  });

  void it("produce outputs that match the catalog's output schemas", async () => {
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const ctx = createTestContext();
    const created = (await BUILTIN_ACTION_IMPLEMENTATIONS.get('records.create')!.run(
      { collection: 'c', data: { name: 'Ann' } },
      nextStep(ctx),
    )) as { id: string };
    const samples: [string, Record<string, unknown>][] = [
      ['http.request', { url }],
      ['set_variables', { a: 1 }],
      ['log', { message: 'hi', data: { a: 1 } }],
      ['log', { message: 'hi' }],
      ['delay', { ms: 0 }],
      ['email.send', { to: ['ann@example.com'], subject: 'Hi', body: 'Hello' }],
      ['records.create', { collection: 'c', id: 7, data: { name: 'Bob' } }],
      ['records.get', { collection: 'c', id: created.id }],
      ['records.query', { collection: 'c', filter: { name: 'Ann' }, limit: 5 }],
      ['records.update', { collection: 'c', id: created.id, data: { tier: 'gold' } }],
      ['records.delete', { collection: 'c', id: created.id }],
    ];
    try {
      for (const [name, params] of samples) {
        const output = await BUILTIN_ACTION_IMPLEMENTATIONS.get(name)!.run(params, nextStep(ctx));
        const validate = outputValidator(name);
        assert.ok(validate(output), `${name} output ${JSON.stringify(output)}: ${JSON.stringify(validate.errors)}`);
      }
    } finally {
      server.close();
      server.closeAllConnections();
    }
  });
});
