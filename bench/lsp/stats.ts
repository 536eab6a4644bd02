// Summaries of latency samples for the LSP benchmark: median and 95th percentile (nearest rank).

export interface Summary {
  p50: number;
  p95: number;
  samples: number;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (fraction: number) => sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
  return { p50: rank(0.5), p95: rank(0.95), samples: sorted.length };
}
