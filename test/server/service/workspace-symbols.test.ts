// Workspace symbols across several workflow files, matched by a subsequence query.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLanguageService } from '../../../server/src/service/language-service.ts';
import { matchesQuery } from '../../../server/src/service/workspace-symbols.ts';
import { ORDERS_WORKFLOW } from '../support/workflows.ts';

describe('workspace symbols', () => {
  const files = [
    { uri: 'file:///work/orders.flow.yaml', text: ORDERS_WORKFLOW },
    { uri: 'file:///work/other.flow.yaml', text: 'name: Other\nsteps:\n  - stepSlug: fetch_customer\n    stepType: trigger\n' },
  ];

  it('finds steps of every workflow, with the workflow as container', () => {
    const found = createLanguageService().workspaceSymbols('fetch', files);
    assert.deepEqual(found.map((symbol) => `${symbol.name} @ ${symbol.location.uri}`), ['fetch_orders @ file:///work/orders.flow.yaml', 'fetch_customer @ file:///work/other.flow.yaml']);
    assert.match(found[0]!.containerName ?? '', /^Orders · action/);
  });

  it('matches subsequences case-insensitively', () => {
    assert.ok(matchesQuery('report_failure', 'rptfail'));
    assert.ok(matchesQuery('Orders', 'ORD'));
    assert.ok(!matchesQuery('notify', 'nx'));
  });
});
