// The open documents, kept in sync with the client's incremental edits. Unlike the library's
// TextDocuments, it hands each change's offsets to a listener, so diagnostics from the previous
// version can be carried over (shifted) while the new version is being analyzed, and it applies
// a run of edits on one line to the text once, when the text is read (edited-document.ts).

import type { Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EditedDocument, type AppliedChange } from './edited-document.ts';
import { isWorkflowUri } from './service/workflow-uri.ts';

export type { AppliedChange } from './edited-document.ts';

export interface DocumentListener {
  opened(document: TextDocument): void;
  /** The document changed; `changes` are in the coordinates of the text before each. */
  changed(uri: string, changes: AppliedChange[]): void;
  closed(uri: string): void;
}

const WORKFLOW_LANGUAGES = new Set(['stepline', 'stepline-yaml', 'stepline-json']);

export class DocumentStore {
  private readonly documents = new Map<string, EditedDocument>();

  /** The document as it is now, with every edit received applied. */
  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri)?.document();
  }

  all(): TextDocument[] {
    return [...this.documents.values()].map((document) => document.document());
  }

  listen(connection: Connection, listener: DocumentListener): void {
    connection.onDidOpenTextDocument(({ textDocument }) => {
      // Workflow files are recognised by their name, whatever language id the client sends.
      if (!isWorkflowUri(textDocument.uri) && !WORKFLOW_LANGUAGES.has(textDocument.languageId)) return;
      const document = TextDocument.create(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text);
      this.documents.set(textDocument.uri, new EditedDocument(document));
      listener.opened(document);
    });
    connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
      const current = this.documents.get(textDocument.uri);
      if (!current) return;
      listener.changed(textDocument.uri, current.edit(contentChanges, textDocument.version));
    });
    connection.onDidCloseTextDocument(({ textDocument }) => {
      if (!this.documents.delete(textDocument.uri)) return;
      listener.closed(textDocument.uri);
    });
  }
}
