// Turns the raw figures of `run-vsix-tests.mjs --measure` into the lines
// docs/extension-performance.md reports: medians, the editor's overhead on a 1000-step run,
// and the stop-to-variables split. Also runnable on a saved file:
//   node test/vscode/perf/summarize-measurements.mjs measurements.json

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function median(values) {
  const sorted = values.filter((value) => typeof value === 'number').sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const ms = (value) => (value === undefined ? 'n/a' : `${value.toFixed(value < 10 ? 1 : 0)} ms`);
const percent = (value, base) => `${(((value - base) / base) * 100).toFixed(1)} %`;

/** The summary lines of one measurement (the object printed after `MEASUREMENTS`). */
export function summarize(figures) {
  const lines = [];
  const alone = figures.engineAlone;
  // The editor's durations come from the run rows, so the engine's are taken the same way.
  const aloneDuration = median(alone.plain.map((sample) => sample.storeDurationMs ?? sample.durationMs));
  const aloneCpu = median(alone.plain.map((sample) => sample.cpuMs));
  const loggedDuration = median(alone.withLog.map((sample) => sample.storeDurationMs ?? sample.durationMs));
  const loggedCpu = median(alone.withLog.map((sample) => sample.cpuMs));
  const aloneBlocked = median(alone.plain.map((sample) => sample.maxLoopGapMs));
  lines.push(`engine alone (${alone.node}, ${alone.plain.length} runs): duration ${ms(aloneDuration)}, CPU ${ms(aloneCpu)}, event loop blocked up to ${ms(aloneBlocked)}; with the log formatter: duration ${ms(loggedDuration)}, CPU ${ms(loggedCpu)}`);
  for (const label of ['packaged', 'dev']) {
    const result = figures[label];
    if (!result) continue;
    const { activation, features, run1000, debug } = result;
    const bundles = Object.entries(activation.bundles ?? {}).map(([name, bundle]) => `${name} ${(bundle.bytes / 1024).toFixed(0)} KiB in ${ms(bundle.loadMs)}`).join(', ');
    lines.push(`[${label}] activationMs ${ms(activation.activationMs)}; activate() wall ${ms(activation.activateWallMs)} (was active: ${activation.wasActive}); fresh bundle load: ${bundles}`);
    lines.push(`[${label}] first workflow opened → language client started: ${ms(features.openToClientStartedMs)}`);
    const duration = median(run1000.samples.map((sample) => sample.durationMs));
    const wall = median(run1000.samples.map((sample) => sample.wallMs));
    const cpu = median(run1000.samples.map((sample) => sample.cpuMs));
    const blocked = median(run1000.samples.map((sample) => sample.maxLoopGapMs));
    lines.push(
      `[${label}] 1000-step run in the editor (${run1000.samples.length} runs): engine duration ${ms(duration)}, command wall ${ms(wall)}, host CPU ${ms(cpu)}, host event loop blocked up to ${ms(blocked)}; first run ${ms(run1000.warmUp.durationMs)}`,
    );
    if (run1000.bareSamples) {
      const bareDuration = median(run1000.bareSamples.map((sample) => sample.storeDurationMs));
      const bareCpu = median(run1000.bareSamples.map((sample) => sample.cpuMs));
      // Paired: each editor run against the bare run right after it, on the same disk weather.
      const pairedDuration = median(run1000.samples.map((sample, index) => sample.durationMs / run1000.bareSamples[index].storeDurationMs - 1));
      const pairedCpu = median(run1000.samples.map((sample, index) => sample.cpuMs / run1000.bareSamples[index].cpuMs - 1));
      const loggedBareCpu = median((run1000.bareWithLogSamples ?? []).map((sample) => sample.cpuMs));
      const loggedBareDuration = median((run1000.bareWithLogSamples ?? []).map((sample) => sample.storeDurationMs));
      lines.push(
        `[${label}] same run bare in the host: duration ${ms(bareDuration)}, CPU ${ms(bareCpu)}; with the log formatter as observer: duration ${ms(loggedBareDuration)}, CPU ${ms(loggedBareCpu)}${loggedBareCpu === undefined ? '' : ` (${percent(loggedBareCpu, bareCpu)})`}; editor overhead: duration ${percent(duration, bareDuration)} (paired median ${(pairedDuration * 100).toFixed(1)} %), CPU ${percent(cpu, bareCpu)} (paired median ${(pairedCpu * 100).toFixed(1)} %); vs the separate Node: duration ${percent(duration, aloneDuration)}, CPU ${percent(cpu, aloneCpu)}`,
      );
    }
    // The first stop pays for opening the editor at the stop; the later ones are steady state.
    const steady = debug.stops.slice(1);
    const workbench = median(steady.map((stop) => stop.workbench.stopToVariablesMs));
    const stackTraceAt = median(steady.map((stop) => stop.workbench.chain.find((entry) => entry.direction === 'fromAdapter' && entry.name === 'stackTrace')?.at));
    const scopesAt = median(steady.map((stop) => stop.workbench.chain.find((entry) => entry.direction === 'toAdapter' && entry.name === 'scopes')?.at));
    const fromHost = median(steady.map((stop) => stop.fromHost.stopToVariablesMs));
    const adapter = median(steady.flatMap((stop) => ['stackTrace', 'scopes', 'variables'].map((name) => stop.fromHost[name].adapterMs)));
    const hop = median(steady.flatMap((stop) => ['stackTrace', 'scopes', 'variables'].map((name) => stop.fromHost[name].totalMs - stop.fromHost[name].adapterMs)));
    lines.push(
      `[${label}] debugger (${steady.length} stops): workbench stop→variables ${ms(workbench)} (stackTrace answered at ${ms(stackTraceAt)}, scopes asked at ${ms(scopesAt)}); from the host stackTrace+scopes+variables ${ms(fromHost)}; adapter per request ${ms(adapter)}; host↔workbench hop per request ${ms(hop)}`,
    );
  }
  return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: summarize-measurements.mjs <measurements.json>');
  for (const line of summarize(JSON.parse(readFileSync(file, 'utf8')))) console.log(line);
}
