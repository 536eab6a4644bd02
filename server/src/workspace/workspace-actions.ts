// Workspace actions for the language server's catalog. In a trusted workspace the modules in
// `actions/` are imported (run) to read their schemas; in an untrusted one, nothing is run: the
// action names and descriptions are read from the source text, with open schemas, so their
// names are known (no false `unknown-action`) without executing workspace code.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActionDefinition } from '../../../runtime/src/catalog/action-definition.ts';

const MODULE_FILE = /\.(m?js|ts)$/;

export interface WorkspaceActionsResult {
  actions: ActionDefinition[];
  errors: { file: string; message: string }[];
}

export async function loadWorkspaceActionDefinitions(dir: string, trusted: boolean): Promise<WorkspaceActionsResult> {
  if (trusted) {
    try {
      const { loadWorkspaceActions } = await import('../../../runtime/src/actions/workspace-actions.ts');
      const loaded = await loadWorkspaceActions(dir);
      // A module this Node cannot import (TypeScript in an older Node) is still read as text.
      const unreadable = loaded.errors.filter((error) => /Cannot load the module/.test(error.message)).map((error) => error.file);
      const fromText = unreadable.length > 0 ? await readActionsFromText(unreadable) : [];
      return {
        actions: [
          ...loaded.actions.map((action): ActionDefinition => ({
            name: action.name,
            description: action.description,
            parameters: typeof action.parameters === 'object' ? action.parameters : {},
            output: typeof action.output === 'object' ? action.output : {},
            sideEffects: action.sideEffects,
            retryableErrors: [],
            errors: [],
            source: 'workspace',
            file: action.file,
          })),
          ...fromText,
        ],
        errors: loaded.errors.filter((error) => !unreadable.includes(error.file)),
      };
    } catch (error) {
      return { actions: await readActionsFromText(await moduleFiles(dir)), errors: [{ file: dir, message: String(error) }] };
    }
  }
  return { actions: await readActionsFromText(await moduleFiles(dir)), errors: [] };
}

async function moduleFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && MODULE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts') && !entry.name.startsWith('_') && !entry.name.startsWith('.'))
      .map((entry) => join(dir, entry.name))
      .sort();
  } catch {
    return [];
  }
}

const NAME = /\bname\s*:\s*(['"`])([A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z][A-Za-z0-9_-]*)*)\1/;
const DESCRIPTION = /\bdescription\s*:\s*(['"`])((?:(?!\1)[^\\]|\\.)*)\1/;
const SIDE_EFFECTS = /\bsideEffects\s*:\s*(true|false)/;

/** Reads the first `name: '…'` (and description) of each module without running it. */
export async function readActionsFromText(files: readonly string[]): Promise<ActionDefinition[]> {
  const actions: ActionDefinition[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    const name = NAME.exec(text)?.[2];
    if (!name) continue;
    const description = DESCRIPTION.exec(text)?.[2] ?? 'A workspace action.';
    actions.push({
      name,
      description: `${description} (Schemas are not read until the workspace is trusted.)`,
      parameters: { type: 'object', additionalProperties: true },
      output: {},
      sideEffects: SIDE_EFFECTS.exec(text)?.[1] !== 'false',
      retryableErrors: [],
      errors: [],
      source: 'workspace',
      file,
    });
  }
  return actions;
}
