import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { inlineResults, isTraceStale, outputsBySlug, summarizeTrace, summaryText, type TraceRecord } from '../../client/src/trace-results.ts';
import { runFixture, type FixtureRun } from './run-fixture.ts';

describe('inline results from a real run', () => {
  let fixture: FixtureRun;
  before(async () => {
    fixture = await runFixture('loop-and-branches.flow.yaml', { items: [1, 2] });
  });
  after(() => fixture.store.close());

  test("each step's result sits on the step's first line", () => {
    const { stale, results } = inlineResults(fixture.text, fixture.run.workflowHash, fixture.steps);
    assert.equal(stale, false);
    const lines = fixture.text.split('\n');
    for (const result of results) assert.match(lines[result.line]!, new RegExp(`stepSlug: ${result.slug}$`));
    const bySlug = new Map(results.map((result) => [result.slug, result.text]));
    assert.match(bySlug.get('start')!, /^✓ \d+ ms · success$/);
    assert.match(bySlug.get('say')!, /^✓ ×2 · \d+ ms · success$/);
    assert.match(bySlug.get('each')!, /^✓ \d+ ms · done$/);
    assert.match(bySlug.get('finish')!, /^✓ \d+ ms · false$/);
  });

  test('after an edit the results follow their steps and are marked stale', () => {
    const edited = `# a new first comment line\n# and another\n${fixture.text}`;
    const { stale, results } = inlineResults(edited, fixture.run.workflowHash, fixture.steps);
    assert.equal(stale, true);
    const lines = edited.split('\n');
    for (const result of results) {
      assert.equal(result.stale, true);
      assert.match(lines[result.line]!, new RegExp(`stepSlug: ${result.slug}$`));
      assert.match(result.text, /\(stale: file changed since this run\)$/);
    }
  });

  test('a step removed from the file gets no result', () => {
    const edited = fixture.text.replace(/\n  - stepSlug: finish[\s\S]*$/, '\n');
    const { results } = inlineResults(edited, fixture.run.workflowHash, fixture.steps);
    assert.equal(results.some((result) => result.slug === 'finish'), false);
    assert.equal(isTraceStale(edited, fixture.run.workflowHash), true);
  });

  test('outputs by slug keep the last successful output of each step', () => {
    const outputs = outputsBySlug(fixture.steps);
    assert.deepEqual(outputs['say'], { message: 'item 2' });
    assert.deepEqual(outputs['each'], { count: 2 });
  });
});

describe('summaries', () => {
  const record = (seq: number, extra: Partial<TraceRecord>): TraceRecord => ({ seq, stepSlug: 'send', path: 'send', attempt: 1, durationMs: 12, ...extra });

  test('an error shows its message', () => {
    const summary = summarizeTrace([record(1, { port: 'error', error: { code: 'http-status', message: 'HTTP 500   from\nserver' } })]).get('send')!;
    assert.equal(summary.ok, false);
    assert.equal(summaryText(summary), '✗ HTTP 500 from server');
  });

  test('retries add attempts and time', () => {
    const summary = summarizeTrace([record(1, { error: { message: 'flaky' } }), record(2, { attempt: 2, port: 'success' })]).get('send')!;
    assert.equal(summary.ok, true);
    assert.equal(summaryText(summary), '✓ 24 ms · success · 2 attempts');
  });

  test('some failed iterations of a loop body are counted', () => {
    const summary = summarizeTrace([
      record(1, { path: 'l[0]/send', port: 'success' }),
      record(2, { path: 'l[1]/send', port: 'error', error: { message: 'bad address' } }),
      record(3, { path: 'l[2]/send', port: 'success' }),
    ]).get('send')!;
    assert.equal(summaryText(summary), '✗ 1/3 failed · bad address');
  });
});
