import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TREE_ITEM_CONTEXT } from '../../client/src/contribution-ids.ts';
import { buildTraceTree, detailParts, groupItem, retriedAttempts, runItem, stepItem, type StepEntry, type StepRow, type TraceEntry } from '../../client/src/runs-tree-model.ts';
import { runFixture, type FixtureRun } from './run-fixture.ts';

/** The tree as nested [label, children] pairs, which reads like the view. */
function outline(entries: readonly TraceEntry[]): unknown[] {
  return entries.map((entry) => (entry.kind === 'step' ? (entry.groups.length > 0 ? [entry.slug, outline(entry.groups)] : entry.slug) : [`${entry.ownerSlug}[${entry.index}]`, outline(entry.children)]));
}

describe('buildTraceTree on a real run', () => {
  let fixture: FixtureRun;
  before(async () => {
    fixture = await runFixture('loop-and-branches.flow.yaml', { items: ['a', 'b', 'c'] });
  });
  after(() => fixture.store.close());

  test('lists steps in order with loop iterations and parallel branches under their step', () => {
    assert.equal(fixture.result.status, 'completed');
    assert.deepEqual(outline(buildTraceTree(fixture.steps)), [
      'start',
      ['each', [['each[0]', ['say']], ['each[1]', ['say']], ['each[2]', ['say']]]],
      ['fan', [['fan[0]', ['left']], ['fan[1]', ['right']]]],
      'finish',
    ]);
  });

  test('a loop step shows the port it finally took and its output', () => {
    const each = buildTraceTree(fixture.steps)[1] as StepEntry;
    const item = stepItem(fixture.run.id, each);
    assert.equal(item.label, 'each');
    assert.match(item.description ?? '', /^done · \d+ ms$/);
    assert.equal(item.contextValue, TREE_ITEM_CONTEXT.step);
    assert.equal(item.icon, 'pass');
    assert.deepEqual(detailParts(each).map((part) => part.part), ['output']);
    assert.equal(groupItem(fixture.run.id, each.groups[0]!, 'loop').label, 'item 0');
  });

  test('step details carry parameters and output', () => {
    const say = ((buildTraceTree(fixture.steps)[1] as StepEntry).groups[1]!.children[0]) as StepEntry;
    const parts = detailParts(say);
    assert.deepEqual(parts.map((part) => part.part), ['params', 'output']);
    assert.deepEqual(parts[0]!.record.params, { message: 'item b' });
  });

  test('a finished run is a plain run item with a duration', () => {
    const item = runItem(fixture.run, { active: false, now: new Date(fixture.run.startedAt) });
    assert.equal(item.label, 'Loop and branches');
    assert.equal(item.icon, 'pass');
    assert.equal(item.contextValue, TREE_ITEM_CONTEXT.run);
    assert.match(item.description ?? '', /^\d\d:\d\d:\d\d · \d+ ms$/);
  });
});

describe('runItem', () => {
  const base = { id: 'r1', workflowName: 'W', workflowPath: '/w/a.flow.yaml', startedAt: '2026-01-02T10:00:00.000Z' };

  test('an unfinished run not running here offers Resume', () => {
    const item = runItem({ ...base, status: 'running' }, { active: false, now: new Date('2026-01-02T10:05:00Z') });
    assert.equal(item.contextValue, TREE_ITEM_CONTEXT.unfinishedRun);
    assert.match(item.description ?? '', /interrupted/);
    assert.equal(item.icon, 'debug-pause');
  });

  test('a run executing in this window spins and cannot be resumed', () => {
    const item = runItem({ ...base, status: 'running' }, { active: true, now: new Date('2026-01-02T10:05:00Z') });
    assert.equal(item.contextValue, TREE_ITEM_CONTEXT.run);
    assert.equal(item.icon, 'sync~spin');
  });

  test('a failed run shows its error in the tooltip', () => {
    const item = runItem({ ...base, status: 'failed', endedAt: '2026-01-02T10:00:01.500Z', error: { code: 'x', message: 'boom' } }, { active: false, now: new Date('2026-03-01T00:00:00Z') });
    assert.equal(item.icon, 'error');
    assert.match(item.tooltip ?? '', /Error: boom/);
    assert.match(item.description ?? '', /1\.50 s$/);
  });
});

describe('retried attempts', () => {
  test('failed attempts of a path are listed before the final record', () => {
    const row = (seq: number, attempt: number, extra: Partial<StepRow>): StepRow => ({ seq, stepSlug: 'fetch', path: 'fetch', attempt, startedAt: '', endedAt: '', durationMs: 10, ...extra });
    const [entry] = buildTraceTree([row(1, 1, { error: { message: 'HTTP 503' } }), row(2, 2, { port: 'success', output: { ok: true } })]) as StepEntry[];
    assert.equal(entry!.records.length, 2);
    assert.deepEqual(retriedAttempts(entry!).map((record) => record.attempt), [1]);
    assert.match(stepItem('r', entry!).description ?? '', /success · 10 ms · 2 attempts/);
  });
});
