// LSP benchmark (issue 4): our language server and the peer a user would pick instead (Red Hat's
// yaml-language-server with schemas/workflow.schema.json attached), side by side in one run, each
// in its own process over stdio, on generated workflows of 100, 1000 and 5000 steps. Measures the
// time from didOpen to diagnostics, from the last of 50 typed characters to the diagnostics of
// that version, completion and hover latency, completion after each keystroke, and peak RSS;
// prints the ratios and the goals. Figures, not a test. Run:
//   npm run bench -- lsp      (or: node_modules/.bin/node bench/lsp-bench.ts [--sizes 100,1000] [--repeat 3]
//                              [--json out.json] [--stepline-only])
// The peer is installed outside the repository by bench/lsp/install-peer.sh.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LspProcess, PublishedDiagnostics } from './lsp/lsp-process.ts';
import { buildScenario, CHILD_WORKFLOW, type Position, type Scenario } from './lsp/scenario.ts';
import { ensureBundles } from '../test/support/ensure-bundles.ts';
import { PEER_ENTRY, peerInstalled, STEPLINE, YAML_LANGUAGE_SERVER, type BenchServer } from './lsp/servers.ts';
import { summarize, type Summary } from './lsp/stats.ts';

const WAIT_BOUND_MS = 180_000;
/** A fast typist: 20 characters a second. */
const TYPING_PACE_MS = 50;

interface Figures {
  /** From starting the process to the answer to `initialize` (and `initialized` sent). */
  startMs: number;
  openMs: number;
  openDiagnostics: number;
  /** Whether the deliberate schema error was reported at open: proof that the server validates. */
  sawSchemaError: boolean;
  completion: Summary;
  completionItems: number;
  hover: Summary;
  hoversAnswered: number;
  burst: TypingFigures;
  paced: TypingFigures;
  keystroke: Summary;
  rssMb: number;
  /** Peak RSS after each phase (VmHWM is a high-water mark: the phase where it jumps is the one that grew the process). */
  rssAfterMb: Record<string, number>;
}

/** From the last of 50 typed characters to the diagnostics of that version. */
interface TypingFigures {
  ms: number;
  /** Our fast pass (syntax + carried diagnostics) for the final version; the peer has none. */
  firstMs?: number;
  /** Set when the server's copy of the document differs from the client's after the edits. */
  textMismatch?: string;
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}



