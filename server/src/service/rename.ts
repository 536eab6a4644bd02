// Rename a step slug, an input, a variable, a secret or a loop's item alias, updating every use.
// A name that breaks the naming rules or is already taken is refused with a message that says
// why, and so is a rename while the file has syntax errors (some uses could be missed).

import type { Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { knownVariables } from '../../../runtime/src/analysis/reference-scope.ts';
import { EXPRESSION_ROOTS, FUNCTIONS } from '../../../runtime/src/expr/index.ts';
import { RESERVED_TARGETS, SLUG_PATTERN } from '../../../runtime/src/language/step-types.ts';
import type { DocumentState } from './document-cache.ts';
import type { ServiceEnvironment } from './service-environment.ts';
import { toLspRange } from './text-positions.ts';
import { occurrencesOf, symbolAt, type WorkflowSymbol } from './workflow-symbols.ts';

/** A rename the service refuses; the server reports `message` to the user as the request's error. */
export class RenameRefusedError extends Error {
  readonly code = 'rename-refused';

  constructor(message: string) {
    super(message);
    this.name = 'RenameRefusedError';
  }
}

export type PrepareRenameResult = { range: Range; placeholder: string };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

const KIND_WORDS: Record<WorkflowSymbol['kind'], string> = { step: 'step', input: 'input', var: 'variable', secret: 'secret', alias: 'item alias' };

function renameable(state: DocumentState, offset: number): WorkflowSymbol {
  if (state.hasSyntaxErrors) throw new RenameRefusedError('Fix the syntax errors in this file first: a rename could miss uses it cannot read.');
  const symbol = symbolAt(state, offset);
  if (!symbol) throw new RenameRefusedError('Only step slugs, inputs, variables, secrets and loop item aliases can be renamed.');
  return symbol;
}

export function prepareRename(environment: ServiceEnvironment, document: TextDocument, position: Position): PrepareRenameResult {
  const symbol = renameable(environment.cache.get(document), document.offsetAt(position));
  return { range: toLspRange(document, symbol.range), placeholder: symbol.name };
}

export function rename(environment: ServiceEnvironment, document: TextDocument, position: Position, newName: string): WorkspaceEdit {
  const state = environment.cache.get(document);
  const symbol = renameable(state, document.offsetAt(position));
  if (newName === symbol.name) return { changes: { [document.uri]: [] } };
  const problem = nameProblem(state, symbol, newName);
  if (problem) throw new RenameRefusedError(problem);
  const edits: TextEdit[] = occurrencesOf(state, symbol).map((occurrence) => ({ range: toLspRange(document, occurrence.range), newText: newName }));
  return { changes: { [document.uri]: edits } };
}

/** Why `newName` cannot be the symbol's new name, or undefined when it can. */
export function nameProblem(state: DocumentState, symbol: WorkflowSymbol, newName: string): string | undefined {
  const { workflow } = state.document;
  const word = KIND_WORDS[symbol.kind];
  switch (symbol.kind) {
    case 'step':
      if (!SLUG_PATTERN.test(newName)) return `\`${newName}\` is not a valid step slug: use lowercase letters, digits and underscores, starting with a letter.`;
      if ((RESERVED_TARGETS as readonly string[]).includes(newName)) return `\`${newName}\` is reserved for the target that ${newName === 'end' ? 'completes' : 'fails'} the run.`;
      if (workflow.stepsBySlug.has(newName)) return `A step \`${newName}\` already exists in this workflow.`;
      return undefined;
    case 'input':
      if (!IDENTIFIER.test(newName)) return `\`${newName}\` is not a valid ${word} name: use letters, digits and underscores, starting with a letter or underscore.`;
      if (workflow.inputs.some((input) => input.name === newName)) return `An input \`${newName}\` already exists.`;
      return undefined;
    case 'var':
      if (!IDENTIFIER.test(newName)) return `\`${newName}\` is not a valid ${word} name: use letters, digits and underscores, starting with a letter or underscore.`;
      if (knownVariables(workflow).has(newName)) return `A variable \`${newName}\` already exists.`;
      return undefined;
    case 'secret':
      if (!IDENTIFIER.test(newName)) return `\`${newName}\` is not a valid secret name: use letters, digits and underscores, starting with a letter or underscore.`;
      if (workflow.secrets.some((secret) => secret.name === newName)) return `A secret \`${newName}\` is already declared.`;
      return undefined;
    case 'alias':
      if (!IDENTIFIER.test(newName)) return `\`${newName}\` is not a valid ${word}: use letters, digits and underscores, starting with a letter or underscore.`;
      if (Object.hasOwn(EXPRESSION_ROOTS, newName) || Object.hasOwn(FUNCTIONS, newName) || ['true', 'false', 'null', 'contains', 'includes', 'in'].includes(newName)) {
        return `\`${newName}\` is a name of the expression language; choose another alias.`;
      }
      return undefined;
  }
}
