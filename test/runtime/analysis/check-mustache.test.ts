// The `{{ }}` pass on real YAML and JSON: the range is exactly the `{{ … }}` text in every
// scalar style, and `data.replacement` is the `<< >>` form for the quick fix.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkMustache } from '../../../runtime/src/analysis/check-mustache.ts';
import { codesAndTexts, runPass } from './pass-harness.ts';

function logStep(message: string): string {
  return `name: x\nsteps:\n  - stepSlug: start\n    stepType: trigger\n  - stepSlug: say\n    stepType: action\n    config:\n      type: log\n      parameters:\n        message: ${message}\n`;
}

void describe('checkMustache', () => {
  void it('reports `{{ }}` in a plain scalar with the exact range and a replacement', () => {
    const diagnostics = runPass(checkMustache, logStep('Hello {{ customer.name }}, welcome'));
    assert.deepEqual(codesAndTexts(diagnostics), [['mustache-template', '{{ customer.name }}']]);
    assert.deepEqual(diagnostics[0]!.data, { replacement: '<< customer.name >>' });
    assert.equal(diagnostics[0]!.severity, 'warning');
    assert.equal(diagnostics[0]!.message, '`{{ customer.name }}` is not template syntax here: Stepline templates are written `<< customer.name >>`.');
  });

  void it('maps positions in quoted scalars, with and without escapes', () => {
    assert.deepEqual(codesAndTexts(runPass(checkMustache, logStep('"Hi {{a}} and {{ b }}"'))), [
      ['mustache-template', '{{a}}'],
      ['mustache-template', '{{ b }}'],
    ]);
    assert.deepEqual(codesAndTexts(runPass(checkMustache, logStep("'It''s {{ x }}'"))), [['mustache-template', '{{ x }}']]);
    assert.deepEqual(codesAndTexts(runPass(checkMustache, logStep('"tab\\there {{ y }} \\"q\\""'))), [['mustache-template', '{{ y }}']]);
  });

  void it('finds the same occurrence again when the value repeats a tag', () => {
    const text = logStep('"\\u0041 {{ x }} then {{ x }}"');
    const diagnostics = runPass(checkMustache, text);
    assert.deepEqual(codesAndTexts(diagnostics), [
      ['mustache-template', '{{ x }}'],
      ['mustache-template', '{{ x }}'],
    ]);
    assert.equal(diagnostics[0]!.range.start, text.indexOf('{{ x }}'));
    assert.equal(diagnostics[1]!.range.start, text.lastIndexOf('{{ x }}'));
  });

  void it('searches block scalars in the source', () => {
    const text = `name: x\noutput:\n  summary: |\n    Dear {{name}},\n    your order {{ order.id }} shipped.\nsteps:\n  - stepSlug: start\n    stepType: trigger\n`;
    assert.deepEqual(codesAndTexts(runPass(checkMustache, text)), [
      ['mustache-template', '{{name}}'],
      ['mustache-template', '{{ order.id }}'],
    ]);
  });

  void it('handles triple braces, and block helpers without a replacement', () => {
    const diagnostics = runPass(checkMustache, logStep('"{{{ html }}} {{#each items}}x{{/each}}"'));
    assert.deepEqual(codesAndTexts(diagnostics), [
      ['mustache-template', '{{{ html }}}'],
      ['mustache-template', '{{#each items}}'],
      ['mustache-template', '{{/each}}'],
    ]);
    assert.deepEqual(diagnostics[0]!.data, { replacement: '<< html >>' });
    assert.equal(diagnostics[1]!.data, undefined);
  });

  void it('ignores `{{` inside a `<< >>` template and outside config, output and vars', () => {
    assert.deepEqual(runPass(checkMustache, logStep(`"<<'{{ not a tag }}'>>"`)), []);
    const text = `name: "{{ title }}"\ndescription: "{{ d }}"\nvars: { v: "{{ w }}" }\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    name: "{{ n }}"\n`;
    assert.deepEqual(codesAndTexts(runPass(checkMustache, text)), [['mustache-template', '{{ w }}']]);
  });

  void it('gives exact ranges in JSON files', () => {
    const text = '{\n  "name": "x",\n  "vars": { "greeting": "Hello {{user}}" },\n  "steps": [{ "stepSlug": "start", "stepType": "trigger" }]\n}\n';
    assert.deepEqual(codesAndTexts(runPass(checkMustache, text, { file: 'a.flow.json' })), [['mustache-template', '{{user}}']]);
  });
});
