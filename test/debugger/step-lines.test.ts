// Breakpoint lines map to steps in YAML and JSON workflows alike: any line of a step belongs to
// it and reports the step's first line; lines between or before steps belong to none.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkflowLines } from '../../debugger/src/step-lines.ts';

describe('WorkflowLines', () => {
  it('maps every line of a YAML step to that step, and lines outside steps to none', () => {
    const lines = new WorkflowLines(
      ['name: Demo', 'steps:', '  - stepSlug: start', '    stepType: trigger', '    config: { type: manual }', '    nextSteps: { success: greet }', '', '  # the greeting', '  - stepSlug: greet', '    stepType: action', '    config:', '      type: log', '      parameters: { message: hi }', ''].join('\n'),
      'demo.flow.yaml',
    );
    assert.deepEqual(lines.steps.map((step) => [step.slug, step.firstLine]), [['start', 2], ['greet', 8]]);
    assert.equal(lines.stepAtLine(0), undefined);
    assert.equal(lines.stepAtLine(3)?.slug, 'start');
    assert.equal(lines.stepAtLine(5)?.slug, 'start');
    assert.equal(lines.stepAtLine(7), undefined);
    assert.equal(lines.stepAtLine(12)?.slug, 'greet');
    assert.equal(lines.stepAtLine(13), undefined);
  });

  it('maps the lines of a JSON step object', () => {
    const text = JSON.stringify({ name: 'Demo', steps: [{ stepSlug: 'start', stepType: 'trigger', config: { type: 'manual' } }, { stepSlug: 'next', stepType: 'action', config: { type: 'log', parameters: { message: 'x' } } }] }, null, 2);
    const lines = new WorkflowLines(text, 'demo.flow.json');
    const next = lines.steps.find((step) => step.slug === 'next');
    assert.ok(next);
    assert.match(text.split('\n')[next.firstLine] ?? '', /\{/);
    assert.equal(lines.stepAtLine(next.firstLine + 2)?.slug, 'next');
  });
});
