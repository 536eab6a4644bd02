// Formats engine events as the lines of the "Stepline" output channel: one line per step as it
// finishes, retries, logs and the run's outcome. No `vscode` here.

import type { EngineEvent } from '../../runtime/src/engine/index.ts';
import { formatDuration, previewValue } from './format.ts';

export function formatRunEvent(event: EngineEvent, time: Date = new Date()): string | undefined {
  const stamp = `[${time.toTimeString().slice(0, 8)}]`;
  switch (event.type) {
    case 'run.started':
      return `${stamp} ${event.resumed ? 'Resuming' : 'Running'} ${event.workflow} (run ${event.runId})${event.file ? ` from ${event.file}` : ''}${event.resumed ? `, ${event.committedSteps ?? 0} steps already committed` : ''}`;
    case 'step.started':
      return undefined;
    case 'step.finished': {
      const mark = event.error ? '✗' : '✓';
      const detail = event.error ? `${event.error.code}: ${event.error.message}` : event.output !== undefined ? previewValue(event.output, 100) : '';
      const attempt = event.attempt > 1 ? ` (attempt ${event.attempt})` : '';
      return `${stamp}   ${mark} ${event.path} → ${event.port} · ${formatDuration(event.durationMs)}${attempt}${detail ? ` · ${detail}` : ''}`;
    }
    case 'step.retrying':
      return `${stamp}   ↻ ${event.path} attempt ${event.attempt} failed (${event.error.message}); retrying in ${formatDuration(event.delayMs)}`;
    case 'log':
      return `${stamp}     ${event.path}: ${event.message}${event.data !== undefined ? ` ${previewValue(event.data, 200)}` : ''}`;
    case 'run.waiting':
      return `${stamp} Run ${event.runId} is waiting at ${event.path}: ${event.reason}`;
    case 'run.finished': {
      const output = event.output !== undefined ? `\n    output: ${previewValue(event.output, 400)}` : '';
      const error = event.error ? `\n    error: ${event.error.code}: ${event.error.message}` : '';
      return `${stamp} Run ${event.runId} ${event.status} in ${formatDuration(event.durationMs)} (${event.stepsExecuted} steps)${output}${error}`;
    }
    default:
      return undefined;
  }
}
