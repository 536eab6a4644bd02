// Go to definition: from a step slug (in `nextSteps`, `branches` or a template) to the step, from
// `input.X`, `vars.X`, `secrets.X` and item aliases to their declarations, from a sub-workflow
// `path` to that file and from a workspace action's name to its module.

import type { Definition, Location, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { resolveLinkTarget } from './document-links.ts';
import type { ServiceEnvironment } from './service-environment.ts';
import { toLspRange } from './text-positions.ts';
import { occurrencesOf, symbolAt } from './workflow-symbols.ts';

export function getDefinition(environment: ServiceEnvironment, document: TextDocument, position: Position): Definition | null {
  const state = environment.cache.get(document);
  const offset = document.offsetAt(position);
  const symbol = symbolAt(state, offset);
  if (symbol) {
    const declarations = occurrencesOf(state, symbol).filter((occurrence) => occurrence.isDeclaration);
    if (declarations.length === 0) return null;
    return declarations.map((occurrence): Location => ({ uri: document.uri, range: toLspRange(document, occurrence.range) }));
  }
  const link = resolveLinkTarget(environment, state, offset);
  return link ? { uri: link, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } } : null;
}
