import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStepOutputQuery, renderStepValue, stepOutputUriParts } from '../../client/src/step-output-uri.ts';

test('a step output address survives the round trip through a URI path and query', () => {
  const address = { storeDir: '/w/my project/.stepline', runId: '01abc', seq: 7, part: 'output' as const, path: 'each[2]/send_email' };
  const parts = stepOutputUriParts(address);
  assert.equal(parts.path, '/01abc/each[2]/send_email.output.json');
  assert.deepEqual(parseStepOutputQuery(parts.path, parts.query), address);
});

test('a query without its fields is not an address', () => {
  assert.equal(parseStepOutputQuery('/r/x.output.json', 'store=%2Fw&run=r&seq=abc&part=output'), undefined);
  assert.equal(parseStepOutputQuery('/r/x.output.json', 'store=%2Fw&run=r&seq=1&part=secrets'), undefined);
});

test('values render as indented JSON', () => {
  assert.equal(renderStepValue({ a: [1] }), '{\n  "a": [\n    1\n  ]\n}\n');
  assert.equal(renderStepValue(undefined), 'null\n');
});
