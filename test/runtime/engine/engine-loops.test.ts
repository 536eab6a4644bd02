// Loops (spec §3–§4): `next` per item with `loop.item`, `loop.index`, `loop.parent.item` and
// the item alias; `collect` results in item order; `concurrency`; scoped `steps.X`; the loop's
// `error` port catching a body error; non-array `items`; `end` inside a body.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createHarness, workflow } from './engine-harness.ts';

const harness = createHarness();
after(() => harness.close());

describe('engine loops', () => {
  it('binds item, index and the alias, collects results in order and takes done with { count, results }', async () => {
    const result = await harness.run(
      workflow(`  - stepSlug: each
    stepType: loop
    config:
      items: <<input.names>>
      itemVariable: name
      collect: { label: "<<loop.index>>:<<name>>", upper: "<<steps.shout.output.text>>" }
    nextSteps: { next: shout, done: report }
  - stepSlug: shout
    stepType: action
    config: { type: set_variables, parameters: { text: "<<upper(loop.item)>>", last: "<<name>>" } }
    nextSteps: { success: each }
  - stepSlug: report
    stepType: action
    config: { type: log, parameters: { message: "<<steps.each.output.count>>" } }
`, 'output:\n  loop: <<steps.each.output>>\n  last: <<vars.last>>\n  afterLoop: <<steps.shout.output.text>>\n'),
      { names: ['ada', 'grace', 'alan'] },
    );
    assert.equal(result.status, 'completed');
    assert.deepEqual(result.output, {
      loop: { count: 3, results: [{ label: '0:ada', upper: 'ADA' }, { label: '1:grace', upper: 'GRACE' }, { label: '2:alan', upper: 'ALAN' }] },
      last: 'alan',
      // After the loop, `steps.shout` is the last iteration's record.
      afterLoop: 'ALAN',
    });
    assert.deepEqual(harness.trace(), ['start success', 'each next', 'each[0]/shout success', 'each[1]/shout success', 'each[2]/shout success', 'each done', 'report success']);
  });

  it('runs nested loops with loop.parent.item, each iteration seeing its own records', async () => {
    const result = await harness.run(
      workflow(`  - stepSlug: outer
    stepType: loop
    config:
      items: <<input.groups>>
      itemVariable: group
      collect: { name: "<<group.name>>", inner: "<<steps.inner.output.results>>", lastTag: "<<steps.tag.output.tag>>" }
    nextSteps: { next: inner, done: end }
  - stepSlug: inner
    stepType: loop
    config:
      items: <<group.members>>
      collect: <<steps.tag.output.tag>>
    nextSteps: { next: tag, done: outer }
  - stepSlug: tag
    stepType: action
    config: { type: set_variables, parameters: { tag: "<<loop.parent.item.name>>/<<loop.parent.index>>/<<loop.item>>/<<loop.index>>" } }
`, 'output: <<steps.outer.output.results>>\n'),
      { groups: [{ name: 'a', members: ['x', 'y'] }, { name: 'b', members: ['z'] }, { name: 'c', members: [] }] },
    );
    assert.equal(result.status, 'completed');
    assert.deepEqual(result.output, [
      { name: 'a', inner: ['a/0/x/0', 'a/0/y/1'], lastTag: 'a/0/y/1' },
      { name: 'b', inner: ['b/1/z/0'], lastTag: 'b/1/z/0' },
      // The third group's own iteration ran no `tag`, so the enclosing scope's (none) is null.
      { name: 'c', inner: [], lastTag: null },
    ]);
    assert.ok(harness.trace().includes('outer[0]/inner[1]/tag success'));
  });

  it('runs up to `concurrency` iterations at once and keeps results in item order', async () => {
    const yaml = workflow(`  - stepSlug: each
    stepType: loop
    config: { items: <<input.waits>>, concurrency: <<input.concurrency>>, collect: <<loop.item>> }
    nextSteps: { next: wait, done: end }
  - stepSlug: wait
    stepType: action
    config: { type: delay, parameters: { ms: <<loop.item>> } }
    nextSteps: { success: each }
`, 'output: <<steps.each.output.results>>\n');
    const concurrent = await harness.run(yaml, { waits: [40, 5, 20], concurrency: 3 });
    assert.deepEqual(concurrent.output, [40, 5, 20]);
    const delays = harness.events.filter((event) => (event.type === 'step.started' || event.type === 'step.finished') && event.step === 'wait');
    // All three waits started before the first one finished.
    assert.deepEqual(delays.slice(0, 3).map((event) => event.type), ['step.started', 'step.started', 'step.started']);
    // The shortest wait finished first, whatever the item order.
    assert.equal(delays.find((event) => event.type === 'step.finished')?.path, 'each[1]/wait');

    const sequential = await harness.run(yaml, { waits: [20, 1, 5], concurrency: 1 });
    assert.deepEqual(sequential.output, [20, 1, 5]);
    assert.deepEqual(harness.trace().filter((line) => line.includes('/wait')), ['each[0]/wait success', 'each[1]/wait success', 'each[2]/wait success']);
  });

  it("routes a body error to the loop's error port, stopping the loop", async () => {
    const result = await harness.run(
      workflow(`  - stepSlug: each
    stepType: loop
    config: { items: <<input.ids>> }
    nextSteps: { next: load, done: finished, error: handle }
  - stepSlug: load
    stepType: action
    config: { type: records.get, parameters: { collection: nothing, id: "<<loop.item>>" } }
    nextSteps: { success: each }
  - stepSlug: finished
    stepType: action
    config: { type: log, parameters: { message: done } }
  - stepSlug: handle
    stepType: action
    config: { type: log, parameters: { message: "<<steps.each.error.code>>" } }
`, 'output: { loopError: <<steps.each.error.code>>, handled: <<steps.handle.output.message>> }\n'),
      { ids: ['a', 'b', 'c'] },
    );
    assert.equal(result.status, 'completed');
    assert.deepEqual(result.output, { loopError: 'not-found', handled: 'not-found' });
    assert.deepEqual(harness.trace(), ['start success', 'each next', 'each[0]/load error', 'each error', 'handle success']);
  });

  it('fails the run on a body error when no enclosing loop wires error, and aborts siblings in flight', async () => {
    const result = await harness.run(
      workflow(`  - stepSlug: each
    stepType: loop
    config: { items: [1, 2, 3], concurrency: 3 }
    nextSteps: { next: work, done: end }
  - stepSlug: work
    stepType: condition
    config: { expression: "loop.index == 1" }
    nextSteps: { true: boom, false: sleep }
  - stepSlug: boom
    stepType: action
    config: { type: records.get, parameters: { collection: nothing, id: x } }
    nextSteps: { success: each }
  - stepSlug: sleep
    stepType: action
    config: { type: delay, parameters: { ms: 600000 } }
    nextSteps: { success: each }
`),
    );
    // If the sleeping siblings were not aborted, this run would take ten minutes.
    assert.equal(result.status, 'failed');
    assert.equal(result.error?.code, 'not-found');
    assert.ok(!harness.trace().some((line) => line.includes('sleep')));
  });

  it('takes the error port when items is not an array, and done at once for an empty array', async () => {
    const yaml = workflow(`  - stepSlug: each
    stepType: loop
    config: { items: <<input.items>> }
    nextSteps: { next: work, done: end, error: oops }
  - stepSlug: work
    stepType: action
    config: { type: log, parameters: { message: x } }
  - stepSlug: oops
    stepType: action
    config: { type: log, parameters: { message: "<<steps.each.error.message>>" } }
`, 'output: { count: <<steps.each.output.count>>, error: <<steps.each.error.code>> }\n');
    const notArray = await harness.run(yaml, { items: { a: 1 } });
    assert.deepEqual(notArray.output, { count: null, error: 'invalid-items' });
    assert.match(String((harness.events.find((event) => event.type === 'log') as { message: string }).message), /items must be an array, but the template gave an object/);
    const empty = await harness.run(yaml, { items: [] });
    assert.deepEqual(empty.output, { count: 0, error: null });
    assert.deepEqual(harness.trace(), ['start success', 'each done']);
  });

  it('advances on an unwired port inside the body, and `end` in a body completes the whole run', async () => {
    const yaml = workflow(`  - stepSlug: each
    stepType: loop
    config: { items: <<input.items>>, collect: <<loop.item>> }
    nextSteps: { next: decide, done: after }
  - stepSlug: decide
    stepType: condition
    config: { expression: "loop.item == 'stop'" }
    nextSteps: { true: end }
  - stepSlug: after
    stepType: action
    config: { type: log, parameters: { message: after } }
`, 'output: <<steps.each.output.results>>\n');
    const advanced = await harness.run(yaml, { items: ['a', 'b'] });
    assert.deepEqual(advanced.output, ['a', 'b']);
    assert.deepEqual(harness.trace(), ['start success', 'each next', 'each[0]/decide false', 'each[1]/decide false', 'each done', 'after success']);
    const ended = await harness.run(yaml, { items: ['a', 'stop', 'c'] });
    assert.equal(ended.status, 'completed');
    assert.deepEqual(harness.trace(), ['start success', 'each next', 'each[0]/decide false', 'each[1]/decide true']);
  });

  it('runs a 10,000-item loop in memory without deep recursion', async () => {
    const items = Array.from({ length: 10_000 }, (_, index) => index);
    const result = await harness.run(
      workflow(`  - stepSlug: each
    stepType: loop
    config: { items: <<input.items>>, collect: <<loop.item * 2>> }
    nextSteps: { done: end }
`, 'settings: { maxSteps: 100000 }\noutput: <<steps.each.output.count>>\n'),
      { items },
      { durable: false, observers: [] },
    );
    assert.equal(result.output, 10_000);
  });
});