function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${WAIT_BOUND_MS} ms`)), WAIT_BOUND_MS)));
  return Promise.race([promise, bound]).finally(() => clearTimeout(timer));
}

const isAt = (published: PublishedDiagnostics, position: Position) =>
  published.diagnostics.some((diagnostic) => diagnostic.range.start.line === position.line && diagnostic.range.start.character === position.character);

const itemCount = (result: unknown) => (Array.isArray(result) ? result.length : ((result as { items?: unknown[] } | null)?.items?.length ?? 0));

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

async function measure(kind: BenchServer, scenario: Scenario, workDir: string): Promise<Figures> {
  const startedAt = performance.now();
  const server: LspProcess = await kind.start(workDir);
  const startMs = performance.now() - startedAt;
  try {
    const file = join(workDir, `bench-${scenario.steps}.flow.yaml`);
    writeFileSync(file, scenario.text);
    const uri = pathToFileURL(file).href;
    const textDocument = { uri };
    const sameDocument = (version: number) => (published: PublishedDiagnostics) => published.uri === uri && (!kind.publishesVersions || published.version === version);

    const openStarted = performance.now();
    await server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: scenario.text } });
    const opened = await within(server.diagnostics(sameDocument(1)), `${kind.name}: diagnostics after didOpen`);
    const openMs = opened.receivedAt - openStarted;
    const rssAfterMb: Record<string, number> = { open: server.peakRssMb() };

    const completionTimes: number[] = [];
    let completionItems = 0;
    for (const position of scenario.completions) {
      const { ms, result } = await timed(() => within(server.request<unknown>('textDocument/completion', { textDocument, position }), `${kind.name}: completion`));
      completionTimes.push(ms);
      completionItems += itemCount(result);
    }
    const hoverTimes: number[] = [];
    let hoversAnswered = 0;
    for (const position of scenario.hovers) {
      const { ms, result } = await timed(() => within(server.request<unknown>('textDocument/hover', { textDocument, position }), `${kind.name}: hover`));
      hoverTimes.push(ms);
      if (result) hoversAnswered++;
    }
    rssAfterMb['completion and hover'] = server.peakRssMb();

    // 50 characters typed into a `nextSteps` target: first as one burst, then again (continuing
    // the same name) at a fast typist's pace, one character every TYPING_PACE_MS.
    let version = 1;
    const typeName = async (round: number, paceMs: number): Promise<TypingFigures> => {
      const { at, characters, targetAt } = scenario.typing;
      const offset = round * characters.length;
      let lastSent = 0;
      for (let index = 0; index < characters.length; index++) {
        if (paceMs > 0 && index > 0) await new Promise((resolve) => setTimeout(resolve, paceMs));
        const position = { line: at.line, character: at.character + offset + index };
        version++;
        lastSent = performance.now();
        await server.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: position, end: position }, text: characters[index] }] });
      }
      const finalVersion = version;
      // Ours: the full analysis of the final version reports the typed target as an unknown step
      // (the fast pass drops diagnostics touching the edit). The peer's only publication after
      // the typing carries the schema error at its moved column.
      const unknownTarget = (published: PublishedDiagnostics) =>
        published.diagnostics.find((diagnostic) => diagnostic.code === 'unknown-step' && diagnostic.range.start.line === targetAt.line && diagnostic.range.start.character === targetAt.character);
      const schemaErrorAt = { line: scenario.typing.schemaErrorAfter.line, character: scenario.typing.schemaErrorAfter.character + offset };
      const full = kind.publishesVersions
        ? server.diagnostics((published) => sameDocument(finalVersion)(published) && unknownTarget(published) !== undefined)
        : server.diagnostics((published) => published.uri === uri && isAt(published, schemaErrorAt));
      const first = kind.publishesVersions ? await within(server.diagnostics(sameDocument(finalVersion)), `${kind.name}: first diagnostics after typing`) : undefined;
      const edited = await within(full, `${kind.name}: diagnostics after typing`);
      // The server must hold the text the client typed: the unknown target is exactly that.
      const expected = scenario.typing.finalTarget + characters.repeat(round);
      const seen = kind.publishesVersions ? /`([^`]*)`/.exec(unknownTarget(edited)?.message ?? '')?.[1] : expected;
      return {
        ...(first ? { firstMs: first.receivedAt - lastSent } : {}),
        ms: edited.receivedAt - lastSent,
        ...(seen === expected ? {} : { textMismatch: `after 50 incremental didChange events the server reports the target as \`${seen}\`, the client typed \`${expected}\`` }),
      };
    };
    const burst = await typeName(0, 0);
    rssAfterMb['typed at once'] = server.peakRssMb();
    const paced = await typeName(1, TYPING_PACE_MS);
    rssAfterMb['typed at a pace'] = server.peakRssMb();

    // A completion after every keystroke while typing a template.
    const keystrokeTimes: number[] = [];
    for (let index = 0; index < scenario.keystrokes.characters.length; index++) {
      const position = { line: scenario.keystrokes.at.line, character: scenario.keystrokes.at.character + index };
      version++;
      const { ms } = await timed(async () => {
        await server.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: position, end: position }, text: scenario.keystrokes.characters[index] }] });
        return within(server.request<unknown>('textDocument/completion', { textDocument, position: { line: position.line, character: position.character + 1 } }), `${kind.name}: completion after a keystroke`);
      });
      keystrokeTimes.push(ms);
    }
    rssAfterMb['keystrokes with completion'] = server.peakRssMb();

    return {
      startMs,
      openMs,
      openDiagnostics: opened.diagnostics.length,
      sawSchemaError: isAt(opened, scenario.schemaErrorAtOpen),
      completion: summarize(completionTimes),
      completionItems: Math.round(completionItems / scenario.completions.length),
      hover: summarize(hoverTimes),
      hoversAnswered,
      burst,
      paced,
      keystroke: summarize(keystrokeTimes),
      rssMb: server.peakRssMb(),
      rssAfterMb,
    };
  } finally {
    await server.stop();
  }
}

/** Figure by figure, the median over repeated runs (booleans: all runs; notes: the first seen). */
function medianOfRuns<T>(values: readonly T[]): T {
  const present = values.filter((value) => value !== undefined);
  const first = present[0];
  if (typeof first === 'number') {
    const sorted = (present as number[]).slice().sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return (sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2) as T;
  }
  if (typeof first === 'boolean') return present.every(Boolean) as T;
  if (first !== null && typeof first === 'object') {
    const keys = new Set(present.flatMap((value) => Object.keys(value as object)));
    return Object.fromEntries([...keys].map((key) => [key, medianOfRuns(present.map((value) => (value as Record<string, unknown>)[key]))])) as T;
  }
  return first as T;
}

// ---- report ----

const ms = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '—' : value < 10 ? value.toFixed(2) : value.toFixed(1));
const ratio = (ours: number, peer: number | undefined) => (peer === undefined || Number.isNaN(peer) ? '—' : ours === 0 ? '∞' : `${(peer / ours).toFixed(1)}×`);

