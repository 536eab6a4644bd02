// How the language service names documents: workflow files are recognised by their name
// (`*.flow.yaml|yml|json`, spec §8) whatever language id the editor sends, and a document's
// URI maps to the file path the analyzer and relative links work with.

import { fileURLToPath, pathToFileURL } from 'node:url';

const WORKFLOW_NAME = /\.flow\.(ya?ml|json)$/i;

export function isWorkflowUri(uri: string): boolean {
  return WORKFLOW_NAME.test(uri.replace(/[?#].*$/, ''));
}

/** The file path of a `file:` URI; other schemes keep the URI itself (untitled buffers, tests). */
export function fileOfUri(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

export function uriOfFile(file: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(file) && !/^[a-z]:[\\/]/i.test(file) ? file : pathToFileURL(file).href;
}

/** Whether the document is read as JSON (then comments and YAML-only edits do not apply). */
export function isJsonUri(uri: string): boolean {
  return /\.json$/i.test(uri.replace(/[?#].*$/, ''));
}
