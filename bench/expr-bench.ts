// Micro-benchmark of the engine's hot path: rendering a pre-parsed whole template that reads a
// previous step's output. Not a test; run `node bench/expr-bench.ts` and read ns/op against the
// engine's budget of 10 000 ns per step.

import { compileTemplateString, renderCompiledTemplate, renderTemplateString } from '../runtime/src/expr/index.ts';
import type { EvaluationContext } from '../runtime/src/expr/index.ts';

const roots: Record<string, unknown> = {
  steps: { prev: { output: { value: 42 }, status: 'completed' } },
  input: { name: 'Ann' },
};
const context: EvaluationContext = { resolveRoot: (name) => (Object.hasOwn(roots, name) ? roots[name] : undefined) };

/** Best of three rounds after a warm-up, so the number reflects optimized code, not the JIT's start. */
function measure(label: string, iterations: number, run: () => unknown): void {
  let sink: unknown;
  for (let i = 0; i < 100_000; i++) sink = run();
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) sink = run();
    best = Math.min(best, Number(process.hrtime.bigint() - started) / iterations);
  }
  if (sink === undefined) throw new Error('unexpected result');
  console.log(`${label.padEnd(46)} ${best.toFixed(1).padStart(8)} ns/op`);
}

const ITERATIONS = 1_000_000;
const whole = compileTemplateString('<<steps.prev.output.value>>');
measure('pre-parsed <<steps.prev.output.value>>', ITERATIONS, () => renderCompiledTemplate(whole, context));
measure('renderTemplateString (cache lookup) same', ITERATIONS, () => renderTemplateString('<<steps.prev.output.value>>', context));
const mixed = compileTemplateString('Hello <<input.name>>, value <<steps.prev.output.value + 1>>');
measure('pre-parsed interpolation of two templates', ITERATIONS, () => renderCompiledTemplate(mixed, context));
