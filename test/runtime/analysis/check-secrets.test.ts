// The hard-coded secret pass on real YAML: well-known token formats anywhere, literals under
// credential keys, and no warnings on prose, URLs, UUIDs, templates or secret names.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSecrets } from '../../../runtime/src/analysis/check-secrets.ts';
import { codesAndTexts, runPass } from './pass-harness.ts';

function withVars(vars: string): string {
  return `name: Secrets\nvars:\n${vars}steps:\n  - stepSlug: start\n    stepType: trigger\n`;
}

const FAKE = {
  anthropic: 'sk-ant-api03-Rk2fQe9Lw8Xz3VbNm4Tp7YcHs6Gj1Ad5',
  openai: 'sk-proj-4f9Qe2Lw8Xz3VbNm4Tp7YcHs6Gj1Ad5',
  aws: 'AKIAIOSFODNN7EXAMPLE',
  github: 'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
  slack: 'xoxb-123456789012-abcdefABCDEF',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
};

void describe('checkSecrets', () => {
  void it('reports well-known key formats anywhere, on the whole string value', () => {
    const vars = Object.entries(FAKE).map(([name, value]) => `  ${name}: "prefix ${value}"\n`).join('');
    const diagnostics = runPass(checkSecrets, withVars(vars));
    assert.deepEqual(
      codesAndTexts(diagnostics),
      Object.values(FAKE).map((value) => ['hardcoded-secret', `"prefix ${value}"`]),
    );
    assert.deepEqual(
      diagnostics.map((item) => item.data?.['secretName']),
      ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'AWS_ACCESS_KEY_ID', 'GITHUB_TOKEN', 'SLACK_TOKEN', 'API_TOKEN'],
    );
    assert.equal(diagnostics[0]!.severity, 'warning');
    assert.match(diagnostics[0]!.message, /declare `ANTHROPIC_API_KEY` under `secrets:`.*`<<secrets\.ANTHROPIC_API_KEY>>`/);
  });

  void it('reports bearer tokens and keeps the scheme in the suggested replacement', () => {
    const text = `name: x\nsteps:\n  - stepSlug: call\n    stepType: action\n    config:\n      type: http.request\n      parameters:\n        url: https://api.example.com\n        headers:\n          Authorization: Bearer 4f9Qe2Lw8Xz3VbNm4Tp7YcHs6Gj1Ad5\n          X-Other: Basic dXNlcjpwYXNzd29yZA==\n`;
    const diagnostics = runPass(checkSecrets, text);
    assert.deepEqual(codesAndTexts(diagnostics), [
      ['hardcoded-secret', 'Bearer 4f9Qe2Lw8Xz3VbNm4Tp7YcHs6Gj1Ad5'],
    ]);
    assert.equal(diagnostics[0]!.data?.['replacement'], 'Bearer <<secrets.API_TOKEN>>');
  });

  void it('reports literals under keys that name a credential', () => {
    const text = `name: x\ninputs:\n  apiKey: { type: string, default: "k3y-for-the-demo-2024" }\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    config: { type: webhook, path: hook, secret: hunter2-but-longer }\n  - stepSlug: db\n    stepType: action\n    config:\n      type: http.request\n      parameters:\n        url: https://db.example.com\n        body: { db_password: hunter22, x-api-key: 9f2c4e1b7a3d8c6f5e4d3c2b1a0f9e8d, Authorization: Basic dXNlcjpwYXNzd29yZA== }\n`;
    const diagnostics = runPass(checkSecrets, text);
    assert.deepEqual(codesAndTexts(diagnostics), [
      ['hardcoded-secret', 'hunter2-but-longer'],
      ['hardcoded-secret', 'hunter22'],
      ['hardcoded-secret', '9f2c4e1b7a3d8c6f5e4d3c2b1a0f9e8d'],
      ['hardcoded-secret', 'Basic dXNlcjpwYXNzd29yZA=='],
      ['hardcoded-secret', '"k3y-for-the-demo-2024"'],
    ]);
    assert.deepEqual(
      diagnostics.map((item) => item.data?.['secretName']),
      ['SECRET', 'DB_PASSWORD', 'X_API_KEY', 'AUTHORIZATION', 'API_KEY'],
    );
    assert.equal(diagnostics[3]!.data?.['replacement'], 'Basic <<secrets.AUTHORIZATION>>');
  });

  void it('reports random-looking values under keys that mention a credential', () => {
    const diagnostics = runPass(checkSecrets, withVars('  tokenValue: a8f5f167f44f4964e6c998dee827110c\n  tokenValueName: order-token-2024\n'));
    assert.deepEqual(codesAndTexts(diagnostics), [['hardcoded-secret', 'a8f5f167f44f4964e6c998dee827110c']]);
  });

  void it('stays quiet on prose, URLs, UUIDs, templates, secret names and placeholders', () => {
    const vars = [
      '  intro: "Please send the API key to the token desk; the secret password is in the vault."',
      '  docs: https://docs.example.com/api/v1/tokens?client_id=a8f5f167f44f4964e6c998dee827110c&page=2',
      '  requestId: 550e8400-e29b-41d4-a716-446655440000',
      '  token: 550e8400-e29b-41d4-a716-446655440000-but-as-url://x',
      '  authToken: <<secrets.AUTH_TOKEN>>',
      '  Authorization: Bearer <<secrets.API_TOKEN>>',
      '  secretName: CRM_TOKEN_2024_PRODUCTION',
      '  secret: WEBHOOK_SIGNING_SECRET',
      '  password: "<your password>"',
      '  apiKey: changeme',
      '  token: xxxxxxxx',
      '  tokenizer: cl100k_base',
      '  maxTokens: "4096"',
      '  desk: desk-lamp-with-a-very-long-product-name-2024',
      '  commit: a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
      '  image: data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      '  slug: sk-this-is-just-a-product-slug-name',
    ].join('\n');
    assert.deepEqual(codesAndTexts(runPass(checkSecrets, withVars(`${vars}\n`))), []);
  });

  void it('looks in config, vars, output and input defaults, not in step names', () => {
    const key = FAKE.github;
    const text = `name: x\ninputs:\n  t: { type: string, default: ${key} }\nvars: { v: ${key} }\noutput: { o: ${key} }\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    name: ${key}\n    description: ${key}\n  - stepSlug: a\n    stepType: action\n    config: { type: log, parameters: { message: [${key}] } }\n`;
    const diagnostics = runPass(checkSecrets, text);
    assert.equal(diagnostics.length, 4);
    for (const item of diagnostics) assert.equal(item.text, key);
  });
});
