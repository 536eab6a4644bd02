// Expands the paths given on the command line into workflow files: a file is taken as named, a
// directory is searched recursively for *.flow.{yaml,yml,json}. Problems (a missing path, a
// directory without workflows) come back as one-line messages for the caller to report.

import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export const WORKFLOW_FILE_PATTERN = /\.flow\.(yaml|yml|json)$/;

/** Folders that hold dependencies or Stepline's own state, never workflows to check. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.stepline', '.git']);

export interface CollectedFiles {
  /** Absolute paths, each once, in the order given (directory contents sorted). */
  files: string[];
  problems: string[];
}

export async function collectWorkflowFiles(paths: readonly string[], cwd: string): Promise<CollectedFiles> {
  const files: string[] = [];
  const problems: string[] = [];
  for (const given of paths) {
    const absolute = resolve(cwd, given);
    let kind: 'file' | 'directory' | 'other';
    try {
      const stats = await stat(absolute);
      kind = stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other';
    } catch (error) {
      problems.push(describeFsError(error, given));
      continue;
    }
    if (kind === 'file') {
      files.push(absolute);
    } else if (kind === 'other') {
      // A FIFO or a device would block or never end when read.
      problems.push(`${given} is not a regular file or directory`);
    } else {
      const found = await findInDirectory(absolute, problems);
      if (found.length === 0) problems.push(`no workflow files (*.flow.yaml, *.flow.yml, *.flow.json) in ${given}`);
      files.push(...found);
    }
  }
  return { files: [...new Set(files)], problems };
}

async function findInDirectory(dir: string, problems: string[]): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    problems.push(describeFsError(error, dir));
    return [];
  }
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) found.push(...(await findInDirectory(path, problems)));
    } else if (WORKFLOW_FILE_PATTERN.test(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && (await isFile(path))))) {
      // Symbolic links to directories are not followed, so a link cycle cannot trap the search.
      found.push(path);
    }
  }
  return found;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function describeFsError(error: unknown, path: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return `no such file or directory: ${path}`;
  if (code === 'EACCES' || code === 'EPERM') return `permission denied: ${path}`;
  return `cannot read ${path}: ${code ?? (error instanceof Error ? error.message : String(error))}`;
}
