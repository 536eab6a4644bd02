// Decides when each open document's diagnostics are computed and published. After an edit, a
// fast pass publishes the new syntax errors plus the previous analysis's diagnostics shifted
// past the edit (so nothing flickers), then the full analysis runs once typing pauses. What
// counts as a pause follows the user's own rhythm (the gaps between their recent keystrokes; the
// edits of a paste are one act, not a rhythm), counts from the last answer the editor got (a
// completion asked for after a keystroke), and never exceeds one analysis time: small files get
// full results within milliseconds, large ones soon after the last keystroke of a burst. Results
// are published only for the version they were computed on.

// Imported, not the global: Node loads the global `performance` on first use (about 1 ms), which
// would be on the way from the first didOpen to its diagnostics.
import { performance } from 'node:perf_hooks';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '../../runtime/src/language/diagnostic.ts';
import type { AppliedChange } from './edited-document.ts';
import { analysisLspDiagnostics, toLspDiagnostics } from './service/diagnostics.ts';
import type { LanguageService } from './service/language-service.ts';

export interface DiagnosticsSink {
  publish(uri: string, version: number, diagnostics: LspDiagnostic[]): void;
  /** The document as it is now, to drop results for stale versions. */
  current(uri: string): TextDocument | undefined;
  logError(message: string): void;
}

export interface SchedulerOptions {
  /** The longest pause before a full analysis (for the largest documents). */
  maxDelayMs?: number;
  /** Injected timers, for tests that drive time by hand. */
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  now?: () => number;
}

interface DocumentSchedule {
  timer?: unknown;
  /** The pause the pending full pass waits for, to count it again from an answered request (see `answered`). */
  timerDelayMs?: number;
  /** The pending fast pass, re-armed by every change so a burst of edits parses once. */
  fastTimer?: unknown;
  /** Semantic diagnostics of the last full analysis, as offsets, shifted by later edits. */
  carried: Diagnostic[];
  /** How long a full analysis of this document is expected to take, from the last one measured. */
  estimateMs: number;
  lastChangeAt?: number;
  /** The gaps between the latest edits, oldest first: the rhythm of the user's typing. */
  gaps: number[];
  /** Whether the latest edit came within BURST_GAP_MS of the one before it (see recordRhythm). */
  inBurst: boolean;
}

/**
 * The fast pass waits this long after the last change: a parse per change of a large file would
 * pile up during a burst of edits (a paste, an editor's rapid changes), while a person typing
 * still sees syntax errors at once.
 */
const FAST_PASS_DEBOUNCE_MS = 15;

/**
 * A full analysis taking less than this (and less than the gap between keystrokes, see isQuick)
 * runs right after an edit (5 ms later, so the changes of one burst coalesce), with no separate
 * fast pass: a 1000-step workflow stays in this mode.
 */
const IMMEDIATE_BUDGET_MS = 60;
const IMMEDIATE_DEBOUNCE_MS = 5;
/** Edits closer than this are one burst (a paste, a multi-cursor edit), not typing. */
const BURST_GAP_MS = 5;

/**
 * A longer analysis waits for a pause: one and a half of the user's recent gaps between edits,
 * so it does not start (and block the next keystroke) in the middle of typing. It waits at
 * least this long, which lets the messages of a paste or a multi-cursor edit all arrive first.
 */
const PAUSE_FACTOR = 1.5;
const MIN_PAUSE_MS = 25;
/** A gap longer than this ends a run of typing: the next edit starts a new rhythm. */
const TYPING_GAP_LIMIT_MS = 1000;
const RECENT_GAPS = 8;

/**
 * The first analysis in a process also compiles the analyzer's code (V8's JIT) and grows the
 * heap, and takes two to three times as long as the next ones; its time would overstate what
 * later edits cost.
 */
const COLD_START_FACTOR = 2.5;

export class DiagnosticsScheduler {
  private readonly service: LanguageService;
  private readonly sink: DiagnosticsSink;
  private readonly schedules = new Map<string, DocumentSchedule>();
  private readonly maxDelayMs: number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly now: () => number;
  private analysesRun = 0;

