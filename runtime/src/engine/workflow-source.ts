// Reading a workflow file for a run: its text, parsed document and content hash. The hash is
// stored with the run so `resume` can refuse a file that changed under a half-finished run.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseWorkflow } from '../language/parse-workflow.ts';
import type { WorkflowDocument } from '../language/workflow-model.ts';
import { EngineError } from './engine-error.ts';

export function hashWorkflowText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Reads and parses a workflow file; the document's `file` is the absolute path. */
export async function readWorkflowFile(file: string): Promise<WorkflowDocument> {
  const absolute = resolve(file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new EngineError('workflow-not-found', `Cannot read the workflow ${file}: ${reason}.`, { cause: error });
  }
  return parseWorkflow(text, absolute);
}