interface Row {
  label: string;
  ours: number;
  peer?: number;
  oursText?: string;
}

function rows(ours: Figures, peer: Figures | undefined): Row[] {
  return [
    { label: 'process start → initialized (ms)', ours: ours.startMs, ...(peer ? { peer: peer.startMs } : {}) },
    { label: 'didOpen → diagnostics (ms)', ours: ours.openMs, ...(peer ? { peer: peer.openMs } : {}) },
    { label: '50 chars typed at once → diagnostics (ms)', ours: ours.burst.ms, ...(peer ? { peer: peer.burst.ms } : {}), oursText: `${ms(ours.burst.ms)} (fast pass ${ms(ours.burst.firstMs)})` },
    { label: `50 chars typed ${TYPING_PACE_MS} ms apart → diagnostics (ms)`, ours: ours.paced.ms, ...(peer ? { peer: peer.paced.ms } : {}), oursText: `${ms(ours.paced.ms)} (fast pass ${ms(ours.paced.firstMs)})` },
    { label: 'completion p50 (ms)', ours: ours.completion.p50, ...(peer ? { peer: peer.completion.p50 } : {}) },
    { label: 'completion p95 (ms)', ours: ours.completion.p95, ...(peer ? { peer: peer.completion.p95 } : {}) },
    { label: 'hover p50 (ms)', ours: ours.hover.p50, ...(peer ? { peer: peer.hover.p50 } : {}) },
    { label: 'hover p95 (ms)', ours: ours.hover.p95, ...(peer ? { peer: peer.hover.p95 } : {}) },
    { label: 'keystroke + completion p50 (ms)', ours: ours.keystroke.p50, ...(peer ? { peer: peer.keystroke.p50 } : {}) },
    { label: 'keystroke + completion p95 (ms)', ours: ours.keystroke.p95, ...(peer ? { peer: peer.keystroke.p95 } : {}) },
    { label: 'peak RSS (MB)', ours: ours.rssMb, ...(peer ? { peer: peer.rssMb } : {}) },
  ];
}

