// The diagnostics scheduler with hand-driven timers and clock: quick documents get their full
// pass right after an edit; slow ones get a fast pass (syntax errors plus shifted old diagnostics)
// and a full pass once typing pauses, following the rhythm of the edits; nothing is published
// for a version that is no longer current.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticsScheduler, shiftDiagnostics } from '../../server/src/diagnostics-scheduler.ts';
import { createLanguageService } from '../../server/src/service/language-service.ts';
import { ORDERS_WORKFLOW } from './support/workflows.ts';

class ManualTimers {
  private next = 1;
  readonly pending = new Map<number, { callback: () => void; ms: number }>();

  set = (callback: () => void, ms: number): unknown => {
    const id = this.next++;
    this.pending.set(id, { callback, ms });
    return id;
  };

  clear = (handle: unknown): void => {
    this.pending.delete(handle as number);
  };

  /** Runs every timer due within `ms`, in order of delay. */
  run(ms = Number.POSITIVE_INFINITY): void {
    const due = [...this.pending].filter(([, timer]) => timer.ms <= ms).sort((a, b) => a[1].ms - b[1].ms);
    for (const [id, timer] of due) {
      this.pending.delete(id);
      timer.callback();
    }
  }
}

/** A scheduler whose analyses each "take" `durationMs` on a clock the test moves by hand. */
function setup(durationMs: number) {
  const timers = new ManualTimers();
  const published: { version: number; diagnostics: LspDiagnostic[] }[] = [];
  let document = TextDocument.create('file:///w/a.flow.yaml', 'yaml', 1, ORDERS_WORKFLOW.replace('success: fail', 'success: fial'));
  const clock = { now: 0 };
  const service = createLanguageService();
  const cache = service.environment.cache;
  const get = cache.get.bind(cache);
  cache.get = (current) => {
    clock.now += durationMs;
    return get(current);
  };
  const scheduler = new DiagnosticsScheduler(
    service,
    { publish: (_uri, version, diagnostics) => published.push({ version, diagnostics }), current: () => document, logError: (message) => assert.fail(message) },
    { setTimer: timers.set, clearTimer: timers.clear, now: () => clock.now },
  );
  /** Replaces `search` at `atMs` on the clock. */
  const edit = (version: number, search: string, replacement: string, atMs = clock.now) => {
    clock.now = atMs;
    const offset = document.getText().indexOf(search);
    assert.ok(offset >= 0);
    const range = { start: document.positionAt(offset), end: document.positionAt(offset + search.length) };
    document = TextDocument.update(document, [{ range, text: replacement }], version);
    scheduler.changed(document.uri, [{ start: offset, end: offset + search.length, insertedLength: replacement.length }]);
  };
  const pendingDelays = () => [...timers.pending.values()].map((timer) => timer.ms).sort((a, b) => a - b);
  /** A second analysis (the catalog changed), so the estimate no longer comes from a cold one. */
  const analyzeWarm = () => {
    service.invalidate();
    scheduler.validateNow(document.uri);
  };
  return { timers, published, scheduler, edit, uri: document.uri, clock, pendingDelays, analyzeWarm };
}

