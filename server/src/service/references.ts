// Find references: every use of a step slug (in `nextSteps`, `branches` and templates), an input,
// a variable, a secret or a loop's item alias, optionally with its declaration.

import type { Location, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServiceEnvironment } from './service-environment.ts';
import { toLspRange } from './text-positions.ts';
import { occurrencesOf, symbolAt } from './workflow-symbols.ts';

export function getReferences(environment: ServiceEnvironment, document: TextDocument, position: Position, includeDeclaration: boolean): Location[] {
  const state = environment.cache.get(document);
  const symbol = symbolAt(state, document.offsetAt(position));
  if (!symbol) return [];
  return occurrencesOf(state, symbol)
    .filter((occurrence) => includeDeclaration || !occurrence.isDeclaration)
    .map((occurrence) => ({ uri: document.uri, range: toLspRange(document, occurrence.range) }));
}
