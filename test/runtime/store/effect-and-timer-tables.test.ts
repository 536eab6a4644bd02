// Idempotency effects (first result wins) and durable timers through the Store.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openStore } from '../../../runtime/src/store/index.ts';

void describe('effects', () => {
  void it('keeps the first result recorded for a key', () => {
    const store = openStore({ memory: true });
    assert.equal(store.getEffect('run/a'), undefined);
    assert.deepEqual(store.recordEffect('run/a', { n: 1 }).result, { n: 1 });
    assert.deepEqual(store.recordEffect('run/a', { n: 2 }).result, { n: 1 });
    assert.deepEqual(store.getEffect('run/a')?.result, { n: 1 });
  });
});

void describe('timers', () => {
  void it('sets, reads, lists per run and clears', () => {
    const store = openStore({ memory: true });
    const due = new Date('2025-07-01T10:00:00.000Z');
    store.setTimer('run1', 'run1/wait', due);
    store.setTimer('run1', 'run1/later', new Date('2025-07-02T10:00:00.000Z'));
    store.setTimer('run2', 'run2/wait', due);
    assert.deepEqual(store.getTimer('run1/wait'), { key: 'run1/wait', runId: 'run1', dueAt: due });
    assert.deepEqual(
      store.listTimers('run1').map((timer) => timer.key),
      ['run1/wait', 'run1/later'],
    );
    assert.equal(store.clearTimer('run1/wait'), true);
    assert.equal(store.clearTimer('run1/wait'), false);
    assert.equal(store.getTimer('run1/wait'), undefined);
  });
});

void describe('transaction', () => {
  void it('rolls back every write of a failed unit, nested ones included', () => {
    const store = openStore({ memory: true });
    assert.throws(() =>
      store.transaction(() => {
        store.createRecord('c', {}, 'a');
        store.transaction(() => store.recordEffect('k', 1));
        throw new Error('abort the unit');
      }),
    );
    assert.equal(store.getRecord('c', 'a'), undefined);
    assert.equal(store.getEffect('k'), undefined);
    // A failed nested unit leaves the outer one intact.
    store.transaction(() => {
      store.createRecord('c', {}, 'b');
      assert.throws(() =>
        store.transaction(() => {
          store.recordEffect('k2', 1);
          throw new Error('inner');
        }),
      );
    });
    assert.ok(store.getRecord('c', 'b'));
    assert.equal(store.getEffect('k2'), undefined);
  });
});
