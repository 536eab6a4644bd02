// The debugger hook: `beforeStep` is awaited before every step (a paused step does not run until
// released), and a stop reports frames (step → iterations → workflow, with source ranges),
// variables per frame (params with secrets as ***) and evaluates expressions in a frame's scope.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { DebugController, DebugStop } from '../../../runtime/src/engine/index.ts';
import { createHarness, workflow } from './engine-harness.ts';

const harness = createHarness();
after(() => harness.close());

const YAML = workflow(`  - stepSlug: outer
    stepType: loop
    config: { items: <<input.groups>>, itemVariable: group }
    nextSteps: { next: inner, done: end }
  - stepSlug: inner
    stepType: loop
    config: { items: <<group.members>>, itemVariable: member }
    nextSteps: { next: greet, done: outer }
  - stepSlug: greet
    stepType: action
    config: { type: set_variables, parameters: { last: "<<member>> of <<group.name>>", auth: "Bearer <<secrets.TOKEN>>" } }
`, 'secrets: [TOKEN]\n');

const INPUT = { groups: [{ name: 'a', members: ['x'] }, { name: 'b', members: ['y', 'z'] }] };

describe('debugger hook', () => {
  it('is awaited before every step, and a held step does not run until released', async () => {
    const seen: string[] = [];
    let release: (() => void) | undefined;
    let paused: ((stop: DebugStop) => void) | undefined;
    const pausedAt = new Promise<DebugStop>((resolve) => (paused = resolve));
    const debug: DebugController = {
      beforeStep(stop) {
        seen.push(`${stop.path}#${stop.attempt}`);
        if (stop.path !== 'outer[1]/inner[0]/greet') return Promise.resolve();
        paused!(stop);
        return new Promise((resolve) => (release = resolve));
      },
    };
    const running = harness.run(YAML, INPUT, { debug, env: { TOKEN: 'tok-123456' } });
    const stop = await pausedAt;
    // Paused: the step has not finished, and nothing after it has started.
    assert.ok(!harness.trace().includes('outer[1]/inner[0]/greet success'));
    assert.equal(seen.at(-1), 'outer[1]/inner[0]/greet#1');

    const frames = stop.frames();
    assert.deepEqual(frames.map((frame) => [frame.id, frame.kind, frame.name, frame.index ?? null]), [
      [0, 'step', 'greet', null],
      [1, 'iteration', 'inner[0]', 0],
      [2, 'iteration', 'outer[1]', 1],
      [3, 'workflow', 'Test', null],
    ]);
    assert.ok(YAML.slice(frames[0]!.range.start).startsWith('stepSlug: greet'));
    assert.ok(YAML.slice(frames[1]!.range.start).startsWith('stepSlug: inner'));
    assert.deepEqual(frames[2]!.item, { name: 'b', members: ['y', 'z'] });

    const scopes = Object.fromEntries(stop.variables(0).map((scope) => [scope.name, scope.value]));
    assert.deepEqual(scopes.params, { last: 'y of b', auth: 'Bearer ***' });
    assert.deepEqual(scopes.loop, { item: 'y', index: 0, parent: { item: { name: 'b', members: ['y', 'z'] }, index: 1, parent: null } });
    // Only the main scope has records yet: the previous iteration's ended with it.
    assert.deepEqual(Object.keys(scopes.steps as object), ['start']);

    assert.deepEqual(stop.evaluate('<<member>> + "!"'), { ok: true, value: 'y!' });
    assert.deepEqual(stop.evaluate('loop.parent.index + 1', 0), { ok: true, value: 2 });
    assert.deepEqual(stop.evaluate('secrets.TOKEN'), { ok: true, value: '***' });
    assert.deepEqual(stop.evaluate('loop', 3), { ok: true, value: null });
    const failed = stop.evaluate('nosuch.thing');
    assert.equal(failed.ok, false);
    assert.equal(!failed.ok && failed.error.code, 'expression-error');

    release!();
    const result = await running;
    assert.equal(result.status, 'completed');
    assert.deepEqual(seen, ['start#1', 'outer#1', 'outer[0]/inner#1', 'outer[0]/inner[0]/greet#1', 'outer[1]/inner#1', 'outer[1]/inner[0]/greet#1', 'outer[1]/inner[1]/greet#1']);
  });
});
