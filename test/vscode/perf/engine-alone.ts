// Measures a workflow run without the editor: the same code path "Stepline: Run Workflow" takes
// in the extension host (client/src/run-executor.ts: analyze, then the engine on the file store
// in `.stepline/`), but with no VS Code around it. Also measured with the output channel's line
// formatter as the observer, to price the per-event log text alone. Prints one JSON object.
//
// Usage: node test/vscode/perf/engine-alone.ts <workflow file> <input JSON file> [repeats]

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatRunEvent } from '../../../client/src/run-log.ts';
import { executeWorkflow } from '../../../client/src/run-executor.ts';
import type { EngineEvent } from '../../../runtime/src/engine/index.ts';
import { openStore } from '../../../runtime/src/store/index.ts';

interface Sample {
  durationMs: number;
  wallMs: number;
  steps: number;
  status: string;
}

const [file, inputFile, repeatsText] = process.argv.slice(2);
if (!file || !inputFile) throw new Error('usage: engine-alone.ts <workflow file> <input JSON file> [repeats]');
const repeats = Number(repeatsText ?? 5);
const text = readFileSync(file, 'utf8');
const input: unknown = JSON.parse(readFileSync(inputFile, 'utf8'));
const stateDir = mkdtempSync(join(tmpdir(), 'stepline-engine-alone-'));
const store = openStore({ dir: stateDir });

async function once(observers: ((event: EngineEvent) => void)[]): Promise<Sample> {
  const started = performance.now();
  const outcome = await executeWorkflow({ store, stateDir, trusted: false, observers, file, text, input });
  const wallMs = performance.now() - started;
  if (outcome.kind !== 'finished') throw new Error(`the workflow is invalid: ${JSON.stringify(outcome.problems)}`);
  return { durationMs: outcome.result.durationMs, wallMs, steps: outcome.result.stepsExecuted, status: outcome.result.status };
}

try {
  const lines: string[] = [];
  const formatting = (event: EngineEvent): void => {
    const line = formatRunEvent(event);
    if (line !== undefined) lines.push(line);
  };
  // The first run pays for compiling the engine; it is reported apart, as the editor's is.
  const warmUp = await once([]);
  const plain: Sample[] = [];
  const withLog: Sample[] = [];
  for (let index = 0; index < repeats; index++) {
    plain.push(await once([]));
    lines.length = 0;
    withLog.push(await once([formatting]));
  }
  console.log(JSON.stringify({ node: process.version, warmUp, plain, withLog }));
} finally {
  store.close();
  rmSync(stateDir, { recursive: true, force: true });
}
