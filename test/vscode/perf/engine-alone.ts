// Measures a workflow run without the editor: the same code path "Stepline: Run Workflow" takes
// in the extension host (client/src/run-executor.ts: analyze, then the engine on the file store
// in `.stepline/`), but with no VS Code around it. The measurement suite imports it into the
// extension host itself, to alternate editor runs and bare runs in one process on one disk;
// run directly, it measures in a fresh Node and prints one JSON object (also with the output
// channel's line formatter as the observer, to price the log text alone).
//
// Usage: node test/vscode/perf/engine-alone.ts <workflow file> <input JSON file> [repeats] [folder for the store]

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatRunEvent } from '../../../client/src/run-log.ts';
import { executeWorkflow } from '../../../client/src/run-executor.ts';
import type { EngineEvent } from '../../../runtime/src/engine/index.ts';
import { openStore, type Store } from '../../../runtime/src/store/index.ts';

export interface RunSample {
  /** The engine's own measure (RunResult.durationMs). */
  durationMs: number;
  /** ended_at − started_at of the run row: what the editor's figures use. */
  storeDurationMs: number;
  wallMs: number;
  /** User + system CPU time of this process during the run. */
  cpuMs: number;
  /** The longest the event loop went without a turn during the run (5 ms ticks). */
  maxLoopGapMs: number;
  steps: number;
  status: string;
}

export interface BareRunner {
  run(observers?: ((event: EngineEvent) => void)[]): Promise<RunSample>;
  close(): void;
}

/** A runner of one workflow on its own file store in `stateDir`, with nothing else around it. */
export function bareRunner(file: string, input: unknown, stateDir: string): BareRunner {
  const text = readFileSync(file, 'utf8');
  const store: Store = openStore({ dir: stateDir });
  return {
    async run(observers = []) {
      const gaps = watchLoopGaps();
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const outcome = await executeWorkflow({ store, stateDir, trusted: false, observers, file, text, input });
      const wallMs = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      const maxLoopGapMs = gaps.stop();
      if (outcome.kind !== 'finished') throw new Error(`the workflow is invalid: ${JSON.stringify(outcome.problems)}`);
      const row = store.getRun(outcome.result.runId);
      const storeDurationMs = row?.endedAt ? Date.parse(row.endedAt) - Date.parse(row.startedAt) : Number.NaN;
      return {
        durationMs: outcome.result.durationMs,
        storeDurationMs,
        wallMs,
        cpuMs: (cpu.user + cpu.system) / 1000,
        maxLoopGapMs,
        steps: outcome.result.stepsExecuted,
        status: outcome.result.status,
      };
    },
    close: () => store.close(),
  };
}

/**
 * Ticks every 5 ms and returns, on `stop()`, the longest time between two turns of the event
 * loop (start and stop count as turns): how long timers, I/O callbacks and, in the extension
 * host, every other extension had to wait.
 */
export function watchLoopGaps(): { stop(): number } {
  let last = performance.now();
  let max = 0;
  const tick = () => {
    const now = performance.now();
    max = Math.max(max, now - last);
    last = now;
  };
  const timer = setInterval(tick, 5);
  return {
    stop() {
      clearInterval(timer);
      tick();
      return max;
    },
  };
}

async function main(): Promise<void> {
  const [file, inputFile, repeatsText, stateParent] = process.argv.slice(2);
  if (!file || !inputFile) throw new Error('usage: engine-alone.ts <workflow file> <input JSON file> [repeats] [folder for the store]');
  const repeats = Number(repeatsText ?? 5);
  const stateDir = mkdtempSync(join(stateParent ?? tmpdir(), 'stepline-engine-alone-'));
  const runner = bareRunner(file, JSON.parse(readFileSync(inputFile, 'utf8')), stateDir);
  try {
    const lines: string[] = [];
    const formatting = (event: EngineEvent): void => {
      const line = formatRunEvent(event);
      if (line !== undefined) lines.push(line);
    };
    // The first run pays for compiling the engine; it is reported apart, as the editor's is.
    const warmUp = await runner.run();
    const plain: RunSample[] = [];
    const withLog: RunSample[] = [];
    for (let index = 0; index < repeats; index++) {
      plain.push(await runner.run());
      lines.length = 0;
      withLog.push(await runner.run([formatting]));
    }
    console.log(JSON.stringify({ node: process.version, warmUp, plain, withLog }));
  } finally {
    runner.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

if (import.meta.main) await main();
