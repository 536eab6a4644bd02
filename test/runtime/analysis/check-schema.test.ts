// The schema pass on real YAML and JSON: one clear diagnostic per place, on the tightest node,
// with did-you-mean where it helps, and nothing at all on a valid workflow.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { cachedStepProblems, checkSchema } from '../../../runtime/src/analysis/check-schema.ts';
import workflowValidators from '../../../runtime/src/analysis/precompiled/workflow-validators.cjs';
import { generateWorkflow } from '../../../bench/generate-workflow.ts';
import { parseWorkflow } from '../../../runtime/src/language/parse-workflow.ts';
import { ActionCatalog } from '../../../runtime/src/catalog/action-catalog.ts';
import { codesAndTexts, runPass, workflowWith } from './pass-harness.ts';

const VALID = `name: Product recommendations
description: Recommend 3 products and email them
inputs:
  customerId: { type: string, required: true, description: The customer to serve }
  limit: { type: integer, default: 20, minimum: 1 }
  tags: { type: array, items: { type: string } }
  address: { type: object, properties: { zip: { type: string } } }
  tier: { type: string, enum: [bronze, gold] }
secrets: [ANTHROPIC_API_KEY, CRM_TOKEN]
vars: { greeting: Hello, count: 0 }
settings:
  maxSteps: 10000
  timeoutMs: 600000
  retry: { maxAttempts: 3, backoff: exponential, initialDelayMs: 500, maxDelayMs: 30000 }
output:
  recommended: <<steps.recommend.output.products>>
steps:
  - stepSlug: start
    stepType: trigger
    name: Start
    config: { type: schedule, cron: "0 9 * * MON-FRI", timezone: Europe/Paris }
    nextSteps: { success: fetch }
  - stepSlug: fetch
    stepType: action
    config:
      type: http.request
      parameters: { url: "https://api.example.com/<<input.customerId>>" }
    retry: { maxAttempts: 5 }
    timeoutMs: 5000
    nextSteps: { success: recommend, error: fail }
  - stepSlug: recommend
    stepType: llm
    config:
      systemPrompt: You recommend products.
      userPrompt: "Customer: <<steps.fetch.output.body>>"
      model: claude-sonnet-4-5
      temperature: 0.2
      maxTokens: <<vars.count>>
      outputFormat: json
      outputSchema: { type: object }
      tools: [records.query]
      thread: shop
    nextSteps: { success: check }
  - stepSlug: check
    stepType: condition
    config: { expression: "<<input.tier>> == 'gold'" }
    nextSteps: { "true": each, "false": end }
  - stepSlug: each
    stepType: loop
    config: { items: "<<steps.recommend.output.products>>", itemVariable: product, concurrency: 2, collect: "<<product>>" }
    nextSteps: { next: both, done: approve }
  - stepSlug: both
    stepType: parallel
    config: { branches: [log_it] }
    nextSteps: { done: each }
  - stepSlug: log_it
    stepType: action
    config: { type: log, parameters: { message: hi } }
  - stepSlug: approve
    stepType: approval
    config: { title: Send?, details: "<<product>>", timeoutMs: 86400000 }
    nextSteps: { approved: sub, rejected: end, timeout: fail }
  - stepSlug: sub
    stepType: workflow
    config: { path: ./other.flow.yaml, input: { id: 1 } }
`;

