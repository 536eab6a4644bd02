// Runs and resumes workflows on the embedded runtime, inside the extension host: validates
// with the same analyzer as `stepline validate`, loads workspace actions only in a trusted
// workspace, and hands engine events to an observer. No `vscode` here, so tests drive it directly.

import { dirname, join } from 'node:path';
import { analyzeText } from '../../runtime/src/analysis/analyze.ts';
import { builtinActionRegistry, loadActionRegistry, resumeRun, startRun, type ActionRegistry, type EngineObserver, type RunResult } from '../../runtime/src/engine/index.ts';
import type { Store } from '../../runtime/src/store/index.ts';

export interface RunProblem {
  /** Zero-based. */
  line: number;
  character: number;
  code: string;
  message: string;
}

export type ExecuteOutcome = { kind: 'invalid'; problems: RunProblem[] } | { kind: 'finished'; result: RunResult };

export interface ExecutionEnvironment {
  store: Store;
  /** The state folder (`<workspace>/.stepline`); the outbox goes there. */
  stateDir: string;
  /** The workspace folder, whose `actions/` and `.env` count too. */
  workspaceRoot?: string;
  /** Workspace action modules are executed only when true. */
  trusted: boolean;
  signal?: AbortSignal;
  observers?: EngineObserver[];
  env?: Readonly<Record<string, string | undefined>>;
  /** Reports workspace action modules that could not be loaded. */
  onActionLoadError?: (file: string, message: string) => void;
}

export interface ExecuteRequest extends ExecutionEnvironment {
  /** Absolute path of the workflow file. */
  file: string;
  text: string;
  input: unknown;
}

export async function executeWorkflow(request: ExecuteRequest): Promise<ExecuteOutcome> {
  const registry = await registryFor(request, request.file);
  const { document, diagnostics } = analyzeText(request.text, { file: request.file, catalog: registry.catalog });
  const errors = diagnostics.filter((item) => item.severity === 'error');
  if (errors.length > 0) {
    return {
      kind: 'invalid',
      problems: errors.map((item) => {
        const position = document.lines.positionAt(item.range.start);
        return { line: position.line, character: position.character, code: item.code, message: item.message };
      }),
    };
  }
  const result = await startRun({
    document,
    file: request.file,
    input: request.input,
    ...engineOptions(request, registry, request.file),
  });
  return { kind: 'finished', result };
}

/** Continues an unfinished run from its committed trace (the workflow file must be unchanged). */
export async function resumeWorkflowRun(runId: string, environment: ExecutionEnvironment): Promise<RunResult> {
  const run = environment.store.getRun(runId);
  const file = run?.workflowPath ?? '';
  const registry = await registryFor(environment, file);
  return resumeRun(runId, engineOptions(environment, registry, file));
}

function engineOptions(environment: ExecutionEnvironment, registry: ActionRegistry, file: string) {
  return {
    store: environment.store,
    stateDir: environment.stateDir,
    actions: registry.actions,
    trustedActions: registry.trusted,
    catalog: registry.catalog,
    dotenvFiles: dotenvFilesFor(file, environment.workspaceRoot),
    ...(environment.env ? { env: environment.env } : {}),
    ...(environment.signal ? { signal: environment.signal } : {}),
    ...(environment.observers ? { observers: environment.observers } : {}),
  };
}

async function registryFor(environment: ExecutionEnvironment, file: string): Promise<ActionRegistry> {
  if (!environment.trusted) return builtinActionRegistry();
  const dirs = [...new Set([...(file ? [join(dirname(file), 'actions')] : []), ...(environment.workspaceRoot ? [join(environment.workspaceRoot, 'actions')] : [])])];
  const registry = await loadActionRegistry(dirs);
  for (const problem of registry.errors) environment.onActionLoadError?.(problem.file, problem.message);
  return registry;
}

/** `.env` beside the workflow, then at the workspace root (the extension host's cwd means nothing). */
export function dotenvFilesFor(file: string, workspaceRoot: string | undefined): string[] {
  return [...new Set([...(file ? [join(dirname(file), '.env')] : []), ...(workspaceRoot ? [join(workspaceRoot, '.env')] : [])])];
}
