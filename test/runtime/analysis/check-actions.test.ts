// The action pass on real YAML: unknown actions with did-you-mean, parameters checked against the
// action's schema on the exact key or value, templated values left alone, and llm tools checked.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkActions } from '../../../runtime/src/analysis/check-actions.ts';
import { ActionCatalog } from '../../../runtime/src/catalog/action-catalog.ts';
import type { ActionDefinition } from '../../../runtime/src/catalog/action-definition.ts';
import { codesAndTexts, runPass, workflowWith } from './pass-harness.ts';

function actionStep(config: string): string {
  return workflowWith(`  - stepSlug: act\n    stepType: action\n    config:\n${config}`);
}

const slackPost: ActionDefinition = {
  name: 'slack.post',
  description: 'Posts a message to Slack.',
  parameters: {
    type: 'object',
    properties: { channel: { type: 'string', pattern: '^#' }, text: { type: 'string' } },
    required: ['channel', 'text'],
    additionalProperties: false,
  },
  output: { type: 'object' },
  sideEffects: true,
  retryableErrors: [],
  errors: [],
  source: 'workspace',
  file: 'actions/slack-post.ts',
};

void describe('checkActions', () => {
  void it('accepts known actions with valid parameters', () => {
    const text = actionStep('      type: http.request\n      parameters:\n        method: POST\n        url: https://api.example.com\n        headers: { Accept: application/json }\n        body: { a: [1, 2] }\n        failOnStatus: false\n');
    assert.deepEqual(runPass(checkActions, text), []);
  });

  void it('reports an unknown action on its name, with a suggestion in data', () => {
    const diagnostics = runPass(checkActions, actionStep('      type: http.reqest\n      parameters: { url: x }\n'));
    assert.deepEqual(codesAndTexts(diagnostics), [['unknown-action', 'http.reqest']]);
    assert.equal(diagnostics[0]!.message, 'Unknown action `http.reqest`. Did you mean `http.request`?');
    assert.deepEqual(diagnostics[0]!.data, { suggestion: 'http.request' });
  });

  void it('gives no suggestion for a name that is nothing like an action', () => {
    const diagnostics = runPass(checkActions, actionStep('      type: teleport\n'));
    assert.deepEqual(codesAndTexts(diagnostics), [['unknown-action', 'teleport']]);
    assert.equal(diagnostics[0]!.data, undefined);
  });

  void it('reports missing required parameters on the parameters key, merged', () => {
    const diagnostics = runPass(checkActions, actionStep('      type: email.send\n      parameters:\n        to: ada@example.com\n'));
    assert.deepEqual(codesAndTexts(diagnostics), [['invalid-parameter', 'parameters']]);
    assert.equal(diagnostics[0]!.message, 'Missing required keys `subject` and `body` in `email.send` parameters.');
  });

  void it('reports missing required parameters on `type` when there are no parameters', () => {
    const diagnostics = runPass(checkActions, actionStep('      type: records.get\n'));
    assert.deepEqual(codesAndTexts(diagnostics), [['invalid-parameter', 'type']]);
    assert.equal(diagnostics[0]!.message, 'Missing required keys `collection` and `id` in `records.get` parameters.');
  });

  void it('reports an unknown parameter on its key, with did-you-mean', () => {
    const diagnostics = runPass(checkActions, actionStep('      type: http.request\n      parameters:\n        mehtod: GET\n        url: https://example.com\n'));
    assert.deepEqual(codesAndTexts(diagnostics), [['invalid-parameter', 'mehtod']]);
    assert.equal(diagnostics[0]!.message, 'Unknown key `mehtod` in `http.request` parameters. Did you mean `method`?');
    assert.equal(diagnostics[0]!.data?.['suggestion'], 'method');
  });

  void it('reports wrong types and enum values on the value, nested ones included', () => {
    const text = actionStep('      type: http.request\n      parameters:\n        method: FETCH\n        url: https://example.com\n        timeoutMs: soon\n        headers: { X-Retry: [1] }\n');
    const diagnostics = runPass(checkActions, text);
    assert.deepEqual(codesAndTexts(diagnostics), [
      ['invalid-parameter', 'FETCH'],
      ['invalid-parameter', 'soon'],
      ['invalid-parameter', '[1]'],
    ]);
    assert.equal(diagnostics[1]!.message, '`timeoutMs` must be an integer, not the string "soon".');
    assert.equal(diagnostics[2]!.message, '`X-Retry` must be a string, a number or a boolean, not a list.');
  });

  void it('does not type-check templated values, at any depth', () => {
    const text = actionStep('      type: delay\n      parameters:\n        ms: <<vars.wait>>\n  - stepSlug: two\n    stepType: action\n    config:\n      type: http.request\n      parameters:\n        url: <<vars.url>>\n        method: <<vars.method>>\n        headers: <<vars.headers>>\n');
    assert.deepEqual(runPass(checkActions, text), []);
  });

  void it('skips parameters given as one template', () => {
    assert.deepEqual(runPass(checkActions, actionStep('      type: email.send\n      parameters: <<vars.email>>\n')), []);
  });

  void it('accepts any keys for set_variables', () => {
    assert.deepEqual(runPass(checkActions, actionStep('      type: set_variables\n      parameters: { anything: 1, else: [true] }\n')), []);
  });

  void it('validates workspace actions from the catalog it is given', () => {
    const catalog = ActionCatalog.builtin().withActions([slackPost]);
    const diagnostics = runPass(checkActions, actionStep('      type: slack.post\n      parameters: { channel: general, text: hi }\n'), { catalog });
    assert.deepEqual(codesAndTexts(diagnostics), [['invalid-parameter', 'general']]);
    assert.equal(diagnostics[0]!.data?.['action'], 'slack.post');
    assert.deepEqual(codesAndTexts(runPass(checkActions, actionStep('      type: slack.post\n'))), [['unknown-action', 'slack.post']], 'unknown without the workspace');
  });

  void it('skips parameter checks when a workspace schema does not compile', () => {
    const broken: ActionDefinition = { ...slackPost, name: 'broken', parameters: { type: 'object', properties: { a: { type: 'no-such-type' as 'string' } } } };
    const catalog = ActionCatalog.builtin().withActions([broken]);
    assert.deepEqual(runPass(checkActions, actionStep('      type: broken\n      parameters: { a: 1 }\n'), { catalog }), []);
  });

  void it('reports one problem per place for parameters with alternative shapes', () => {
    const notify: ActionDefinition = {
      ...slackPost,
      name: 'notify',
      parameters: {
        type: 'object',
        properties: { target: { anyOf: [{ type: 'string', pattern: '^#' }, { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }] } },
        additionalProperties: false,
      },
    };
    const catalog = ActionCatalog.builtin().withActions([notify]);
    const run = (target: string) => runPass(checkActions, actionStep(`      type: notify\n      parameters:\n        target: ${target}\n`), { catalog });
    const wrongType = run('5');
    assert.deepEqual(codesAndTexts(wrongType), [['invalid-parameter', '5']]);
    assert.equal(wrongType[0]!.message, '`target` must be a string or a map, not the number 5.');
    assert.deepEqual(codesAndTexts(run('general')), [['invalid-parameter', 'general']], 'the string branch was meant');
    const missingId = run('{ name: x }');
    assert.deepEqual(codesAndTexts(missingId), [['invalid-parameter', 'target']], 'the map branch was meant');
    assert.equal(missingId[0]!.message, 'Missing required key `id` in `target`.');
  });

  void it('reports unknown llm tools on the list entry', () => {
    const text = workflowWith('  - stepSlug: ask\n    stepType: llm\n    config:\n      systemPrompt: hi\n      tools: [records.query, records.qury, "<<vars.tool>>"]\n');
    const diagnostics = runPass(checkActions, text);
    assert.deepEqual(codesAndTexts(diagnostics), [['unknown-action', 'records.qury']]);
    assert.equal(diagnostics[0]!.message, 'Unknown action `records.qury` in `tools`. Did you mean `records.query`?');
  });
});