  constructor(service: LanguageService, sink: DiagnosticsSink, options: SchedulerOptions = {}) {
    this.service = service;
    this.sink = sink;
    this.maxDelayMs = options.maxDelayMs ?? 400;
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as NodeJS.Timeout));
    this.now = options.now ?? (() => performance.now());
  }

  private schedule(uri: string): DocumentSchedule {
    let schedule = this.schedules.get(uri);
    if (!schedule) this.schedules.set(uri, (schedule = { carried: [], estimateMs: 0, gaps: [], inBurst: false }));
    return schedule;
  }

  /** A document was opened (or must be revalidated): analyze it now. */
  validateNow(uri: string): void {
    const schedule = this.schedule(uri);
    if (schedule.timer !== undefined) this.clearTimer(schedule.timer);
    schedule.timer = undefined;
    this.fullPass(uri);
  }

  /** The document changed: carry diagnostics over the edit, then schedule the full pass. */
  changed(uri: string, changes: readonly AppliedChange[]): void {
    const schedule = this.schedule(uri);
    schedule.carried = shiftDiagnostics(schedule.carried, changes);
    this.recordRhythm(schedule);
    if (schedule.timer !== undefined) this.clearTimer(schedule.timer);
    const quick = this.isQuick(schedule);
    // A fast pass still pending from slower typing is dropped: the full pass comes first now.
    if (schedule.fastTimer !== undefined) this.clearTimer(schedule.fastTimer);
    schedule.fastTimer = undefined;
    if (!quick) {
      schedule.fastTimer = this.setTimer(() => {
        schedule.fastTimer = undefined;
        this.fastPass(uri);
      }, FAST_PASS_DEBOUNCE_MS);
    }
    this.armFullPass(uri, schedule, quick ? IMMEDIATE_DEBOUNCE_MS : this.pauseBeforeFullPass(schedule));
  }

  /**
   * A request about the document was answered (the completion an editor asks for after each
   * keystroke, a hover): the user has seen the answer only now, so the pause before a pending full
   * pass counts from here, though never past `maxDelayMs` after the last edit. Counted from the
   * edit, a slow answer used the pause up: at 5000 steps the first completion after an analysis
   * takes 30–40 ms (it asks the new run order about every step), longer than the 25 ms a fast
   * typist gets, so a full pass ran after it, then after the next keystroke's completion, and so
   * on, each holding up the next completion for 60–90 ms.
   */
  answered(uri: string): void {
    const schedule = this.schedules.get(uri);
    if (schedule?.timer === undefined || schedule.timerDelayMs === undefined || schedule.lastChangeAt === undefined) return;
    const delay = Math.min(schedule.timerDelayMs, schedule.lastChangeAt + this.maxDelayMs - this.now());
    if (delay > 0) this.armFullPass(uri, schedule, delay);
  }

  private armFullPass(uri: string, schedule: DocumentSchedule, delayMs: number): void {
    if (schedule.timer !== undefined) this.clearTimer(schedule.timer);
    schedule.timerDelayMs = delayMs;
    schedule.timer = this.setTimer(() => {
      schedule.timer = undefined;
      this.fullPass(uri);
    }, delayMs);
  }

  /**
   * Whether the full pass runs right after this edit: when the analysis is quick and, while the
   * user types (edits at least BURST_GAP_MS apart), shorter than their gap between keystrokes. A
   * longer one would start after each keystroke and hold up the next (at 5000 steps, a 55–90 ms
   * analysis per character typed 50 ms apart); such a document waits for a pause instead.
   */
  private isQuick(schedule: DocumentSchedule): boolean {
    if (schedule.estimateMs >= IMMEDIATE_BUDGET_MS) return false;
    if (schedule.inBurst || schedule.gaps.length === 0) return true;
    return schedule.estimateMs < median(schedule.gaps);
  }

  private recordRhythm(schedule: DocumentSchedule): void {
    const now = this.now();
    const gap = schedule.lastChangeAt === undefined ? Number.POSITIVE_INFINITY : now - schedule.lastChangeAt;
    schedule.lastChangeAt = now;
    schedule.inBurst = gap < BURST_GAP_MS;
    if (gap > TYPING_GAP_LIMIT_MS) schedule.gaps = [];
    // The edits of one burst are one act of the user's, not keystrokes: counted, a paste's gaps of
    // 0 ms made the typing right after it look so fast that a full pass ran after its first
    // keystrokes, each holding up the next.
    else if (!schedule.inBurst) schedule.gaps = [...schedule.gaps.slice(1 - RECENT_GAPS), gap];
  }

  /** How long a slow document waits after an edit before its full analysis. */
  private pauseBeforeFullPass(schedule: DocumentSchedule): number {
    const longest = Math.min(this.maxDelayMs, schedule.estimateMs);
    // Briefly after a burst; without a rhythm yet (the first edit after a pause), about one analysis time.
    const pause = schedule.inBurst ? 0 : schedule.gaps.length === 0 ? longest : PAUSE_FACTOR * median(schedule.gaps);
    return Math.max(MIN_PAUSE_MS, Math.min(longest, pause));
  }

  closed(uri: string): void {
    const schedule = this.schedules.get(uri);
    if (schedule?.timer !== undefined) this.clearTimer(schedule.timer);
    if (schedule?.fastTimer !== undefined) this.clearTimer(schedule.fastTimer);
    this.schedules.delete(uri);
  }

  /** Re-analyzes every open document (the catalog or last-run facts changed). */
  revalidate(uris: Iterable<string>): void {
    for (const uri of uris) this.validateNow(uri);
  }

  private fastPass(uri: string): void {
    const document = this.sink.current(uri);
    const schedule = this.schedules.get(uri);
    if (!document || !schedule) return;
    try {
      const syntax = this.service.environment.cache.syntaxDiagnostics(document);
      const carried = schedule.carried.filter((item) => item.code !== 'yaml-syntax' && item.range.end <= document.getText().length);
      const merged = [...syntax, ...carried].sort((a, b) => a.range.start - b.range.start);
      this.publishIfCurrent(document, toLspDiagnostics(document, merged));
    } catch (error) {
      this.sink.logError(`Stepline fast diagnostics failed for ${uri}: ${describe(error)}`);
    }
  }

  private fullPass(uri: string): void {
    const document = this.sink.current(uri);
    if (!document) return;
    const schedule = this.schedule(uri);
    try {
      const started = this.now();
      const state = this.service.environment.cache.get(document);
      const generation = this.service.environment.generation();
      // Only an analysis computed here says how long one takes (another request may have done it).
      const computing = state.existingAnalysis(generation) === undefined;
      const analysis = state.analysis(generation);
      if (computing) this.recordDuration(schedule, this.now() - started);
      schedule.carried = analysis.diagnostics;
      this.publishIfCurrent(document, analysisLspDiagnostics(document, analysis));
    } catch (error) {
      this.sink.logError(`Stepline diagnostics failed for ${uri}: ${describe(error)}`);
    }
  }

  private recordDuration(schedule: DocumentSchedule, durationMs: number): void {
    this.analysesRun++;
    schedule.estimateMs = this.analysesRun === 1 ? durationMs / COLD_START_FACTOR : durationMs;
  }

  private publishIfCurrent(document: TextDocument, diagnostics: LspDiagnostic[]): void {
    const current = this.sink.current(document.uri);
    // A newer version arrived while this one was analyzed: its own pass will publish.
    if (!current || current.version !== document.version) return;
    this.sink.publish(document.uri, document.version, diagnostics);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
}

/**
 * Moves diagnostics past edits: those after an edit shift by its length change, those touching
 * it are dropped (the full pass will say whether they still hold).
 */
export function shiftDiagnostics(diagnostics: readonly Diagnostic[], changes: readonly AppliedChange[]): Diagnostic[] {
  let current = [...diagnostics];
  for (const change of changes) {
    const delta = change.insertedLength - (change.end - change.start);
    const next: Diagnostic[] = [];
    for (const item of current) {
      if (item.range.end < change.start) next.push(item);
      else if (item.range.start > change.end) next.push({ ...item, range: { start: item.range.start + delta, end: item.range.end + delta }, ...(item.related ? { related: item.related.map((place) => shiftRelated(place, change, delta)) } : {}) });
    }
    current = next;
  }
  return current;
}

function shiftRelated<T extends { range: { start: number; end: number } }>(place: T, change: AppliedChange, delta: number): T {
  return place.range.start > change.end ? { ...place, range: { start: place.range.start + delta, end: place.range.end + delta } } : place;
}
