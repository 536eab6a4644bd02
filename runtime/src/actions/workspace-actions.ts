// Loads workspace actions: TypeScript or JavaScript modules in a folder (the workspace's
// `actions/`) whose default export, or `action` export, describes one action and implements
// it. A module that fails to import or has the wrong shape is reported with its file and a
// message; loading never throws. Only call this for a trusted workspace: it runs the modules.

import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ActionError } from './action-error.ts';
import type { ActionContext, ActionImplementation } from './action-types.ts';
import { BUILTIN_ACTION_IMPLEMENTATIONS } from './builtin-actions.ts';
import { isPlainObject } from './parameter-reader.ts';

export type JsonSchema = Record<string, unknown> | boolean;

export interface WorkspaceActionMetadata {
  name: string;
  description: string;
  parameters: JsonSchema;
  output: JsonSchema;
  sideEffects: boolean;
}

export interface WorkspaceAction extends WorkspaceActionMetadata, ActionImplementation {
  /** The module's absolute path. */
  file: string;
}

export interface WorkspaceActionLoadResult {
  actions: WorkspaceAction[];
  errors: { file: string; message: string }[];
}

const MODULE_FILE = /\.(m?js|ts)$/;
/** Letters, digits, `_` and `-`, in dot-separated segments: LLM tool names replace `.` by `_`. */
const ACTION_NAME = /^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z][A-Za-z0-9_-]*)*$/;

/**
 * Loads every module directly in `dir` (not in subfolders). Files starting with `_` or `.`
 * and `.d.ts` files are helpers, not actions. A missing folder has no actions. Names that
 * clash with `reservedNames` (by default the built-in actions) or with an earlier file are
 * errors.
 */
export async function loadWorkspaceActions(
  dir: string,
  reservedNames: Iterable<string> = BUILTIN_ACTION_IMPLEMENTATIONS.keys(),
): Promise<WorkspaceActionLoadResult> {
  const result: WorkspaceActionLoadResult = { actions: [], errors: [] };
  let entries: string[];
  try {
    entries = (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && MODULE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts'))
      .filter((entry) => !entry.name.startsWith('_') && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return result;
    result.errors.push({ file: dir, message: `Cannot read the actions folder: ${(error as Error).message}` });
    return result;
  }

  const taken = new Set(reservedNames);
  for (const name of entries) {
    const file = join(dir, name);
    const loaded = await loadOne(file);
    if ('message' in loaded) {
      result.errors.push({ file, message: loaded.message });
    } else if (taken.has(loaded.name)) {
      result.errors.push({ file, message: `The action name ${JSON.stringify(loaded.name)} is already taken.` });
    } else {
      taken.add(loaded.name);
      result.actions.push(loaded);
    }
  }
  return result;
}

async function loadOne(file: string): Promise<WorkspaceAction | { message: string }> {
  let exports: Record<string, unknown>;
  try {
    // The modification time in the URL makes a reload after an edit import the new text.
    const { mtimeMs } = await stat(file);
    exports = (await import(`${pathToFileURL(file).href}?mtime=${mtimeMs}`)) as Record<string, unknown>;
  } catch (error) {
    return { message: `Cannot load the module: ${error instanceof Error ? error.message : String(error)}` };
  }
  const definition = exports.default ?? exports.action;
  if (!isPlainObject(definition)) {
    return { message: 'The module must export an action object as its default export or as `action`.' };
  }
  const problem = metadataProblem(definition);
  if (problem) return { message: problem };
  const run = definition.run as (params: Record<string, unknown>, ctx: ActionContext) => unknown;
  return {
    name: definition.name as string,
    description: definition.description as string,
    parameters: definition.parameters as JsonSchema,
    output: definition.output as JsonSchema,
    sideEffects: definition.sideEffects as boolean,
    file,
    async run(params: Record<string, unknown>, ctx: ActionContext): Promise<unknown> {
      try {
        return await run.call(definition, params, ctx);
      } catch (error) {
        throw asActionError(error, ctx, definition.name as string);
      }
    },
  };
}

function metadataProblem(definition: Record<string, unknown>): string | undefined {
  const { name, description, parameters, output, sideEffects, run } = definition;
  if (typeof name !== 'string' || !ACTION_NAME.test(name)) {
    return '`name` must be a string of letters, digits, `_` or `-` in dot-separated parts, like `crm.lookup`.';
  }
  if (typeof description !== 'string' || description.trim() === '') return '`description` must be a non-empty string.';
  if (typeof sideEffects !== 'boolean') return '`sideEffects` must be true or false.';
  if (typeof run !== 'function') return '`run` must be a function (params, ctx) => result.';
  for (const [key, schema] of [['parameters', parameters], ['output', output]] as const) {
    if (typeof schema !== 'boolean' && !isPlainObject(schema)) return `\`${key}\` must be a JSON Schema object.`;
    try {
      // A fresh compiler per schema: two modules may reuse one `$id` without clashing here.
      new Ajv2020({ strict: false }).compile(schema);
    } catch (error) {
      return `\`${key}\` is not a valid JSON Schema: ${(error as Error).message}`;
    }
  }
  return undefined;
}

/**
 * Workspace code cannot import our ActionError class reliably, so an error with a string
 * `code` (and optional `retryable`) counts as one; anything else is `action-failed`. The
 * run's own abort reason passes through untouched.
 */
function asActionError(error: unknown, ctx: ActionContext, action: string): unknown {
  if (error instanceof ActionError || (ctx.signal.aborted && error === ctx.signal.reason)) return error;
  const shape = error as { code?: unknown; retryable?: unknown; message?: unknown; details?: unknown } | null;
  const message = typeof shape?.message === 'string' ? shape.message : String(error);
  if (typeof shape?.code === 'string') {
    return new ActionError(shape.code, message, {
      retryable: shape.retryable === true,
      details: shape.details,
      cause: error,
    });
  }
  return new ActionError('action-failed', `${action}: ${message}`, { cause: error });
}