describe('diagnostics scheduler', () => {
  it('runs the full pass right after an edit when analysis is quick', () => {
    const { timers, published, scheduler, edit, uri } = setup(2);
    scheduler.validateNow(uri);
    assert.deepEqual(published.map((item) => item.version), [1]);
    edit(2, 'fial', 'fail');
    assert.deepEqual([...timers.pending.values()].map((timer) => timer.ms), [5]);
    timers.run();
    assert.deepEqual(published.map((item) => item.version), [1, 2]);
    assert.deepEqual(published[1]!.diagnostics, []);
  });

  it('publishes a fast pass, then the full pass after about one analysis time, when analysis is slow', () => {
    const { timers, published, scheduler, edit, uri, pendingDelays, analyzeWarm } = setup(100);
    scheduler.validateNow(uri);
    analyzeWarm();
    edit(2, 'name: Orders', 'name: Orders and more');
    // The fast pass waits 15 ms after the last change. With no rhythm of typing yet, the full
    // pass waits one analysis time (100 ms here), so a burst of edits coalesces into one of each.
    assert.deepEqual(pendingDelays(), [15, 100]);
    timers.run(15);
    // The fast pass carries the unknown-step error past the edit, shifted by the 9 inserted characters.
    assert.equal(published[2]!.version, 2);
    assert.deepEqual(published[2]!.diagnostics.map((item) => item.code), ['unknown-step']);
    assert.deepEqual(published[2]!.diagnostics[0]!.range, published[0]!.diagnostics[0]!.range, 'same line and column: the edit was on another line');
    timers.run();
    assert.deepEqual(published.map((item) => item.version), [1, 1, 2, 2]);
  });

  it('counts the first analysis of the process as cold: later ones are expected to be faster', () => {
    const { scheduler, edit, uri, pendingDelays } = setup(100);
    scheduler.validateNow(uri);
    // 100 ms cold means about 40 ms warm: quick enough for a full pass right after the edit.
    edit(2, 'name: Orders', 'name: Orders 2');
    assert.deepEqual(pendingDelays(), [5]);
  });

  it('waits for a pause in the rhythm of typing, and briefly after a burst', () => {
    const { timers, scheduler, edit, uri, pendingDelays, clock, analyzeWarm } = setup(200);
    scheduler.validateNow(uri);
    analyzeWarm();
    const start = clock.now + 5000;
    // Typed 50 ms apart: the full pass waits one and a half gaps, not a whole analysis time.
    edit(2, 'name: Orders', 'name: Orders 2', start);
    edit(3, 'name: Orders 2', 'name: Orders 23', start + 50);
    edit(4, 'name: Orders 23', 'name: Orders 234', start + 100);
    assert.deepEqual(pendingDelays(), [15, 75]);
    timers.run();
    // A paste or a multi-cursor edit: changes a millisecond apart wait the 25 ms minimum.
    const burst = clock.now + 5000;
    edit(5, 'name: Orders 234', 'name: Orders 2345', burst);
    edit(6, 'name: Orders 2345', 'name: Orders 23456', burst + 1);
    edit(7, 'name: Orders 23456', 'name: Orders 234567', burst + 2);
    assert.deepEqual(pendingDelays(), [15, 25]);
  });

  it('runs a quick analysis right after each keystroke only if it is shorter than the gap between keystrokes', () => {
    const { scheduler, edit, uri, pendingDelays, clock, analyzeWarm } = setup(30);
    scheduler.validateNow(uri);
    analyzeWarm();
    // Typed 50 ms apart: a 30 ms analysis fits between keystrokes, and runs right away.
    let at = clock.now + 5000;
    edit(2, 'name: Orders', 'name: Orders 2', at);
    edit(3, 'name: Orders 2', 'name: Orders 23', (at += 50));
    edit(4, 'name: Orders 23', 'name: Orders 234', (at += 50));
    assert.deepEqual(pendingDelays(), [5]);
    // Typed 20 ms apart, it would hold up the next keystroke: a fast pass, and the full pass
    // after a pause (at least 25 ms).
    at += 5000;
    edit(5, 'name: Orders 234', 'name: Orders 2345', at);
    edit(6, 'name: Orders 2345', 'name: Orders 23456', (at += 20));
    edit(7, 'name: Orders 23456', 'name: Orders 234567', (at += 20));
    assert.deepEqual(pendingDelays(), [15, 30]);
    // A burst (a paste, changes a millisecond apart) is coalesced and analyzed right away.
    at += 5000;
    edit(8, 'name: Orders 234567', 'name: Orders 2345678', at);
    edit(9, 'name: Orders 2345678', 'name: Orders 23456789', (at += 1));
    edit(10, 'name: Orders 23456789', 'name: Orders 234567890', (at += 1));
    assert.deepEqual(pendingDelays(), [5]);
  });

  it('counts the pause before a full pass from an answered request, up to its longest wait after the edit', () => {
    const { timers, scheduler, edit, uri, pendingDelays, clock, analyzeWarm } = setup(200);
    scheduler.validateNow(uri);
    analyzeWarm();
    // Typed 8 ms apart: the full pass waits for the 25 ms minimum pause.
    let at = clock.now + 5000;
    edit(2, 'name: Orders', 'name: Orders 2', at);
    edit(3, 'name: Orders 2', 'name: Orders 23', (at += 8));
    edit(4, 'name: Orders 23', 'name: Orders 234', (at += 8));
    assert.deepEqual(pendingDelays(), [15, 25]);
    const fullPassTimer = () => [...timers.pending].find(([, timer]) => timer.ms !== 15)?.[0];
    // A completion answered 30 ms after the edit, longer than the pause: it starts again from there.
    const before = fullPassTimer();
    clock.now = at + 30;
    scheduler.answered(uri);
    assert.notEqual(fullPassTimer(), before);
    assert.deepEqual(pendingDelays(), [15, 25]);
    // Never later than the longest wait (400 ms) after the last edit.
    clock.now = at + 390;
    scheduler.answered(uri);
    assert.deepEqual(pendingDelays(), [10, 15]);
    const last = fullPassTimer();
    clock.now = at + 450;
    scheduler.answered(uri);
    assert.equal(fullPassTimer(), last);
    // With no full pass pending, an answer changes nothing.
    timers.run();
    scheduler.answered(uri);
    assert.deepEqual(pendingDelays(), []);
  });

  it('parses once for a burst of edits to a large document', () => {
    const { timers, published, scheduler, edit, uri } = setup(200);
    scheduler.validateNow(uri);
    edit(2, 'name: Orders', 'name: Orders 2');
    edit(3, 'name: Orders 2', 'name: Orders 3');
    edit(4, 'name: Orders 3', 'name: Orders 4');
    assert.equal(timers.pending.size, 2, 'one fast pass and one full pass pending, not one per edit');
    timers.run();
    assert.deepEqual(published.map((item) => item.version), [1, 4, 4]);
  });

  it('never publishes a version that is no longer current', () => {
    const { timers, published, scheduler, edit, uri } = setup(200);
    scheduler.validateNow(uri);
    edit(2, 'name: Orders', 'name: Orders 2');
    edit(3, 'name: Orders 2', 'name: Orders 3');
    timers.run();
    assert.ok(published.every((item) => item.version !== 2), JSON.stringify(published.map((item) => item.version)));
    assert.equal(published.at(-1)!.version, 3);
  });

  it('shifts diagnostics after an edit and drops those it touched', () => {
    const item = (start: number, end: number) => ({ code: 'unknown-step' as const, severity: 'error' as const, message: 'm', range: { start, end } });
    const shifted = shiftDiagnostics([item(0, 5), item(10, 12), item(20, 25)], [{ start: 9, end: 13, insertedLength: 1 }]);
    assert.deepEqual(shifted.map((diagnostic) => diagnostic.range), [{ start: 0, end: 5 }, { start: 17, end: 22 }]);
  });
});
