// The diagnostics scheduler with hand-driven timers: quick documents get their full pass right
// after an edit; slow ones get a fast pass (syntax errors plus shifted old diagnostics) and a
// debounced full pass; nothing is published for a version that is no longer current.

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

function setup(durationMs: number) {
  const timers = new ManualTimers();
  const published: { version: number; diagnostics: LspDiagnostic[] }[] = [];
  let document = TextDocument.create('file:///w/a.flow.yaml', 'yaml', 1, ORDERS_WORKFLOW.replace('success: fail', 'success: fial'));
  let clock = 0;
  const scheduler = new DiagnosticsScheduler(
    createLanguageService(),
    { publish: (_uri, version, diagnostics) => published.push({ version, diagnostics }), current: () => document, logError: (message) => assert.fail(message) },
    {
      setTimer: timers.set,
      clearTimer: timers.clear,
      // Each analysis "takes" durationMs on this clock.
      now: () => (clock += durationMs),
    },
  );
  const edit = (version: number, search: string, replacement: string) => {
    const offset = document.getText().indexOf(search);
    assert.ok(offset >= 0);
    const range = { start: document.positionAt(offset), end: document.positionAt(offset + search.length) };
    document = TextDocument.update(document, [{ range, text: replacement }], version);
    scheduler.changed(document, [{ start: offset, end: offset + search.length, insertedLength: replacement.length }]);
  };
  return { timers, published, scheduler, edit, uri: document.uri };
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

  it('publishes a fast pass, then the debounced full pass, when analysis is slow', () => {
    const { timers, published, scheduler, edit, uri } = setup(100);
    scheduler.validateNow(uri);
    edit(2, 'name: Orders', 'name: Orders and more');
    // The fast pass waits 15 ms after the last change, the full pass about one analysis time
    // (100 ms here), so a burst of edits coalesces into one of each.
    assert.deepEqual([...timers.pending.values()].map((timer) => timer.ms).sort((a, b) => a - b), [15, 100]);
    timers.run(15);
    // The fast pass carries the unknown-step error past the edit, shifted by the 9 inserted characters.
    assert.equal(published[1]!.version, 2);
    assert.deepEqual(published[1]!.diagnostics.map((item) => item.code), ['unknown-step']);
    assert.deepEqual(published[1]!.diagnostics[0]!.range, published[0]!.diagnostics[0]!.range, 'same line and column: the edit was on another line');
    timers.run();
    assert.deepEqual(published.map((item) => item.version), [1, 2, 2]);
  });

  it('parses once for a burst of edits to a large document', () => {
    const { timers, published, scheduler, edit, uri } = setup(100);
    scheduler.validateNow(uri);
    edit(2, 'name: Orders', 'name: Orders 2');
    edit(3, 'name: Orders 2', 'name: Orders 3');
    edit(4, 'name: Orders 3', 'name: Orders 4');
    assert.equal(timers.pending.size, 2, 'one fast pass and one full pass pending, not one per edit');
    timers.run();
    assert.deepEqual(published.map((item) => item.version), [1, 4, 4]);
  });

  it('never publishes a version that is no longer current', () => {
    const { timers, published, scheduler, edit, uri } = setup(100);
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
