// Validation benchmark (issue: language core): analyzes generated workflows of 100, 1000 and
// 5000 steps in-process and prints the median time and the memory used. Figures, not a test.

import { analyzeText } from '../runtime/src/analysis/analyze.ts';
import { generateWorkflow } from './generate-workflow.ts';

const SIZES = [100, 1000, 5000];
const GOAL_MS_5000 = 150;
// The Red Hat YAML language server's schema check alone on a 5000-step file, measured on this
// kind of machine (from the issue); it does not check references.
const PEER_MS_5000 = { low: 1700, high: 2100 };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

console.log('stepline validate — in-process analysis of generated workflows');
console.log('steps   bytes     refs   diagnostics  median ms  p95 ms  heap MB  rss MB');
const results: Record<number, number> = {};
for (const size of SIZES) {
  const text = generateWorkflow(size);
  const references = (text.match(/<</g) ?? []).length;
  // A new file name on every run: the schema pass reuses per-step results of the previous
  // analysis of the same file (an editor's re-validation), which a cold validation must not get.
  let run = 0;
  const fresh = () => analyzeText(text, { file: `bench-${size}-${run++}.flow.yaml` });
  for (let i = 0; i < 3; i++) fresh(); // warm up the JIT and the compiled schemas
  const times: number[] = [];
  let diagnostics = 0;
  const runs = size >= 5000 ? 10 : 30;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    diagnostics = fresh().diagnostics.length;
    times.push(performance.now() - started);
  }
  const memory = process.memoryUsage();
  const p95 = [...times].sort((a, b) => a - b)[Math.floor(times.length * 0.95)]!;
  results[size] = median(times);
  console.log(
    `${String(size).padEnd(7)} ${String(text.length).padEnd(9)} ${String(references).padEnd(6)} ${String(diagnostics).padEnd(12)} ${median(times).toFixed(1).padStart(9)} ${p95.toFixed(1).padStart(7)} ${(memory.heapUsed / 2 ** 20).toFixed(0).padStart(8)} ${(memory.rss / 2 ** 20).toFixed(0).padStart(7)}`,
  );
}
const at5000 = results[5000]!;
console.log(`\n5000 steps: ${at5000.toFixed(1)} ms (goal ≤ ${GOAL_MS_5000} ms: ${at5000 <= GOAL_MS_5000 ? 'met' : 'NOT met'})`);
console.log(`vs Red Hat YAML server schema check (${PEER_MS_5000.low}–${PEER_MS_5000.high} ms, no references): ${(PEER_MS_5000.low / at5000).toFixed(1)}–${(PEER_MS_5000.high / at5000).toFixed(1)}× faster`);
