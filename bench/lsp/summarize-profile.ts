// Prints where a V8 CPU profile (`node --cpu-prof`, e.g. from STEPLINE_BENCH_PROFILE_DIR) spent
// its time: the functions with the most self time and the most total time (self plus callees),
// so a missed goal of the LSP benchmark can be traced to code. Run:
//   node_modules/.bin/node bench/lsp/summarize-profile.ts <file.cpuprofile> [top=25]

import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, topArgument] = process.argv.slice(2);
if (!file) {
  console.error('usage: summarize-profile.ts <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArgument ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

const label = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${url.replace(/^.*\//, '')}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'} ${where}`.trim();
};

// Self time per sample's leaf; total time for every distinct function on the sample's stack.
const self = new Map<string, number>();
const total = new Map<string, number>();
for (let index = 0; index < profile.samples.length; index++) {
  const micros = profile.timeDeltas[index + 1] ?? 0;
  let node = byId.get(profile.samples[index]!);
  if (!node) continue;
  self.set(label(node), (self.get(label(node)) ?? 0) + micros);
  const seen = new Set<string>();
  while (node) {
    const name = label(node);
    if (!seen.has(name)) {
      total.set(name, (total.get(name) ?? 0) + micros);
      seen.add(name);
    }
    const parent = parentOf.get(node.id);
    node = parent === undefined ? undefined : byId.get(parent);
  }
}

const wall = (profile.endTime - profile.startTime) / 1000;
const idle = self.get('(idle)') ?? 0;
console.log(`${file}: ${wall.toFixed(0)} ms profiled, ${((wall * 1000 - idle) / 1000).toFixed(0)} ms busy`);
const print = (title: string, table: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [name, micros] of [...table].filter(([name]) => !name.startsWith('(idle)') && !name.startsWith('(root)')).sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(micros / 1000).toFixed(1).padStart(9)} ms  ${name}`);
  }
};
print('self time', self);
print('total time (self + callees)', total);
