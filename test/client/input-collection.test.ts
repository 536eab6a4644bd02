import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inputFileFor, inputQuestions, parseAnswer, parseInputFile } from '../../client/src/input-collection.ts';
import { parseWorkflow } from '../../runtime/src/language/parse-workflow.ts';

const WORKFLOW = `name: Inputs
inputs:
  customerId: { type: string, required: true, description: The customer to serve }
  limit: { type: integer, default: 20, minimum: 1 }
  tier: { type: string, enum: [gold, silver], default: silver }
  notify: { type: boolean }
  tags: { type: array }
steps:
  - stepSlug: start
    stepType: trigger
    config: { type: manual }
`;

describe('inputFileFor', () => {
  test('replaces the workflow extension with .input.json', () => {
    assert.equal(inputFileFor('/w/recommend-products.flow.yaml'), '/w/recommend-products.input.json');
    assert.equal(inputFileFor('/w/a.flow.yml'), '/w/a.input.json');
    assert.equal(inputFileFor('C:\\w\\Import.FLOW.JSON'), 'C:\\w\\Import.input.json');
  });
});

describe('inputQuestions', () => {
  const inputs = parseWorkflow(WORKFLOW, 'inputs.flow.yaml').workflow.inputs;

  test('asks one typed question per declared input, in order, pre-filled with defaults', () => {
    const questions = inputQuestions(inputs);
    assert.deepEqual(
      questions.map((question) => [question.name, question.kind, question.type, question.required]),
      [
        ['customerId', 'text', 'string', true],
        ['limit', 'text', 'integer', false],
        ['tier', 'pick', 'string', false],
        ['notify', 'pick', 'boolean', false],
        ['tags', 'text', 'array', false],
      ],
    );
    const limit = questions[1]!;
    assert.equal(limit.kind === 'text' && limit.value, '20');
    assert.match(questions[0]!.prompt, /The customer to serve/);
    const tier = questions[2]!;
    assert.deepEqual(tier.kind === 'pick' && tier.choices.filter((choice) => choice.picked).map((choice) => choice.value), ['silver']);
  });

  test('a remembered answer wins over the default', () => {
    const questions = inputQuestions(inputs, { customerId: 'cus_ada', limit: 5, tier: 'gold' });
    const [customer, limit, tier] = questions;
    assert.equal(customer!.kind === 'text' && customer!.value, 'cus_ada');
    assert.equal(limit!.kind === 'text' && limit!.value, '5');
    assert.deepEqual(tier!.kind === 'pick' && tier!.choices.filter((choice) => choice.picked).map((choice) => choice.value), ['gold']);
  });
});

describe('parseAnswer', () => {
  const question = (type: string, required = false) => ({ name: 'x', type, required });

  test('parses each type', () => {
    assert.deepEqual(parseAnswer(question('integer'), ' 42 '), { ok: true, value: 42, omitted: false });
    assert.deepEqual(parseAnswer(question('number'), '2.5'), { ok: true, value: 2.5, omitted: false });
    assert.deepEqual(parseAnswer(question('string'), ' keeps spaces '), { ok: true, value: ' keeps spaces ', omitted: false });
    assert.deepEqual(parseAnswer(question('boolean'), 'true'), { ok: true, value: true, omitted: false });
    assert.deepEqual(parseAnswer(question('array'), '["a", 1]'), { ok: true, value: ['a', 1], omitted: false });
    assert.deepEqual(parseAnswer(question('object'), '{"a": 1}'), { ok: true, value: { a: 1 }, omitted: false });
    assert.deepEqual(parseAnswer(question('any'), 'plain words'), { ok: true, value: 'plain words', omitted: false });
  });

  test('rejects ill-typed answers with a message naming the input', () => {
    for (const [type, text] of [['integer', '4.5'], ['number', 'abc'], ['boolean', 'yes'], ['array', '{"a":1}'], ['object', '[1]'], ['object', '{oops']]) {
      const parsed = parseAnswer(question(type!), text!);
      assert.equal(parsed.ok, false, `${type} ${text}`);
      assert.match(!parsed.ok ? parsed.message : '', /^x /);
    }
  });

  test('an empty answer omits an optional input and is refused for a required one', () => {
    assert.deepEqual(parseAnswer(question('integer'), '  '), { ok: true, value: undefined, omitted: true });
    assert.deepEqual(parseAnswer(question('string', true), ''), { ok: false, message: 'x is required.' });
  });
});

describe('parseInputFile', () => {
  test('accepts a JSON object only', () => {
    assert.deepEqual(parseInputFile('{"customerId":"cus_ada"}'), { ok: true, value: { customerId: 'cus_ada' } });
    assert.equal(parseInputFile('[1]').ok, false);
    assert.equal(parseInputFile('{').ok, false);
  });
});
