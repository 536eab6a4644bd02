// Addresses of the read-only JSON documents that show a step's parameters, output or error:
// `stepline-output:/<runId>/<iteration path>.<part>.json?store=…&seq=…&part=…`. The path makes a
// readable editor title; the query says where to read the value. No `vscode` here.

import type { DetailPart } from './runs-tree-model.ts';

export interface StepOutputAddress {
  storeDir: string;
  runId: string;
  /** The step record's sequence number in its run. */
  seq: number;
  part: DetailPart;
  /** The iteration path, e.g. `each[2]/send_email`, for the title. */
  path: string;
}

const PARTS: readonly DetailPart[] = ['params', 'output', 'error'];

export function stepOutputUriParts(address: StepOutputAddress): { path: string; query: string } {
  const safePath = address.path.replace(/[^A-Za-z0-9_[\]/.-]/g, '_');
  const query = new URLSearchParams({ store: address.storeDir, run: address.runId, seq: String(address.seq), part: address.part });
  return { path: `/${address.runId}/${safePath}.${address.part}.json`, query: query.toString() };
}

export function parseStepOutputQuery(path: string, query: string): StepOutputAddress | undefined {
  const params = new URLSearchParams(query);
  const storeDir = params.get('store');
  const runId = params.get('run');
  const seq = Number(params.get('seq'));
  const part = params.get('part') as DetailPart | null;
  if (!storeDir || !runId || !Number.isInteger(seq) || !part || !PARTS.includes(part)) return undefined;
  const match = /^\/[^/]+\/(.*)\.(?:params|output|error)\.json$/.exec(path);
  return { storeDir, runId, seq, part, path: match?.[1] ?? '' };
}

/** The document's text: the value as indented JSON (undefined shows as null). */
export function renderStepValue(value: unknown): string {
  return `${JSON.stringify(value ?? null, null, 2)}\n`;
}