function printTable(steps: number, bytes: number, ours: Figures, peer: Figures | undefined): void {
  console.log(`\n${steps} steps (${(bytes / 1024).toFixed(0)} KB)`);
  const header = ['figure', 'stepline', 'yaml-language-server', 'peer / stepline'];
  const body = rows(ours, peer).map((row) => [row.label, row.oursText ?? ms(row.ours), ms(row.peer), ratio(row.ours, row.peer)]);
  body.push(['diagnostics at open / completion items / hovers answered', `${ours.openDiagnostics} / ${ours.completionItems} / ${ours.hoversAnswered}`, peer ? `${peer.openDiagnostics} / ${peer.completionItems} / ${peer.hoversAnswered}` : '—', '']);
  const widths = header.map((_, column) => Math.max(...[header, ...body].map((cells) => cells[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  console.log(line(header));
  for (const cells of body) console.log(line(cells));
  // Where the peak was reached: the phase after which the high-water mark jumps grew the process.
  const byPhase = (figures: Figures) => Object.entries(figures.rssAfterMb).map(([phase, mb]) => `${phase} ${mb.toFixed(0)}`).join(' → ');
  console.log(`peak RSS after each phase (MB), stepline: ${byPhase(ours)}`);
  if (peer) console.log(`peak RSS after each phase (MB), yaml-language-server: ${byPhase(peer)}`);
}

function goals(results: Map<number, { ours: Figures; peer?: Figures; oursRuns: Figures[] }>): void {
  console.log('\nGoals (issue 4)');
  const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
  // A goal met by the median may still be missed by single runs: show their spread too.
  const spread = (steps: number, pick: (figures: Figures) => number, format: (value: number) => string = ms) => {
    const values = (results.get(steps)?.oursRuns ?? []).map(pick);
    return values.length > 1 ? ` (runs ${format(Math.min(...values))}–${format(Math.max(...values))})` : '';
  };
  const mb = (value: number) => value.toFixed(0);
  const typingGoals = (steps: number, limitMs: number) => {
    const ours = results.get(steps)!.ours;
    for (const [how, pick] of [['at once', (f: Figures) => f.burst.ms], [`${TYPING_PACE_MS} ms apart`, (f: Figures) => f.paced.ms]] as const) {
      console.log(`  ${steps} steps: diagnostics after 50 chars typed ${how} ${ms(pick(ours))} ms${spread(steps, pick)} ≤ ${limitMs} ms: ${verdict(pick(ours) <= limitMs)}`);
    }
  };
  const at1000 = results.get(1000);
  if (at1000) {
    console.log(`  1000 steps: completion p50 ${ms(at1000.ours.completion.p50)} ms${spread(1000, (f) => f.completion.p50)} ≤ 10 ms: ${verdict(at1000.ours.completion.p50 <= 10)}`);
    typingGoals(1000, 50);
  }
  const at5000 = results.get(5000);
  if (at5000) {
    console.log(`  5000 steps: diagnostics after didOpen ${ms(at5000.ours.openMs)} ms${spread(5000, (f) => f.openMs)} ≤ 250 ms: ${verdict(at5000.ours.openMs <= 250)}`);
    typingGoals(5000, 250);
  }
  for (const [steps, { ours }] of results) console.log(`  ${steps} steps: peak RSS ${mb(ours.rssMb)} MB${spread(steps, (f) => f.rssMb, mb)} ≤ 200 MB: ${verdict(ours.rssMb <= 200)}`);
  const slower: string[] = [];
  for (const [steps, { ours, peer }] of results) {
    if (!peer) continue;
    for (const row of rows(ours, peer)) if (row.peer !== undefined && row.ours > row.peer) slower.push(`${steps} steps: ${row.label} ${ms(row.ours)} vs ${ms(row.peer)}`);
  }
  const comparable = [...results.values()].some((result) => result.peer);
  console.log(`  never slower than the peer: ${comparable ? verdict(slower.length === 0) : 'not measured (no peer in this run)'}`);
  for (const entry of slower) console.log(`    slower: ${entry}`);
}

// ---- main ----

const sizes = (argument('--sizes') ?? '100,1000,5000').split(',').map(Number);
const jsonOut = argument('--json');
const repeat = Math.max(1, Number(argument('--repeat') ?? 1));
ensureBundles(['dist/server/main.cjs'], ['server/src', 'runtime/src']);
// `--stepline-only` skips the peer (e.g. while profiling our server with STEPLINE_BENCH_PROFILE_DIR).
const withPeer = peerInstalled() && !process.argv.includes('--stepline-only');
const peerVersion = withPeer ? (JSON.parse(readFileSync(join(PEER_ENTRY, '..', '..', 'package.json'), 'utf8')) as { version: string }).version : undefined;
console.log('Language servers over stdio — stepline (dist/server/main.cjs) vs yaml-language-server + schemas/workflow.schema.json');
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg().map((value) => value.toFixed(2)).join(' ')}; node ${process.version}; peer ${peerVersion ?? (peerInstalled() ? 'not run (--stepline-only)' : 'not installed')}`);
if (repeat > 1) console.log(`Each figure is the median of ${repeat} runs (each run a fresh server process).`);
if (!peerInstalled()) console.log(`The peer is not installed (${PEER_ENTRY} is missing): run bench/lsp/install-peer.sh, then run this again. Measuring stepline alone.`);

const workDir = mkdtempSync(join(tmpdir(), 'stepline-lsp-bench-'));
writeFileSync(join(workDir, 'child.flow.yaml'), CHILD_WORKFLOW);
const results = new Map<number, { ours: Figures; peer?: Figures; oursRuns: Figures[] }>();
try {
  for (const steps of sizes) {
    const scenario = buildScenario(steps);
    // One server at a time, each in a fresh process: peak RSS is per size, and the two never
    // compete for the machine's cores.
    const oursRuns: Figures[] = [];
    const peerRuns: Figures[] = [];
    for (let run = 0; run < repeat; run++) {
      oursRuns.push(await measure(STEPLINE, scenario, workDir));
      if (withPeer) peerRuns.push(await measure(YAML_LANGUAGE_SERVER, scenario, workDir));
    }
    const ours = medianOfRuns(oursRuns);
    const peer = withPeer ? medianOfRuns(peerRuns) : undefined;
    for (const [name, figures] of [['stepline', ours], ['yaml-language-server', peer]] as const) {
      const mismatch = figures?.burst.textMismatch ?? figures?.paced.textMismatch;
      if (mismatch) console.log(`WARNING: ${name} on ${steps} steps: ${mismatch}.`);
    }
    if (peer && !peer.sawSchemaError) console.log(`WARNING: yaml-language-server did not report the schema error at open on ${steps} steps: it is not validating with our schema, the comparison is unfair.`);
    results.set(steps, { ours, ...(peer ? { peer } : {}), oursRuns });
    printTable(steps, Buffer.byteLength(scenario.text), ours, peer);
  }
  goals(results);
  console.log(`\nload after the run: ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ machine: { cpus: cpus().length, model: cpus()[0]?.model, load: loadavg(), node: process.version, peerVersion }, repeat, results: Object.fromEntries(results) }, null, 2));
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
