// The part `stepline run` and `stepline resume` share once a store is open: Ctrl+C cancels the
// run through its AbortSignal, the steps are printed as they finish (or streamed as JSON), and
// the exit status and error message follow the spec's rules. The store is closed in all cases.

import { EngineError, type EngineObserver, type RunResult } from '../engine/index.ts';
import { StoreError, type Store } from '../store/index.ts';
import type { CliIo } from './cli-io.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.ts';
import { jsonReporter, printRunResult, textReporter } from './run-reporter.ts';
import type { TerminalStyle } from './terminal-style.ts';

export interface TerminalRun {
  io: CliIo;
  command: 'run' | 'resume';
  store: Store;
  json: boolean;
  style: TerminalStyle;
  execute(signal: AbortSignal, observers: EngineObserver[]): Promise<RunResult>;
}

export async function runInTerminal({ io, command, store, json, style, execute }: TerminalRun): Promise<number> {
  const cancel = new AbortController();
  const onInterrupt = (): void => cancel.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const result = await execute(cancel.signal, [json ? jsonReporter(io) : textReporter(io, style)]);
    if (!json) printRunResult(io, style, result);
    return exitStatusOf(result);
  } catch (error) {
    return reportRunError(io, command, error);
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    store.close();
  }
}

export function exitStatusOf(result: RunResult): number {
  return result.status === 'completed' || result.status === 'waiting' ? EXIT_OK : EXIT_FAILURE;
}

/** Engine errors are the user's to fix (exit 2); a store failure leaves the run resumable (exit 1). */
export function reportRunError(io: CliIo, command: string, error: unknown): number {
  if (error instanceof EngineError) {
    io.stderr(`stepline ${command}: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof StoreError) {
    io.stderr(`stepline ${command}: ${error.message} The run stopped; continue it later with \`stepline resume\`.\n`);
    return EXIT_FAILURE;
  }
  throw error;
}
