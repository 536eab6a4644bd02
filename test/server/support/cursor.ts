// Test helper: writes a document with a `|` cursor marker and returns the in-memory document
// (marker removed) and the marker's position, so feature tests read like the text they check.

import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver';

export interface CursorDocument {
  document: TextDocument;
  position: Position;
  offset: number;
}

let version = 0;

/** `text` holds exactly one `|`, unless another marker is given (for text that needs `|`). */
export function withCursor(text: string, uri = 'file:///work/test.flow.yaml', marker = '|'): CursorDocument {
  const offset = text.indexOf(marker);
  if (offset < 0 || text.indexOf(marker, offset + marker.length) >= 0) throw new Error(`The text must hold exactly one cursor marker ${JSON.stringify(marker)}.`);
  const content = text.slice(0, offset) + text.slice(offset + marker.length);
  const document = TextDocument.create(uri, uri.endsWith('.json') ? 'json' : 'yaml', ++version, content);
  return { document, position: document.positionAt(offset), offset };
}

export function documentOf(text: string, uri = 'file:///work/test.flow.yaml'): TextDocument {
  return TextDocument.create(uri, uri.endsWith('.json') ? 'json' : 'yaml', ++version, text);
}

/** Removes the common indentation of a template literal so fixtures can be indented in code. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(common)).join('\n');
}
