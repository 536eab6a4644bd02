// Fiber ids are all the stepping logic knows of a run's structure: which fiber encloses which,
// and which are iterations of the same loop or branches of the same parallel.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ancestorsOf, areSiblings, blockKeyOf, enclosingBlocksOf, fiberOfPath, isAncestor } from '../../debugger/src/fiber-ids.ts';

describe('fiber ids', () => {
  it('knows who encloses whom, the main fiber enclosing every other', () => {
    assert.equal(isAncestor('', 'each[0]'), true);
    assert.equal(isAncestor('outer[1]', 'outer[1]/inner[0]'), true);
    assert.equal(isAncestor('outer[1]', 'outer[10]/inner[0]'), false);
    assert.equal(isAncestor('each[0]', 'each[0]'), false);
    assert.equal(isAncestor('each[0]', ''), false);
    assert.deepEqual(ancestorsOf('outer[1]/inner[0]'), ['outer[1]', '']);
    assert.deepEqual(ancestorsOf(''), []);
  });

  it('groups iterations of one loop and branches of one parallel as siblings', () => {
    assert.equal(blockKeyOf('outer[0]/inner[3]'), 'outer[0]/inner');
    assert.equal(blockKeyOf(''), null);
    assert.equal(areSiblings('each[0]', 'each[1]'), true);
    assert.equal(areSiblings('outer[0]/inner[0]', 'outer[1]/inner[0]'), false);
    assert.equal(areSiblings('each[0]', 'each[0]'), false);
    assert.equal(areSiblings('', ''), false);
  });

  it('reads the fiber and the enclosing blocks of a trace path', () => {
    assert.equal(fiberOfPath('outer[0]/inner[1]/tag'), 'outer[0]/inner[1]');
    assert.equal(fiberOfPath('report'), '');
    assert.deepEqual(enclosingBlocksOf('outer[0]/inner[1]/tag'), ['inner', 'outer']);
    assert.deepEqual(enclosingBlocksOf('report'), []);
  });
});
