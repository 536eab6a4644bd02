// set_variables and log: the two actions that only talk to the engine.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ActionError, BUILTIN_ACTION_IMPLEMENTATIONS } from '../../../runtime/src/actions/index.ts';
import { createTestContext } from './test-context.ts';

void describe('set_variables', () => {
  void it('returns its parameters as a copy', async () => {
    const params = { greeting: 'Hi', count: 2, nested: { a: [1] } };
    const output = await BUILTIN_ACTION_IMPLEMENTATIONS.get('set_variables')!.run(params, createTestContext());
    assert.deepEqual(output, params);
    assert.notEqual(output, params);
  });
});

void describe('log', () => {
  const log = BUILTIN_ACTION_IMPLEMENTATIONS.get('log')!;

  void it('writes the message and data to the trace', async () => {
    const ctx = createTestContext();
    assert.deepEqual(await log.run({ message: 'found 3', data: { ids: [1, 2, 3] } }, ctx), {
      message: 'found 3',
      data: { ids: [1, 2, 3] },
    });
    assert.deepEqual(await log.run({ message: 42 }, ctx), { message: '42' });
    assert.deepEqual(ctx.logged, [{ message: 'found 3', data: { ids: [1, 2, 3] } }, { message: '42' }]);
  });

  void it('rejects a missing or object message', async () => {
    for (const params of [{}, { message: { a: 1 } }]) {
      await assert.rejects(
        log.run(params, createTestContext()),
        (error: unknown) => error instanceof ActionError && error.code === 'invalid-parameters',
      );
    }
  });
});
