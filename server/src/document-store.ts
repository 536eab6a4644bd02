// The open documents, kept in sync with the client's incremental edits. Unlike the library's
// TextDocuments, it hands each change's ranges to a listener, so diagnostics from the previous
// version can be carried over (shifted) while the new version is being analyzed.

import type { Connection, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isWorkflowUri } from './service/workflow-uri.ts';

/** One applied change, in offsets of the text before it. */
export interface AppliedChange {
  start: number;
  end: number;
  insertedLength: number;
}

export interface DocumentListener {
  opened(document: TextDocument): void;
  changed(document: TextDocument, changes: AppliedChange[]): void;
  closed(uri: string): void;
}

const WORKFLOW_LANGUAGES = new Set(['stepline', 'stepline-yaml', 'stepline-json']);

export class DocumentStore {
  private readonly documents = new Map<string, TextDocument>();

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  all(): TextDocument[] {
    return [...this.documents.values()];
  }

  listen(connection: Connection, listener: DocumentListener): void {
    connection.onDidOpenTextDocument(({ textDocument }) => {
      // Workflow files are recognised by their name, whatever language id the client sends.
      if (!isWorkflowUri(textDocument.uri) && !WORKFLOW_LANGUAGES.has(textDocument.languageId)) return;
      const document = TextDocument.create(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text);
      this.documents.set(textDocument.uri, document);
      listener.opened(document);
    });
    connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
      const current = this.documents.get(textDocument.uri);
      if (!current) return;
      const { document: updated, applied } = applyChanges(current, contentChanges, textDocument.version);
      this.documents.set(textDocument.uri, updated);
      listener.changed(updated, applied);
    });
    connection.onDidCloseTextDocument(({ textDocument }) => {
      if (!this.documents.delete(textDocument.uri)) return;
      listener.closed(textDocument.uri);
    });
  }
}

/**
 * Applies the changes in order, each exactly once, and returns them as offsets in the text that
 * the previous changes produced. (`TextDocument.update` changes the document it is given, so the
 * offsets must be read before each change, not computed on the side and applied again.)
 */
export function applyChanges(document: TextDocument, changes: readonly TextDocumentContentChangeEvent[], version: number): { document: TextDocument; applied: AppliedChange[] } {
  const applied: AppliedChange[] = [];
  let working = document;
  for (const change of changes) {
    if ('range' in change) {
      applied.push({ start: working.offsetAt(change.range.start), end: working.offsetAt(change.range.end), insertedLength: change.text.length });
    } else {
      applied.push({ start: 0, end: working.getText().length, insertedLength: change.text.length });
    }
    working = TextDocument.update(working, [change], version);
  }
  return { document: working, applied };
}
