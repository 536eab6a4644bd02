// records.* against a real store: the round trip of spec §8's precise rules, errors, and
// idempotent create/delete on resume.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ActionError, BUILTIN_ACTION_IMPLEMENTATIONS } from '../../../runtime/src/actions/index.ts';
import { createTestContext, type TestContext } from './test-context.ts';

function action(name: string) {
  const found = BUILTIN_ACTION_IMPLEMENTATIONS.get(name);
  assert.ok(found, name);
  return found;
}

/** Each call is a different step, as in a workflow, so idempotency keys differ. */
let stepCounter = 0;
function step(ctx: TestContext): TestContext {
  stepCounter++;
  return { ...ctx, path: `step_${stepCounter}`, idempotencyKey: `${ctx.executionId}/step_${stepCounter}` };
}

async function actionError(promise: Promise<unknown>): Promise<ActionError> {
  const error: unknown = await promise.then(
    () => assert.fail('expected a failure'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof ActionError, String(error));
  return error;
}

void describe('records actions', () => {
  void it('create, get, query, update and delete round trip', async () => {
    const ctx = createTestContext();
    const ann = await action('records.create').run(
      { collection: 'customers', data: { name: 'Ann', tier: 'gold', orders: 3 } },
      step(ctx),
    );
    assert.equal(typeof (ann as { id: unknown }).id, 'string');
    await action('records.create').run({ collection: 'customers', id: 'bob', data: { name: 'Bob', tier: 'silver' } }, step(ctx));
    await action('records.create').run({ collection: 'customers', data: { id: 'cy', name: 'Cy', tier: 'gold' } }, step(ctx));

    const bob = await action('records.get').run({ collection: 'customers', id: 'bob' }, step(ctx));
    assert.deepEqual(bob, { id: 'bob', name: 'Bob', tier: 'silver' });

    const gold = await action('records.query').run({ collection: 'customers', filter: { tier: 'gold' } }, step(ctx));
    assert.deepEqual(gold, { records: [ann, { id: 'cy', name: 'Cy', tier: 'gold' }], count: 2 });
    const limited = await action('records.query').run({ collection: 'customers', limit: 1 }, step(ctx));
    assert.deepEqual(limited, { records: [ann], count: 1 });

    const updated = await action('records.update').run(
      { collection: 'customers', id: 'bob', data: { tier: 'gold', email: 'bob@example.com' } },
      step(ctx),
    );
    assert.deepEqual(updated, { id: 'bob', name: 'Bob', tier: 'gold', email: 'bob@example.com' });

    assert.deepEqual(await action('records.delete').run({ collection: 'customers', id: 'bob' }, step(ctx)), { deleted: true });
    assert.deepEqual(await action('records.delete').run({ collection: 'customers', id: 'bob' }, step(ctx)), { deleted: false });
  });

  void it('fails get and update of a missing record with not-found', async () => {
    const ctx = createTestContext();
    for (const [name, params] of [
      ['records.get', { collection: 'customers', id: 'nobody' }],
      ['records.update', { collection: 'customers', id: 'nobody', data: { a: 1 } }],
    ] as const) {
      const error = await actionError(action(name).run(params, step(ctx)));
      assert.equal(error.code, 'not-found');
      assert.equal(error.retryable, false);
    }
  });

  void it('fails a create with a taken id with already-exists', async () => {
    const ctx = createTestContext();
    await action('records.create').run({ collection: 'c', id: 'x', data: {} }, step(ctx));
    const error = await actionError(action('records.create').run({ collection: 'c', id: 'x', data: {} }, step(ctx)));
    assert.equal(error.code, 'already-exists');
  });

  void it('returns the first result when a create or delete step runs again (resume)', async () => {
    const ctx = step(createTestContext());
    const first = await action('records.create').run({ collection: 'c', data: { n: 1 } }, ctx);
    const again = await action('records.create').run({ collection: 'c', data: { n: 1 } }, { ...ctx, attempt: 2 });
    assert.deepEqual(again, first);
    assert.equal(ctx.store.queryRecords({ collection: 'c' }).length, 1);

    const deleteStep = step(ctx);
    const id = (first as { id: string }).id;
    assert.deepEqual(await action('records.delete').run({ collection: 'c', id }, deleteStep), { deleted: true });
    assert.deepEqual(await action('records.delete').run({ collection: 'c', id }, deleteStep), { deleted: true });
  });

  void it('rejects ill-typed parameters with invalid-parameters', async () => {
    const ctx = createTestContext();
    for (const [name, params] of [
      ['records.create', { collection: 'c', data: [1, 2] }],
      ['records.create', { collection: '', data: {} }],
      ['records.get', { collection: 'c' }],
      ['records.query', { collection: 'c', filter: 'tier=gold' }],
      ['records.query', { collection: 'c', limit: 1.5 }],
      ['records.update', { collection: 'c', id: 'x' }],
      ['records.delete', { id: 'x' }],
    ] as const) {
      const error = await actionError(action(name).run(params, step(ctx)));
      assert.equal(error.code, 'invalid-parameters', `${name} ${JSON.stringify(params)}`);
    }
  });
});
