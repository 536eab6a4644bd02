// The outputs of the last recorded run of each workflow file, which completion and hover show
// and which give output shapes to steps that declare none. They arrive from the client
// (`stepline/lastRunChanged`) or are read from the run store, when this Node has `node:sqlite`.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ObservedOutputs } from '../../../runtime/src/analysis/analysis-context.ts';

export type RunReader = (file: string) => Promise<ObservedOutputs | undefined>;

export class LastRuns {
  private readonly outputs = new Map<string, ObservedOutputs>();

  get(file: string): ObservedOutputs | undefined {
    return this.outputs.get(resolve(file));
  }

  /** Records (or, with null, forgets) a file's last-run outputs; true when something changed. */
  set(file: string, outputs: Record<string, unknown> | ObservedOutputs | null): boolean {
    const key = resolve(file);
    if (outputs === null) return this.outputs.delete(key);
    const map = outputs instanceof Map ? (outputs as ObservedOutputs) : new Map(Object.entries(outputs));
    const previous = this.outputs.get(key);
    if (previous && sameOutputs(previous, map)) return false;
    this.outputs.set(key, map);
    return true;
  }
}

function sameOutputs(a: ObservedOutputs, b: ObservedOutputs): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (!b.has(key) || JSON.stringify(b.get(key)) !== JSON.stringify(value)) return false;
  return true;
}

interface StoreModule {
  openStore(options: { dir: string }): {
    listRuns(options?: { limit?: number }): { id: string; workflowPath: string }[];
    listSteps(runId: string): { stepSlug: string; output?: unknown; error?: unknown }[];
    close(): void;
  };
}

/**
 * Reads runs from `<storeDir>/stepline.db`. The store module is imported only when a store
 * exists, because it needs `node:sqlite` (Node ≥ 22.13), which an editor's Node may lack.
 * Workflow paths in runs are resolved against `workspaceRoot`, where the CLI ran.
 */
export function storeRunReader(storeDir: string, workspaceRoot: string, logError: (message: string) => void): RunReader {
  let failed = false;
  return async (file) => {
    if (failed || !existsSync(join(storeDir, 'stepline.db'))) return undefined;
    let store: ReturnType<StoreModule['openStore']> | undefined;
    try {
      const module = (await import('../../../runtime/src/store/index.ts')) as unknown as StoreModule;
      store = module.openStore({ dir: storeDir });
      const target = resolve(file);
      const run = store.listRuns({ limit: 200 }).find((candidate) => resolve(workspaceRoot, candidate.workflowPath) === target);
      if (!run) return undefined;
      const outputs = new Map<string, unknown>();
      // Later records win: in a loop, the last iteration's output stands for the step.
      for (const record of store.listSteps(run.id)) if (record.output !== undefined && record.error === undefined) outputs.set(record.stepSlug, record.output);
      return outputs;
    } catch (error) {
      failed = true;
      logError(`Stepline cannot read recorded runs from ${storeDir}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    } finally {
      store?.close();
    }
  };
}
