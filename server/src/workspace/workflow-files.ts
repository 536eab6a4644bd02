// Finds the workflow files of a workspace on disk, for workspace symbols. Skips folders that
// never hold workflows (dependencies, build output, state) and stops at a bounded number of
// files so a huge repository cannot stall the server.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const SKIPPED = new Set(['node_modules', '.git', '.stepline', 'dist', 'out', '.vscode-test']);
const WORKFLOW_FILE = /\.flow\.(ya?ml|json)$/i;
const MAX_FILES = 5000;

export async function findWorkflowFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const stack = [root];
  while (stack.length > 0 && found.length < MAX_FILES) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name) && !entry.name.startsWith('.')) stack.push(join(dir, entry.name));
      } else if (entry.isFile() && WORKFLOW_FILE.test(entry.name)) {
        found.push(join(dir, entry.name));
      }
    }
  }
  return found.sort();
}

/** Reads files, skipping those that vanished or cannot be read. */
export async function readTexts(files: readonly string[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  await Promise.all(
    files.map(async (file) => {
      try {
        texts.set(file, await readFile(file, 'utf8'));
      } catch {
        // Deleted between the listing and the read: nothing to index.
      }
    }),
  );
  return texts;
}
