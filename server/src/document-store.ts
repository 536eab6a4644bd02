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
      const applied = appliedChanges(current, contentChanges);
      const updated = TextDocument.update(current, contentChanges, textDocument.version);
      this.documents.set(textDocument.uri, updated);
      listener.changed(updated, applied);
    });
    connection.onDidCloseTextDocument(({ textDocument }) => {
      if (!this.documents.delete(textDocument.uri)) return;
      listener.closed(textDocument.uri);
    });
  }
}

/** The changes as offsets, each in the coordinates of the text the previous changes produced. */
function appliedChanges(document: TextDocument, changes: readonly TextDocumentContentChangeEvent[]): AppliedChange[] {
  const result: AppliedChange[] = [];
  let working = document;
  for (const change of changes) {
    if ('range' in change) {
      const start = working.offsetAt(change.range.start);
      const end = working.offsetAt(change.range.end);
      result.push({ start, end, insertedLength: change.text.length });
    } else {
      result.push({ start: 0, end: working.getText().length, insertedLength: change.text.length });
    }
    working = TextDocument.update(working, [change], working.version);
  }
  return result;
}
