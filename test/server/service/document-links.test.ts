// Document links: sub-workflow paths and workspace action names open their files.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ActionCatalog } from '../../../runtime/src/catalog/action-catalog.ts';
import { createLanguageService } from '../../../server/src/service/language-service.ts';
import { documentOf } from '../support/cursor.ts';

describe('document links', () => {
  it('links sub-workflow paths and workspace actions, not built-in actions', () => {
    const text = [
      'name: x',
      'steps:',
      '  - stepSlug: start',
      '    stepType: trigger',
      '    nextSteps: { success: child }',
      '  - stepSlug: child',
      '    stepType: workflow',
      '    config:',
      '      path: "../shared/enrich.flow.yaml"',
      '  - stepSlug: crm',
      '    stepType: action',
      '    config: { type: crm.lookup }',
      '  - stepSlug: log_it',
      '    stepType: action',
      '    config: { type: log, parameters: { message: hi } }',
      '  - stepSlug: ask',
      '    stepType: llm',
      '    config: { systemPrompt: hi, tools: [crm.lookup, log] }',
    ].join('\n');
    const catalog = ActionCatalog.builtin().withActions([
      { name: 'crm.lookup', description: 'd', parameters: {}, output: {}, sideEffects: false, retryableErrors: [], errors: [], source: 'workspace', file: '/work/flows/actions/crm.ts' },
    ]);
    const document = documentOf(text, 'file:///work/flows/main.flow.yaml');
    const links = createLanguageService({ catalog }).documentLinks(document);
    assert.deepEqual(
      links.map((link) => `${document.getText(link.range)} -> ${link.target}`),
      ['../shared/enrich.flow.yaml -> file:///work/shared/enrich.flow.yaml', 'crm.lookup -> file:///work/flows/actions/crm.ts', 'crm.lookup -> file:///work/flows/actions/crm.ts'],
    );
  });
});
