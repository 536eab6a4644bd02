import assert from 'node:assert/strict';
import { test } from 'node:test';
import { referenceAt, referenceValueAt, type RunValues } from '../../client/src/reference-values.ts';

const TEXT = `steps:
  - stepSlug: send
    config:
      parameters:
        to: <<input.customer.email>>
        note: "tries <<steps.fetch.attempts>> and <<steps.fetch.error.message>>"
        other: <<vars.x>>
`;

const RUN: RunValues = {
  runId: 'r1',
  input: { customer: { email: 'ada@example.com' } },
  records: [
    { seq: 1, stepSlug: 'fetch', path: 'fetch', attempt: 1, error: { code: 'http-status', message: 'HTTP 503' }, durationMs: 5 },
    { seq: 2, stepSlug: 'fetch', path: 'fetch', attempt: 2, port: 'error', error: { code: 'http-status', message: 'HTTP 500' }, durationMs: 7 },
  ],
};

const at = (needle: string, within = 0) => TEXT.indexOf(needle) + within;

test('an input path shows the value the run was given, up to the hovered part', () => {
  assert.deepEqual(referenceValueAt(TEXT, at('email'), RUN), { expression: 'input.customer.email', value: 'ada@example.com', range: { start: at('input.customer'), end: at('email') + 'email'.length } });
  assert.deepEqual(referenceValueAt(TEXT, at('customer.email', 2), RUN)?.value, { email: 'ada@example.com' });
});

test("a step's attempts and error come from its final record", () => {
  assert.equal(referenceValueAt(TEXT, at('attempts', 1), RUN)?.value, 2);
  assert.equal(referenceValueAt(TEXT, at('error.message', 9), RUN)?.value, 'HTTP 500');
});

test('what the trace cannot know, or text outside templates, has no value', () => {
  assert.equal(referenceValueAt(TEXT, at('vars.x', 1), RUN), undefined);
  assert.equal(referenceValueAt(TEXT, at('stepSlug'), RUN), undefined);
  assert.equal(referenceValueAt(TEXT, at('tries'), RUN), undefined);
});

test('referenceAt writes the path out up to the hovered part, for the debugger to evaluate', () => {
  const text = 'to: <<loop.item.email>> and <<steps.fetch.output.items[0].name>>';
  assert.equal(referenceAt(text, text.indexOf('email') + 1)?.expression, 'loop.item.email');
  assert.equal(referenceAt(text, text.indexOf('item.') + 1)?.expression, 'loop.item');
  assert.equal(referenceAt(text, text.indexOf('name') + 1)?.expression, 'steps.fetch.output.items[0].name');
  assert.equal(referenceAt(text, 1), undefined);
});
