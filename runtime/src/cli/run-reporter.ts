// Prints a run's events for `run` and `resume`: one line per finished step (`✓ fetch_orders
// 12 ms  success`, `✗ … message`), iterations indented under their loop, retries and log lines,
// then the run's id, status and output. `--json` prints each event as one JSON line instead.

import type { EngineEvent, EngineObserver, RunResult } from '../engine/index.ts';
import type { CliIo } from './cli-io.ts';
import type { TerminalStyle } from './terminal-style.ts';

export function jsonReporter(io: CliIo): EngineObserver {
  return (event) => io.stdout(`${JSON.stringify(event)}\n`);
}

export function textReporter(io: CliIo, style: TerminalStyle): EngineObserver {
  return (event: EngineEvent) => {
    switch (event.type) {
      case 'run.started':
        io.stdout(
          event.resumed
            ? `${style.bold(`Resuming run ${event.runId}`)}: ${event.workflow} (${event.committedSteps ?? 0} step records already committed)\n`
            : `${style.bold(`Run ${event.runId}`)}: ${event.workflow}\n`,
        );
        break;
      case 'step.finished': {
        const failed = event.port === 'error';
        const mark = failed ? style.red('✗') : '✓';
        const attempt = event.attempt > 1 ? style.dim(`  (attempt ${event.attempt})`) : '';
        const message = failed && event.error ? `  ${style.red(`${event.error.code}: ${oneLine(event.error.message)}`)}` : '';
        io.stdout(`${indent(event.path)}${mark} ${event.path}  ${style.dim(formatDuration(event.durationMs))}  ${event.port}${attempt}${message}\n`);
        break;
      }
      case 'step.retrying':
        io.stdout(`${indent(event.path)}${style.yellow('↻')} ${event.path}  attempt ${event.attempt} failed (${event.error.code}: ${oneLine(event.error.message)}); retrying in ${formatDuration(event.delayMs)}\n`);
        break;
      case 'log':
        io.stdout(`${indent(event.path)}  ${style.dim(`${event.path}: ${oneLine(event.message)}`)}\n`);
        break;
      case 'run.waiting':
        io.stdout(`${style.yellow(`Run ${event.runId} is waiting`)} at ${event.path}: ${event.reason}\n`);
        break;
      default:
        break;
    }
  };
}

/** The closing lines of a text-mode run: id, status, output or error. */
export function printRunResult(io: CliIo, style: TerminalStyle, result: RunResult): void {
  const steps = `${result.stepsExecuted} step${result.stepsExecuted === 1 ? '' : 's'}`;
  if (result.status === 'completed') {
    io.stdout(`${style.bold(`Run ${result.runId} completed`)} in ${formatDuration(result.durationMs)} (${steps})\n`);
    if (result.output !== undefined) io.stdout(`Output: ${JSON.stringify(result.output, null, 2)}\n`);
  } else if (result.status === 'waiting') {
    io.stdout(`Run ${result.runId} is waiting (${steps} so far). Continue it with: stepline resume ${result.runId}\n`);
  } else {
    const error = result.error ? `: ${result.error.code}: ${oneLine(result.error.message)}` : '';
    io.stdout(`${style.red(`Run ${result.runId} ${result.status}`)} after ${formatDuration(result.durationMs)} (${steps})${error}\n`);
  }
}

export function formatDuration(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms > 0 && ms < 1) return '<1 ms';
  return `${Math.round(ms)} ms`;
}

function indent(path: string): string {
  let depth = 0;
  for (const char of path) if (char === '/') depth++;
  return '  '.repeat(depth);
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
