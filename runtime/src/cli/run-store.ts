// What `run`, `resume`, `runs` and `show` share: where the state folder is (`--store DIR`, else
// STEPLINE_HOME, else `.stepline/` in the working directory), opening the store there with a
// one-line message when it cannot be opened, and the workspace actions beside a workflow.

import { dirname, join, resolve } from 'node:path';
import { loadActionRegistry, type ActionRegistry } from '../engine/index.ts';
import { openStore, StoreError, type Store } from '../store/index.ts';
import type { CliIo } from './cli-io.ts';

export function stateDirOf(io: CliIo, storeOption: string | undefined): string {
  if (storeOption !== undefined && storeOption !== '') return resolve(io.cwd, storeOption);
  const home = io.env['STEPLINE_HOME'];
  if (home !== undefined && home !== '') return resolve(io.cwd, home);
  return join(io.cwd, '.stepline');
}

/** The store, or undefined after printing why it cannot be opened (locked, corrupt, unwritable). */
export function openStateStore(io: CliIo, command: string, stateDir: string): Store | undefined {
  try {
    return openStore({ dir: stateDir });
  } catch (error) {
    if (error instanceof StoreError) {
      io.stderr(`stepline ${command}: ${error.message}\n`);
      return undefined;
    }
    throw error;
  }
}

/** Built-in actions plus the workspace's `actions/` folder beside the workflow (and in the cwd). */
export async function actionsFor(io: CliIo, command: string, workflowFile: string): Promise<ActionRegistry> {
  const dirs = [...new Set([join(dirname(workflowFile), 'actions'), join(io.cwd, 'actions')])];
  const registry = await loadActionRegistry(dirs);
  for (const problem of registry.errors) io.stderr(`stepline ${command}: skipped the workspace action ${problem.file}: ${problem.message}\n`);
  return registry;
}
