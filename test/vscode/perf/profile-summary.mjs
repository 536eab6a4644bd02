// Where the CPU time of the measured runs went: reads the profiles `run-vsix-tests.mjs --measure
// --profile` saves (`<build>-run1000-<label>.cpuprofiles.json`, a list of V8 CPU profiles) and
// prints self time per script and the heaviest functions, summed over the runs. Use the dev
// build's profiles for readable function names (the packaged bundles are minified).
//
// Usage: node test/vscode/perf/profile-summary.mjs <file.cpuprofiles.json> [top N]

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const [file, topText] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.mjs <file.cpuprofiles.json> [top N]');
const top = Number(topText ?? 25);
const profiles = JSON.parse(readFileSync(file, 'utf8'));

const byScript = new Map();
const byFunction = new Map();
let totalMs = 0;
for (const profile of profiles) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  // Each sample's time is the delta to the next one; the last sample takes the profile's end.
  const selfMs = new Map();
  for (let index = 0; index < profile.samples.length; index++) {
    const next = index + 1 < profile.timeDeltas.length ? profile.timeDeltas[index + 1] : 0;
    selfMs.set(profile.samples[index], (selfMs.get(profile.samples[index]) ?? 0) + next / 1000);
  }
  for (const [id, ms] of selfMs) {
    const { callFrame } = nodes.get(id);
    const script = callFrame.url ? basename(callFrame.url) : callFrame.functionName || '(native)';
    const where = callFrame.url ? `${basename(callFrame.url)}:${callFrame.lineNumber + 1}` : '';
    const name = `${callFrame.functionName || '(anonymous)'} ${where}`.trim();
    byScript.set(script, (byScript.get(script) ?? 0) + ms);
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    totalMs += ms;
  }
}

const runs = profiles.length;
const print = (title, map) => {
  console.log(`\n${title} (ms per run, of ${(totalMs / runs).toFixed(1)} ms sampled per run, ${runs} runs)`);
  for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${(ms / runs).toFixed(2).padStart(8)}  ${name}`);
};
print('self time by script', byScript);
print('self time by function', byFunction);
