// Document links: a workflow step's `path` opens the sub-workflow file, and the name of a
// workspace action (in `config.type` or an llm step's `tools`) opens the module that defines it.

import type { DocumentLink } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ActionCatalog } from '../../../runtime/src/catalog/action-catalog.ts';
import { rangeContains } from '../../../runtime/src/language/source-range.ts';
import type { Step } from '../../../runtime/src/language/workflow-model.ts';
import { getPair, type YNode, type YScalar } from '../../../runtime/src/language/yaml-tree.ts';
import type { DocumentState } from './document-cache.ts';
import type { ServiceEnvironment } from './service-environment.ts';
import { toLspRange } from './text-positions.ts';
import { scalarContentRange } from './tree-path.ts';
import { uriOfFile } from './workflow-uri.ts';

interface LinkSpot {
  node: YScalar;
  target: string;
  tooltip: string;
}

/** A relative path resolved against the document's URI (so it works for any URI scheme). */
export function resolveRelative(documentUri: string, path: string): string | undefined {
  try {
    return new URL(path.replaceAll('\\', '/'), documentUri).href;
  } catch {
    return undefined;
  }
}

function stringNode(node: YNode | null | undefined): YScalar | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' && node.value !== '' && !node.value.includes('<<') ? node : undefined;
}

function workspaceActionFile(catalog: ActionCatalog, name: string): string | undefined {
  const definition = catalog.get(name);
  return definition?.source === 'workspace' && definition.file ? uriOfFile(definition.file) : undefined;
}

function linkSpots(environment: ServiceEnvironment, state: DocumentState, steps: readonly Step[]): LinkSpot[] {
  const catalog = environment.catalog();
  const spots: LinkSpot[] = [];
  for (const step of steps) {
    if (step.type === 'workflow') {
      const path = stringNode(getPair(step.config, 'path')?.value);
      const target = path ? resolveRelative(state.uri, path.value as string) : undefined;
      if (path && target) spots.push({ node: path, target, tooltip: 'Open the sub-workflow' });
    } else if (step.type === 'action') {
      const type = stringNode(getPair(step.config, 'type')?.value);
      const target = type ? workspaceActionFile(catalog, type.value as string) : undefined;
      if (type && target) spots.push({ node: type, target, tooltip: 'Open the workspace action' });
    } else if (step.type === 'llm') {
      const tools = getPair(step.config, 'tools')?.value;
      if (tools?.kind !== 'seq') continue;
      for (const item of tools.items) {
        const tool = stringNode(item);
        const target = tool ? workspaceActionFile(catalog, tool.value as string) : undefined;
        if (tool && target) spots.push({ node: tool, target, tooltip: 'Open the workspace action' });
      }
    }
  }
  return spots;
}

export function getDocumentLinks(environment: ServiceEnvironment, document: TextDocument): DocumentLink[] {
  const state = environment.cache.get(document);
  return linkSpots(environment, state, state.document.workflow.steps).map((spot) => ({
    range: toLspRange(document, scalarContentRange(spot.node)),
    target: spot.target,
    tooltip: spot.tooltip,
  }));
}

/** The URI a link at `offset` opens, for go-to-definition on the same spots. */
export function resolveLinkTarget(environment: ServiceEnvironment, state: DocumentState, offset: number): string | undefined {
  const step = state.document.workflow.steps.find((candidate) => rangeContains(candidate.node, offset));
  if (!step) return undefined;
  return linkSpots(environment, state, [step]).find((spot) => rangeContains(spot.node, offset))?.target;
}

/** The files a document depends on (sub-workflows, workspace action modules), as URIs. */
export function dependencyUris(environment: ServiceEnvironment, state: DocumentState): string[] {
  return [...new Set(linkSpots(environment, state, state.document.workflow.steps).map((spot) => spot.target))];
}
