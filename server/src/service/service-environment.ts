// What every feature of the language service receives besides the document: the per-version
// document cache, the action catalog (built-ins plus workspace actions) and the outputs of the
// last recorded run. Features are plain functions of this environment, testable without a server.

import type { ObservedOutputs } from '../../../runtime/src/analysis/analysis-context.ts';
import type { ActionCatalog } from '../../../runtime/src/catalog/action-catalog.ts';
import type { DocumentCache } from './document-cache.ts';

export interface ServiceEnvironment {
  readonly cache: DocumentCache;
  catalog(): ActionCatalog;
  observedOutputs(file: string): ObservedOutputs | undefined;
  /** Bumped whenever the catalog or last-run facts change, so analyses are recomputed. */
  generation(): number;
}
