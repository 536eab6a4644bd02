// Sortable ids: fixed length, typeable alphabet, ordered by time and within one millisecond.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSortableId } from '../../../runtime/src/store/index.ts';

void describe('createSortableId', () => {
  void it('gives 18 lowercase Crockford characters in creation order', () => {
    const ids = Array.from({ length: 1000 }, () => createSortableId(1_751_364_000_000));
    for (const id of ids) assert.match(id, /^[0-9abcdefghjkmnpqrstvwxyz]{18}$/);
    assert.deepEqual([...ids].sort(), ids, 'same-millisecond ids keep their order');
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(createSortableId(1_751_364_000_001) > ids.at(-1)!, 'a later millisecond sorts later');
  });
});
