// The start-up warm-up exercises the analyzer for real: its workflow must stay clean (a broken
// one would stop passes early and warm little), and it must leave nothing behind in the service.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText } from '../../runtime/src/analysis/analyze.ts';
import { ActionCatalog } from '../../runtime/src/catalog/action-catalog.ts';
import { warmUpAnalyzer, warmUpWorkflow } from '../../server/src/warm-up.ts';

describe('start-up warm-up', () => {
  it('analyzes a clean workflow of every common step kind', () => {
    const text = warmUpWorkflow();
    assert.deepEqual(analyzeText(text, { file: '/w/warm-up.flow.yaml' }).diagnostics, []);
    for (const type of ['trigger', 'action', 'llm', 'condition', 'loop']) assert.match(text, new RegExp(`stepType: ${type}\\n`));
  });

  it('runs without throwing and reads the catalog it is given', () => {
    let catalogReads = 0;
    warmUpAnalyzer({
      catalog: () => {
        catalogReads++;
        return ActionCatalog.builtin();
      },
      observedOutputs: () => undefined,
    });
    assert.ok(catalogReads >= 3, `one analysis per version: ${catalogReads}`);
  });
});
