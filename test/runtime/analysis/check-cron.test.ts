// The schedule-trigger pass on real YAML: `cron` required and valid, pointing at the offending
// field when the value is written literally, and `timezone` an IANA zone with did-you-mean.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCron } from '../../../runtime/src/analysis/check-cron.ts';
import { codesAndTexts, runPass } from './pass-harness.ts';

function trigger(config: string): string {
  return `name: Scheduled\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    config:\n${config}    nextSteps: { success: end }\n`;
}

void describe('checkCron', () => {
  void it('accepts valid expressions, macros and zones', () => {
    assert.deepEqual(runPass(checkCron, trigger('      type: schedule\n      cron: "0 9 * * MON-FRI"\n      timezone: America/New_York\n')), []);
    assert.deepEqual(runPass(checkCron, trigger('      type: schedule\n      cron: "@daily"\n')), []);
  });

  void it('reports an out-of-range value on the field itself', () => {
    const diagnostics = runPass(checkCron, trigger('      type: schedule\n      cron: "61 * * * *"\n'));
    assert.deepEqual(codesAndTexts(diagnostics), [['invalid-cron', '61']]);
    assert.equal(diagnostics[0]!.message, 'minute field: 61 is out of range 0–59');
    assert.deepEqual(diagnostics[0]!.data, { field: 'minute' });
  });

  void it('points at the field in plain and single-quoted values too', () => {
    assert.deepEqual(codesAndTexts(runPass(checkCron, trigger('      type: schedule\n      cron: 0 0 * * FRX\n'))), [['invalid-cron', 'FRX']]);
    assert.deepEqual(codesAndTexts(runPass(checkCron, trigger("      type: schedule\n      cron: '0 0 30 2 *'\n"))), [['invalid-cron', '30']]);
  });

  void it('reports a wrong number of fields on the whole value', () => {
    const diagnostics = runPass(checkCron, trigger('      type: schedule\n      cron: "*/5 * * *"\n'));
    assert.deepEqual(codesAndTexts(diagnostics), [['invalid-cron', '"*/5 * * *"']]);
    assert.match(diagnostics[0]!.message, /^Expected 5 fields/);
  });

  void it('requires cron on a schedule trigger', () => {
    const missing = runPass(checkCron, trigger('      type: schedule\n'));
    assert.deepEqual(codesAndTexts(missing), [['invalid-cron', 'schedule']]);
    assert.match(missing[0]!.message, /^A schedule trigger needs `cron`/);
    assert.deepEqual(codesAndTexts(runPass(checkCron, trigger('      type: schedule\n      cron:\n'))), [['invalid-cron', 'cron']]);
  });

  void it('rejects a templated cron or zone', () => {
    const diagnostics = runPass(checkCron, trigger('      type: schedule\n      cron: <<vars.cron>>\n      timezone: <<vars.zone>>\n'));
    assert.deepEqual(codesAndTexts(diagnostics), [
      ['invalid-cron', '<<vars.cron>>'],
      ['invalid-cron', '<<vars.zone>>'],
    ]);
  });

  void it('reports an unknown time zone with a suggestion', () => {
    const diagnostics = runPass(checkCron, trigger('      type: schedule\n      cron: "* * * * *"\n      timezone: Europe/Pari\n'));
    assert.deepEqual(codesAndTexts(diagnostics), [['invalid-cron', 'Europe/Pari']]);
    assert.equal(diagnostics[0]!.message, 'Unknown time zone `Europe/Pari`. Did you mean `Europe/Paris`?');
    assert.deepEqual(diagnostics[0]!.data, { suggestion: 'Europe/Paris' });
  });

  void it('ignores triggers that are not schedules', () => {
    assert.deepEqual(runPass(checkCron, trigger('      type: manual\n      cron: "99 * * * *"\n')), []);
    assert.deepEqual(runPass(checkCron, trigger('      type: webhook\n      path: hook\n')), []);
  });

  void it('gives exact ranges in JSON files', () => {
    const text = '{\n  "name": "x",\n  "steps": [\n    { "stepSlug": "start", "stepType": "trigger", "config": { "type": "schedule", "cron": "0 25 * * *" } }\n  ]\n}\n';
    assert.deepEqual(codesAndTexts(runPass(checkCron, text, { file: 'a.flow.json' })), [['invalid-cron', '25']]);
  });
});
