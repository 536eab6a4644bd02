// The `stepline-output:` documents: read-only JSON views of a recorded step's parameters,
// output or error, read from the store each time VS Code asks for them.

import * as vscode from 'vscode';
import { OUTPUT_SCHEME } from './contribution-ids.ts';
import type { Ctx } from './ctx.ts';
import { parseStepOutputQuery, renderStepValue, stepOutputUriParts, type StepOutputAddress } from './step-output-uri.ts';

export class StepOutputProvider implements vscode.TextDocumentContentProvider {
  readonly #ctx: Ctx;

  constructor(ctx: Ctx) {
    this.#ctx = ctx;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const address = parseStepOutputQuery(uri.path, uri.query);
    if (!address) return '// Not a Stepline step output address.\n';
    const store = await this.#ctx.stores.openExisting(address.storeDir);
    const record = store?.listSteps(address.runId).find((candidate) => candidate.seq === address.seq);
    if (!record) return `// Run ${address.runId} has no step record ${address.seq} any more.\n`;
    return renderStepValue(record[address.part]);
  }
}

export function stepOutputUri(address: StepOutputAddress): vscode.Uri {
  return vscode.Uri.from({ scheme: OUTPUT_SCHEME, ...stepOutputUriParts(address) });
}