void describe('checkSchema', () => {
  void it('reports nothing on a valid workflow that uses every step type', () => {
    assert.deepEqual(runPass(checkSchema, VALID), []);
  });

  void it('reports an unknown step key on the key, with did-you-mean', () => {
    const [problem, ...rest] = runPass(checkSchema, workflowWith('  - stepSlug: a\n    stepType: action\n    config: { type: log }\n    nextStep: { success: end }\n'));
    assert.deepEqual(rest, []);
    assert.equal(problem!.code, 'schema');
    assert.equal(problem!.text, 'nextStep');
    assert.equal(problem!.message, 'Unknown key `nextStep` in action step. Did you mean `nextSteps`?');
    assert.deepEqual(problem!.data, { suggestion: 'nextSteps' });
  });

  void it('lists the allowed keys when no key is close', () => {
    const [problem] = runPass(checkSchema, 'name: x\nsettings: { zzz: 1 }\nsteps: [{ stepSlug: a, stepType: trigger }]\n');
    assert.equal(problem!.text, 'zzz');
    assert.match(problem!.message, /Allowed keys: maxSteps, timeoutMs, retry\./);
  });

  void it('reports an unknown stepType on the value, with a suggestion', () => {
    const diagnostics = runPass(checkSchema, workflowWith('  - stepSlug: a\n    stepType: acton\n'));
    assert.deepEqual(codesAndTexts(diagnostics), [['schema', 'acton']]);
    assert.match(diagnostics[0]!.message, /^`acton` is not a valid `stepType`\. Did you mean `action`\?/);
    assert.deepEqual(diagnostics[0]!.data, { suggestion: 'action' });
  });

  void it('reports a missing required config key on the config key', () => {
    const diagnostics = runPass(checkSchema, workflowWith('  - stepSlug: ask\n    stepType: llm\n    config:\n      userPrompt: hi\n'));
    assert.deepEqual(codesAndTexts(diagnostics), [['schema', 'config']]);
    assert.equal(diagnostics[0]!.message, 'Missing required key `systemPrompt` in llm config.');
  });

  void it("reports a missing config on the step's first key", () => {
    const diagnostics = runPass(checkSchema, workflowWith('  - stepSlug: act\n    stepType: action\n'));
    assert.deepEqual(codesAndTexts(diagnostics), [['schema', 'stepSlug']]);
    assert.equal(diagnostics[0]!.message, 'Missing required key `config` in action step.');
  });

  void it('reports a missing name on the first key of the file', () => {
    const diagnostics = runPass(checkSchema, 'description: no name\nsteps: [{ stepSlug: a, stepType: trigger }]\n');
    assert.deepEqual(codesAndTexts(diagnostics), [['schema', 'description']]);
    assert.equal(diagnostics[0]!.message, 'Missing required key `name` in workflow.');
  });

  void it('merges missing keys at the same place into one message', () => {
    const diagnostics = runPass(checkSchema, 'vars: {}\n');
    assert.deepEqual(codesAndTexts(diagnostics), [['schema', 'vars']]);
    assert.equal(diagnostics[0]!.message, 'Missing required keys `name` and `steps` in workflow.');
  });

  void it('reports an invalid slug on the value and suggests a valid one', () => {
    const diagnostics = runPass(checkSchema, workflowWith('  - stepSlug: Fetch-Orders\n    stepType: action\n    config: { type: log }\n'));
    assert.deepEqual(codesAndTexts(diagnostics), [['schema', 'Fetch-Orders']]);
    assert.deepEqual(diagnostics[0]!.data, { suggestion: 'fetch_orders' });
  });

  void it('leaves reserved slugs and unknown ports to the graph pass', () => {
    const text = workflowWith('  - stepSlug: end\n    stepType: action\n    config: { type: log }\n    nextSteps: { sucess: end, whatever: fail }\n');
    assert.deepEqual(runPass(checkSchema, text), []);
  });

  void it('accepts numbers or templates in numeric config fields, and says so when neither', () => {
    const diagnostics = runPass(
      checkSchema,
      workflowWith('  - stepSlug: ask\n    stepType: llm\n    config: { systemPrompt: hi, maxTokens: lots, temperature: 2, thread: "" }\n  - stepSlug: ok\n    stepType: llm\n    config: { systemPrompt: hi, maxTokens: "<<vars.n>>", temperature: "<<vars.t>>" }\n'),
    );
    assert.deepEqual(codesAndTexts(diagnostics), [
      ['schema', 'lots'],
      ['schema', '2'],
      ['schema', '""'],
    ]);
    assert.equal(diagnostics[0]!.message, '`maxTokens` must be an integer or a `<< >>` template, not the string "lots".');
    assert.equal(diagnostics[1]!.message, '`temperature` must be at most 1, not 2.');
    assert.equal(diagnostics[2]!.message, '`thread` must not be empty.');
  });

  void it('reports one problem for a config of the wrong type (not one per schema branch)', () => {
    const diagnostics = runPass(checkSchema, workflowWith('  - stepSlug: ask\n    stepType: llm\n    config: 5\n'));
    assert.deepEqual(codesAndTexts(diagnostics), [['schema', '5']]);
    assert.equal(diagnostics[0]!.message, '`config` must be a map, not the number 5.');
  });

  void it('reports an empty value on its key', () => {
    const diagnostics = runPass(checkSchema, workflowWith('  - stepSlug: c\n    stepType: condition\n    config:\n'));
    assert.deepEqual(codesAndTexts(diagnostics), [['schema', 'config']]);
    assert.equal(diagnostics[0]!.message, '`config` is empty; it must be a map.');
  });

  void it('reports trigger keys that do not apply to the trigger type', () => {
    const text = 'name: x\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    config: { type: manual, cron: "* * * * *" }\n';
    const diagnostics = runPass(checkSchema, text);
    assert.deepEqual(codesAndTexts(diagnostics), [['schema', 'cron']]);
    assert.equal(diagnostics[0]!.message, '`cron` does not apply to a `manual` trigger; remove it.');
  });

  void it('requires path on webhook triggers and eventType on event triggers', () => {
    const webhook = runPass(checkSchema, 'name: x\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    config: { type: webhook, method: POST }\n');
    assert.deepEqual(codesAndTexts(webhook), [['schema', 'config']]);
    assert.equal(webhook[0]!.message, 'Missing required key `path` in `webhook` trigger config.');
    const event = runPass(checkSchema, 'name: x\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    config: { type: event, eventType: customer.created }\n');
    assert.deepEqual(event, []);
  });

  void it('reports retry and timeoutMs on step types that do not retry', () => {
    const diagnostics = runPass(checkSchema, workflowWith('  - stepSlug: c\n    stepType: condition\n    config: { expression: "true" }\n    retry: { maxAttempts: 2 }\n    timeoutMs: 5\n'));
    assert.deepEqual(codesAndTexts(diagnostics), [
      ['schema', 'retry'],
      ['schema', 'timeoutMs'],
    ]);
    assert.equal(diagnostics[0]!.message, '`retry` does not apply to a condition step; remove it.');
  });

  void it('reports top-level shapes: enum typos, duplicate secrets, bad secret names, empty steps', () => {
    const text = 'name: x\ninputs:\n  n: { type: integr }\nsecrets: [A_KEY, 9bad, A_KEY]\nsettings: { retry: { backoff: linear } }\nsteps: []\n';
    const diagnostics = runPass(checkSchema, text);
    assert.deepEqual(codesAndTexts(diagnostics), [
      ['schema', 'integr'],
      ['schema', '9bad'],
      ['schema', 'A_KEY'],
      ['schema', 'linear'],
      ['schema', '[]'],
    ]);
    assert.equal(diagnostics[2]!.range.start, text.lastIndexOf('A_KEY'), 'the duplicate, not the first occurrence');
    assert.deepEqual(diagnostics[0]!.data, { suggestion: 'integer' });
    assert.equal(diagnostics[4]!.message, '`steps` must list at least 1 item.');
  });

  void it('reports a step that is not a map on the item', () => {
    const diagnostics = runPass(checkSchema, workflowWith('  - just text\n'));
    assert.deepEqual(codesAndTexts(diagnostics), [['schema', 'just text']]);
  });

  void it('gives exact ranges in JSON files', () => {
    const text = '{\n  "name": "x",\n  "steps": [\n    { "stepSlug": "start", "stepType": "trigger", "confg": {} }\n  ]\n}\n';
    const diagnostics = runPass(checkSchema, text, { file: 'a.flow.json' });
    assert.deepEqual(codesAndTexts(diagnostics), [['schema', '"confg"']]);
    assert.deepEqual(diagnostics[0]!.data, { suggestion: 'config' });
  });

  void it('reports one message for an empty file, and nothing more when YAML could not be read', () => {
    assert.deepEqual(runPass(checkSchema, '').map((item) => item.message), ['The file is empty: a workflow needs at least `name` and `steps`.']);
    const broken = 'name: [Broken\nsteps:\n  - stepSlug: a\n    stepType: trigger\n';
    assert.deepEqual(
      runPass(checkSchema, broken).filter((item) => item.text.startsWith('[')),
      [],
      'the recovered `name` list is the syntax error, not a schema problem',
    );
  });

  void it('reuses the problems of unchanged steps when another step is edited', () => {
    const stepText = (slug: string, key: string) => `  - stepSlug: ${slug}\n    stepType: action\n    config: { type: log }\n    ${key}: { success: end }\n`;
    const before = workflowWith(stepText('a', 'nextStep') + stepText('b', 'nextSteps'));
    const after = workflowWith(`  - stepSlug: new\n    stepType: action\n    config: { type: log }\n${stepText('a', 'nextStep')}${stepText('b', 'nextStep')}`);
    assert.deepEqual(codesAndTexts(runPass(checkSchema, before, { file: 'edit.flow.yaml' })), [['schema', 'nextStep']]);
    const edited = runPass(checkSchema, after, { file: 'edit.flow.yaml' });
    // Both moved; positions must follow the text, whether the step was cached or validated anew.
    assert.deepEqual(
      edited.map((item) => item.range.start),
      [after.indexOf('nextStep:'), after.lastIndexOf('nextStep:')],
    );
    assert.equal(edited[0]!.message, 'Unknown key `nextStep` in action step. Did you mean `nextSteps`?');
  });

  void it('validates only the edited step again, one keystroke later in a 5000-step workflow', () => {
    let text = 'name: Big\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    nextSteps: { success: s0 }\n';
    for (let i = 0; i < 5000; i++) {
      text += `  - stepSlug: s${i}\n    stepType: action\n    config:\n      type: http.request\n      parameters: { url: "https://example.com/<<vars.x>>" }\n    nextSteps: { success: s${i + 1} }\n`;
    }
    const run = (source: string) => {
      const document = parseWorkflow(source, 'big.flow.yaml');
      let count = 0;
      const validated = countStepValidations(() => checkSchema({ document, catalog: ActionCatalog.builtin(), report: () => count++ }));
      return { validated, count };
    };
    assert.deepEqual(run(text), { validated: 5001, count: 0 });
    // One keystroke later: a different step text somewhere in the middle.
    assert.deepEqual(run(text.replace('stepSlug: s2500\n', 'stepSlug: s2500x\n')), { validated: 1, count: 0 });
  });

  it('keeps step problems for a bounded amount of text, however many files it checks', () => {
    // What `stepline validate` over many large files does: each file once.
    const text = generateWorkflow(1500);
    let reported = 0;
    for (let file = 0; file < 16; file++) {
      checkSchema({ document: parseWorkflow(text, `many-${file}.flow.yaml`), catalog: ActionCatalog.builtin(), report: () => reported++ });
      const { files, characters } = cachedStepProblems();
      assert.ok(characters <= 4_000_000 || files === 1, `${files} files, ${characters} characters after ${file + 1} files`);
    }
    assert.equal(reported, 0);
    const { files } = cachedStepProblems();
    assert.ok(files >= 2 && files < 16, `${files} files kept`);
  });
});

/** How many steps `body` validates, counted at the validator the schema check calls. */
function countStepValidations(body: () => void): number {
  const validators = workflowValidators as { step: ValidateFunction };
  const original = validators.step;
  let count = 0;
  const counting = ((data: unknown) => {
    count++;
    const valid = original(data);
    counting.errors = original.errors ?? null;
    return valid;
  }) as ValidateFunction;
  validators.step = counting;
  try {
    body();
  } finally {
    validators.step = original;
  }
  return count;
}
