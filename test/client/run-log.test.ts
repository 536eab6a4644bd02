import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatRunEvent } from '../../client/src/run-log.ts';

const at = new Date(2026, 0, 2, 9, 5, 7);

test('a finished step is one line with path, port, duration and a preview of its output', () => {
  const line = formatRunEvent({ type: 'step.finished', runId: 'r', step: 'say', path: 'each[1]/say', port: 'success', durationMs: 12, attempt: 1, output: { message: 'hi' } }, at);
  assert.equal(line, '[09:05:07]   ✓ each[1]/say → success · 12 ms · {"message":"hi"}');
});

test('a failed step shows its error code and message; a started step prints nothing', () => {
  const line = formatRunEvent({ type: 'step.finished', runId: 'r', step: 'send', path: 'send', port: 'error', durationMs: 1500, attempt: 3, error: { code: 'http-status', message: 'HTTP 500' } }, at);
  assert.equal(line, '[09:05:07]   ✗ send → error · 1.50 s (attempt 3) · http-status: HTTP 500');
  assert.equal(formatRunEvent({ type: 'step.started', runId: 'r', step: 'send', path: 'send', attempt: 1 }, at), undefined);
});

test('the run outcome carries status, steps and output', () => {
  const line = formatRunEvent({ type: 'run.finished', runId: 'r', status: 'completed', durationMs: 20, stepsExecuted: 4, output: { n: 1 } }, at);
  assert.equal(line, '[09:05:07] Run r completed in 20 ms (4 steps)\n    output: {"n":1}');
});
