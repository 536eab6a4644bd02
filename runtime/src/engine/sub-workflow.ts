// `workflow` steps: run another workflow file as a nested run in the same store. The child's id
// is recorded as an effect under the step's idempotency key before the child starts, so a
// retried or resumed parent step finds its child again: a finished child gives its result, an
// interrupted one is resumed, and no child ever runs twice. Nesting is bounded.

import { dirname, resolve } from 'node:path';
import type { Store } from '../store/index.ts';
import { createSortableId } from '../store/index.ts';
import { EngineError } from './engine-error.ts';
import type { RunResult } from './engine.ts';
import type { StepError } from './step-error.ts';
import { readWorkflowFile } from './workflow-source.ts';
import type { WorkflowDocument } from '../language/workflow-model.ts';

/** How deep `workflow` steps may nest (a workflow calling itself stops here). */
export const MAX_WORKFLOW_DEPTH = 8;

export interface SubWorkflowRequest {
  /** As written in the step's config, relative to the calling workflow's file. */
  path: string;
  input: unknown;
  idempotencyKey: string;
  signal: AbortSignal;
}

export type SubWorkflowOutcome = { ok: true; output: unknown; runId: string } | { ok: false; error: StepError; retryable: boolean };

export interface SubWorkflowRunner {
  run(request: SubWorkflowRequest): Promise<SubWorkflowOutcome>;
}

export interface SubWorkflowDeps {
  store: Store;
  durable: boolean;
  /** The calling workflow's file; relative paths resolve beside it. */
  parentFile: string;
  depth: number;
  start(document: WorkflowDocument, file: string, input: unknown, runId: string, signal: AbortSignal, depth: number): Promise<RunResult>;
  resume(runId: string, document: WorkflowDocument, signal: AbortSignal, depth: number): Promise<RunResult>;
}

export function createSubWorkflowRunner(deps: SubWorkflowDeps): SubWorkflowRunner {
  return {
    async run(request) {
      if (deps.depth >= MAX_WORKFLOW_DEPTH) {
        return { ok: false, error: { code: 'workflow-depth', message: `Workflows nest more than ${MAX_WORKFLOW_DEPTH} levels deep (does ${request.path} call itself?).` }, retryable: false };
      }
      const file = resolve(deps.parentFile ? dirname(deps.parentFile) : process.cwd(), request.path);
      let document: WorkflowDocument;
      try {
        document = await readWorkflowFile(file);
      } catch (error) {
        return { ok: false, error: { code: 'workflow-not-found', message: (error as Error).message }, retryable: false };
      }
      try {
        const previous = deps.durable ? deps.store.getEffect(request.idempotencyKey) : undefined;
        const knownId = (previous?.result as { runId?: unknown } | undefined)?.runId;
        let result: RunResult;
        if (typeof knownId === 'string' && deps.store.getRun(knownId)) {
          const child = deps.store.getRun(knownId)!;
          result =
            child.status === 'running' || child.status === 'waiting'
              ? await deps.resume(knownId, document, request.signal, deps.depth + 1)
              : { runId: child.id, status: child.status, output: child.output, ...(child.error ? { error: child.error as StepError } : {}), stepsExecuted: 0, durationMs: 0 };
        } else {
          const runId = createSortableId();
          // Recorded before the child exists: a crash in between leaves an id with no run, which starts afresh.
          if (deps.durable) deps.store.recordEffect(request.idempotencyKey, { runId });
          result = await deps.start(document, file, request.input, runId, request.signal, deps.depth + 1);
        }
        if (result.status === 'completed') return { ok: true, output: result.output ?? null, runId: result.runId };
        const cause = result.error ? `${result.error.code}: ${result.error.message}` : result.status;
        return { ok: false, error: { code: 'workflow-failed', message: `The sub-workflow ${request.path} (run ${result.runId}) ${result.status}: ${cause}`, details: { runId: result.runId } }, retryable: false };
      } catch (error) {
        if (error instanceof EngineError) return { ok: false, error: { code: error.code, message: `${request.path}: ${error.message}` }, retryable: false };
        throw error;
      }
    },
  };
}
