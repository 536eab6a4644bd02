// Local collections through the Store: CRUD and equality filters, including the values SQL
// alone would compare wrongly (booleans against numbers, nested objects, missing fields).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openStore } from '../../../runtime/src/store/index.ts';

function seeded() {
  const store = openStore({ memory: true });
  store.createRecord('customers', { name: 'Ann', tier: 'gold', vip: true, score: 1, tags: ['a'] }, 'ann');
  store.createRecord('customers', { name: 'Bob', tier: 'silver', vip: false, score: 1.5 }, 'bob');
  store.createRecord('customers', { name: 'Cy', tier: 'gold', vip: 1, score: '1', address: { city: 'Oslo' } }, 'cy');
  store.createRecord('products', { name: 'Shoe', tier: 'gold' }, 'p1');
  return store;
}

function ids(records: { id: string }[]): string[] {
  return records.map((record) => record.id);
}

void describe('records', () => {
  void it('creates with a generated or given id, and refuses a taken id', () => {
    const store = openStore({ memory: true });
    const generated = store.createRecord('c', { a: 1 });
    assert.match(generated?.id ?? '', /^[0-9a-z]{18}$/);
    assert.deepEqual(store.createRecord('c', { id: 'ignored', a: 2 }, 'x')?.data, { a: 2 });
    assert.equal(store.createRecord('c', { a: 3 }, 'x'), undefined);
    assert.deepEqual(store.getRecord('c', 'x')?.data, { a: 2 });
    assert.equal(store.getRecord('other', 'x'), undefined);
  });

  void it('filters by top-level equality within one collection, in insertion order', () => {
    const store = seeded();
    assert.deepEqual(ids(store.queryRecords({ collection: 'customers', filter: { tier: 'gold' } })), ['ann', 'cy']);
    assert.deepEqual(ids(store.queryRecords({ collection: 'customers', filter: { vip: true } })), ['ann']);
    assert.deepEqual(ids(store.queryRecords({ collection: 'customers', filter: { vip: 1 } })), ['cy']);
    assert.deepEqual(ids(store.queryRecords({ collection: 'customers', filter: { score: 1 } })), ['ann']);
    assert.deepEqual(ids(store.queryRecords({ collection: 'customers', filter: { score: '1' } })), ['cy']);
    assert.deepEqual(ids(store.queryRecords({ collection: 'customers', filter: { address: { city: 'Oslo' } } })), ['cy']);
    assert.deepEqual(ids(store.queryRecords({ collection: 'customers', filter: { tags: ['a'] } })), ['ann']);
    assert.deepEqual(ids(store.queryRecords({ collection: 'customers', filter: { address: null } })), ['ann', 'bob']);
    assert.deepEqual(ids(store.queryRecords({ collection: 'customers', filter: { id: 'bob' } })), ['bob']);
    assert.deepEqual(ids(store.queryRecords({ collection: 'customers', filter: { 'odd "key"': 1 } })), []);
    assert.deepEqual(ids(store.queryRecords({ collection: 'customers', filter: { tier: 'gold' }, limit: 1 })), ['ann']);
    assert.deepEqual(ids(store.queryRecords({ collection: 'customers', limit: 0 })), []);
    assert.deepEqual(ids(store.queryRecords({ collection: 'products' })), ['p1']);
  });

  void it('updates by shallow merge and deletes', () => {
    const store = seeded();
    const updated = store.updateRecord('customers', 'cy', { tier: 'silver', address: { zip: '0150' }, id: 'renamed' });
    assert.deepEqual(updated?.data, { name: 'Cy', tier: 'silver', vip: 1, score: '1', address: { zip: '0150' } });
    assert.deepEqual(store.getRecord('customers', 'cy')?.data, updated?.data);
    assert.equal(store.updateRecord('customers', 'nobody', { a: 1 }), undefined);
    assert.equal(store.deleteRecord('customers', 'cy'), true);
    assert.equal(store.deleteRecord('customers', 'cy'), false);
    assert.equal(store.getRecord('customers', 'cy'), undefined);
  });
});
