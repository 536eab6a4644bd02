// The engine on real stores: step types, ports, unwired-port semantics, `end`/`fail`, vars,
// workflow output, input validation and maxSteps (spec §3–§4).

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { EngineError } from '../../../runtime/src/engine/index.ts';
import { createHarness, workflow } from './engine-harness.ts';

const harness = createHarness();
after(() => harness.close());

describe('engine control flow', () => {
  it('runs a chain of actions, merges set_variables into vars and evaluates the output', async () => {
    const result = await harness.run(
      workflow(
        `  - stepSlug: first
    stepType: action
    config: { type: set_variables, parameters: { total: "<<input.a + 1>>" } }
    nextSteps: { success: second }
  - stepSlug: second
    stepType: action
    config: { type: set_variables, parameters: { total: "<<steps.first.output.total * 10>>", label: "n=<<vars.total>>" } }
`,
        'inputs:\n  a: { type: integer, required: true }\nvars: { total: 0 }\noutput:\n  total: <<vars.total>>\n  label: <<vars.label>>\n  first: <<steps.first.output>>\n',
      ),
      { a: 4 },
    );
    assert.equal(result.status, 'completed');
    assert.deepEqual(result.output, { total: 50, label: 'n=5', first: { total: 5 } });
    assert.deepEqual(harness.trace(), ['start success', 'first success', 'second success']);
    const records = harness.store.listSteps(result.runId);
    assert.deepEqual(records.map((record) => `${record.path}:${record.port}:${record.attempt}`), ['start:success:1', 'first:success:1', 'second:success:1']);
    assert.deepEqual(records[2]!.params, { total: 50, label: 'n=5' });
    assert.deepEqual(harness.store.getRun(result.runId)?.output, result.output);
    assert.equal(harness.store.getRun(result.runId)?.status, 'completed');
  });

  it('routes a condition to true or false with output { result }, and an evaluation error to error', async () => {
    const yaml = workflow(
      `  - stepSlug: check
    stepType: condition
    config: { expression: "<<input.n>> > 10 && input.tag == 'x' || input.tag == 'boom' && nosuch" }
    nextSteps: { true: big, false: small, error: broken }
  - stepSlug: big
    stepType: action
    config: { type: log, parameters: { message: big } }
    nextSteps: { success: end }
  - stepSlug: small
    stepType: action
    config: { type: log, parameters: { message: small } }
    nextSteps: { success: end }
  - stepSlug: broken
    stepType: action
    config: { type: log, parameters: { message: "broken: <<steps.check.error.code>>" } }
    nextSteps: { success: end }
`,
      'output: { result: <<steps.check.output.result>>, code: <<steps.check.error.code>> }\n',
    );
    assert.deepEqual((await harness.run(yaml, { n: 11, tag: 'x' })).output, { result: true, code: null });
    assert.deepEqual(harness.trace(), ['start success', 'check true', 'big success']);
    assert.deepEqual((await harness.run(yaml, { n: 3, tag: 'x' })).output, { result: false, code: null });
    assert.deepEqual(harness.trace(), ['start success', 'check false', 'small success']);
    // An unknown name is an evaluation error.
    const broken = await harness.run(yaml, { n: 3, tag: 'boom' });
    assert.equal(broken.status, 'completed');
    assert.deepEqual(harness.trace(), ['start success', 'check error', 'broken success']);
    assert.equal((broken.output as { code: string }).code, 'expression-error');
  });

  it('completes the run at an unwired success port and fails it at an unwired error port', async () => {
    const ok = await harness.run(workflow(`  - stepSlug: only\n    stepType: action\n    config: { type: log, parameters: { message: hi } }\n`));
    assert.equal(ok.status, 'completed');
    const failed = await harness.run(workflow(`  - stepSlug: load\n    stepType: action\n    config: { type: records.get, parameters: { collection: none, id: x } }\n    nextSteps: { success: end }\n`));
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error?.code, 'not-found');
    assert.match(failed.error!.message, /No record "x"/);
    assert.deepEqual(harness.trace(), ['start success', 'load error']);
    assert.equal(harness.store.getRun(failed.runId)?.status, 'failed');
  });

  it('`fail` fails the run with the last error; `end` completes it at once', async () => {
    const yaml = workflow(`  - stepSlug: load
    stepType: action
    config: { type: records.get, parameters: { collection: none, id: "<<input.id>>" } }
    nextSteps: { success: end, error: note }
  - stepSlug: note
    stepType: action
    config: { type: log, parameters: { message: missing } }
    nextSteps: { success: fail }
`);
    const result = await harness.run(yaml, { id: 'abc' });
    assert.equal(result.status, 'failed');
    assert.equal(result.error?.code, 'not-found');
    assert.deepEqual(harness.trace(), ['start success', 'load error', 'note success']);

    const plainFail = await harness.run(workflow(`  - stepSlug: stop\n    stepType: action\n    config: { type: log, parameters: { message: x } }\n    nextSteps: { success: fail }\n`));
    assert.equal(plainFail.error?.code, 'failed');
    assert.match(plainFail.error!.message, /reached `fail` after step stop/);
  });

  it('takes the error port when a parameter template fails, naming the parameter', async () => {
    const result = await harness.run(workflow(`  - stepSlug: bad\n    stepType: action\n    config: { type: log, parameters: { message: "<<nosuch.value>>" } }\n`));
    assert.equal(result.status, 'failed');
    assert.equal(result.error?.code, 'expression-error');
    assert.match(result.error!.message, /^parameters\.message: unknown name 'nosuch'/);
  });

  it('fails a step with an unknown action clearly', async () => {
    const result = await harness.run(workflow(`  - stepSlug: mystery\n    stepType: action\n    config: { type: crm.frobnicate, parameters: {} }\n`));
    assert.equal(result.error?.code, 'unknown-action');
    assert.match(result.error!.message, /crm\.frobnicate/);
  });

  it('validates the input: applies defaults and lists every problem at once', async () => {
    const yaml = workflow(`  - stepSlug: only\n    stepType: action\n    config: { type: log, parameters: { message: "<<input.limit>>" } }\n`, 'inputs:\n  customerId: { type: string, required: true }\n  limit: { type: integer, default: 20, minimum: 1 }\n  tier: { type: string, enum: [gold, silver] }\noutput: { limit: <<input.limit>> }\n');
    assert.deepEqual((await harness.run(yaml, { customerId: 'c1' })).output, { limit: 20 });
    await assert.rejects(
      harness.run(yaml, { limit: 'many', tier: 'bronze' }),
      (error: unknown) => {
        assert.ok(error instanceof EngineError);
        assert.equal(error.code, 'invalid-input');
        assert.deepEqual(error.problems.sort(), ['input.limit must be integer', 'input.tier must be one of ["gold","silver"]', 'missing required input customerId'].sort());
        return true;
      },
    );
    await assert.rejects(harness.run(yaml, [1, 2]), /must be a JSON object/);
  });

  it('fails the run with a clear message when settings.maxSteps is reached', async () => {
    const result = await harness.run(
      workflow(`  - stepSlug: each
    stepType: loop
    config: { items: "<<input.items>>" }
    nextSteps: { next: work }
  - stepSlug: work
    stepType: action
    config: { type: set_variables, parameters: { n: "<<loop.index>>" } }
    nextSteps: { success: each }
`, 'settings: { maxSteps: 5 }\n'),
      { items: [1, 2, 3, 4, 5, 6] },
    );
    assert.equal(result.status, 'failed');
    assert.equal(result.error?.code, 'max-steps');
    assert.match(result.error!.message, /settings\.maxSteps \(5 step executions\)/);
    assert.equal(result.stepsExecuted, 5);
  });

  it('renders initial vars from the input and keeps them with the trigger record', async () => {
    const result = await harness.run(workflow(`  - stepSlug: only\n    stepType: action\n    config: { type: log, parameters: { message: "<<vars.greeting>>" } }\n`, 'vars: { greeting: "Hello <<input.name>>" }\noutput: <<vars.greeting>>\n'), { name: 'Ada' });
    assert.equal(result.output, 'Hello Ada');
    assert.deepEqual(harness.store.listSteps(result.runId)[0]!.extra, { vars: { greeting: 'Hello Ada' } });
  });

  it('does not write to the runs table in memory-only mode', async () => {
    const before = harness.store.listRuns().length;
    const result = await harness.run(workflow(`  - stepSlug: only\n    stepType: action\n    config: { type: set_variables, parameters: { x: 1 } }\n`, 'output: <<vars.x>>\n'), undefined, { durable: false });
    assert.equal(result.output, 1);
    assert.equal(harness.store.listRuns().length, before);
  });
});
