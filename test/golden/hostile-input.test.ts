// Hostile and malformed input for the analyzer: broken YAML, random bytes, deep nesting, wrong
// types everywhere, broken templates and prototype names. Each must give diagnostics with
// valid ranges, never throw, and finish quickly.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeText, type AnalysisResult } from '../../runtime/src/analysis/analyze.ts';

/** Generous: each case takes milliseconds; only a hang or a blow-up comes near this. */
const TIME_LIMIT_MS = 3000;

function analyzeSafely(text: string, file = 'hostile.flow.yaml'): AnalysisResult {
  const started = performance.now();
  const result = analyzeText(text, { file });
  const elapsed = performance.now() - started;
  assert.ok(elapsed < TIME_LIMIT_MS, `analysis took ${Math.round(elapsed)} ms`);
  for (const item of result.diagnostics) {
    const { start, end } = item.range;
    assert.ok(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= text.length, `${item.code} has the range [${start}, ${end}) outside the text (length ${text.length})`);
    assert.equal(typeof item.message, 'string');
    assert.ok(item.message.length > 0, `${item.code} has an empty message`);
  }
  return result;
}

function codes(result: AnalysisResult): string[] {
  return result.diagnostics.map((item) => item.code);
}

/** A small deterministic generator, so a failure can be reproduced from the seed. */
function randomBytes(seed: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0;
  for (let index = 0; index < length; index++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[index] = state >>> 24;
  }
  return bytes;
}

const VALID_HEAD = `name: Hostile
steps:
  - stepSlug: start
    stepType: trigger
    config: { type: manual }
    nextSteps: { success: probe }
  - stepSlug: probe
    stepType: action
    config:
      type: log
      parameters:
`;

describe('malformed YAML', () => {
  const cases: Record<string, string> = {
    'unclosed double quote': 'name: "Broken\nsteps: []\n',
    'unclosed single quote': "name: 'Broken\n",
    'unclosed flow sequence': 'name: x\nsteps: [a, b\n',
    'unclosed flow map': 'name: x\nsteps: [{ stepSlug: a\n',
    'tab indentation': 'name: x\nsteps:\n\t- stepSlug: a\n',
    'colons everywhere': ': : :\n:::\n- : -\n',
    'sequence and map mixed': '- a\nb: c\n',
    'block scalar without body at end': 'name: |',
    'document markers only': '---\n...\n---\n',
    'two documents': 'name: a\n---\nname: b\n',
    'self-referencing alias': 'name: &x [*x]\n',
    'undefined alias': 'name: *nope\nsteps: *nothing\n',
    'merge key': 'base: &b { stepType: action }\nsteps:\n  - <<: *b\n    stepSlug: a\n',
    'complex key': '? [a, b]\n: c\n',
    'directive garbage': '%YAML 9.9\n%FOO bar\n---\nname: x\n',
    'lone brackets': ']]]}}}[[[{{{',
    'control characters': 'name: \u0001\u0002\u0003\nsteps: \u007f\n',
    'lone surrogates': 'name: \ud800\udfff\udc00\nsteps: [\ud83d]\n',
    'very long line': `name: ${'x'.repeat(200_000)}\nsteps: [${'a,'.repeat(20_000)}]\n`,
  };
  for (const [name, text] of Object.entries(cases)) {
    test(name, () => {
      analyzeSafely(text);
    });
  }

  test('an unclosed quote is a yaml-syntax error', () => {
    assert.ok(codes(analyzeSafely('name: "Broken\nsteps: []\n')).includes('yaml-syntax'));
  });

  test('an empty file and a comment-only file get diagnostics, not an exception', () => {
    assert.ok(analyzeSafely('').diagnostics.length > 0);
    assert.ok(analyzeSafely('# nothing here\n').diagnostics.length > 0);
  });
});

describe('binary input', () => {
  for (const seed of [1, 2, 3]) {
    test(`random bytes, seed ${seed}`, () => {
      const bytes = randomBytes(seed, 64 * 1024);
      bytes[10] = 0;
      bytes[1000] = 0;
      const result = analyzeSafely(new TextDecoder().decode(bytes));
      assert.ok(result.diagnostics.length > 0);
    });
  }

  test('a NUL byte in an otherwise valid workflow is reported', () => {
    const result = analyzeSafely(`${VALID_HEAD}        message: "a\u0000b"\n`);
    assert.ok(result.diagnostics.length > 0 || result.document.workflow.steps.length === 2);
  });
});

describe('deep nesting', () => {
  test('200 nested flow sequences inside a parameter', () => {
    const text = `${VALID_HEAD}        message: deep\n        data: ${'['.repeat(200)}1${']'.repeat(200)}\n`;
    assert.ok(!codes(analyzeSafely(text)).includes('yaml-syntax'));
  });

  test('200 nested block maps inside a parameter', () => {
    const lines = Array.from({ length: 200 }, (_, depth) => `${' '.repeat(10 + depth)}k${depth}:`);
    const text = `${VALID_HEAD}        message: deep\n        data:\n${lines.join('\n')} leaf\n`;
    assert.ok(!codes(analyzeSafely(text)).includes('yaml-syntax'));
  });

  test('200 nested flow maps with templates at the bottom', () => {
    const text = `${VALID_HEAD}        message: deep\n        data: ${'{ a: '.repeat(200)}"<<vars.missing + >>"${' }'.repeat(200)}\n`;
    assert.ok(codes(analyzeSafely(text)).includes('invalid-expression'));
  });

  test('5000 nested sequences are reported, not walked', () => {
    const text = `name: x\nsteps: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    assert.ok(analyzeSafely(text).diagnostics.length > 0);
  });

  test('200 nested parentheses in a template', () => {
    analyzeSafely(`${VALID_HEAD}        message: <<${'('.repeat(200)}1${')'.repeat(200)}>>\n`);
  });

  test('10000 nested parentheses in a template', () => {
    const result = analyzeSafely(`${VALID_HEAD}        message: "<<${'('.repeat(10_000)}1${')'.repeat(10_000)}>>"\n`);
    assert.ok(result.diagnostics.length >= 0);
  });
});

describe('wrong types everywhere', () => {
  const cases: Record<string, string> = {
    'root is a number': '42\n',
    'root is a list': '- a\n- b\n',
    'root is a string': 'just some words\n',
    'root is null': '~\n',
    'steps is a number': 'name: x\nsteps: 5\n',
    'steps is a map': 'name: x\nsteps: { a: 1 }\n',
    'steps holds scalars': 'name: x\nsteps: [1, "a", null, true, [], {}]\n',
    'every step key has the wrong type': 'name: x\nsteps:\n  - stepSlug: [a]\n    stepType: { t: 1 }\n    config: [1]\n    nextSteps: go\n    retry: 5\n    timeoutMs: { a: 1 }\n    name: [n]\n',
    'slug and type are numbers': 'name: x\nsteps:\n  - stepSlug: 12\n    stepType: 7\n',
    'port targets of every type': 'name: x\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    config: { type: manual }\n    nextSteps: { success: [a], error: 5, other: null, 7: { a: 1 } }\n',
    'trigger config wrong': 'name: x\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    config: { type: [manual], cron: 5, eventType: {} }\n',
    'schedule with a numeric cron': 'name: x\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    config: { type: schedule, cron: 5, timezone: [] }\n',
    'inputs, secrets, vars, settings, output wrong': 'name: x\ninputs: [a]\nsecrets: { a: 1 }\nvars: 5\nsettings: [1]\noutput: 7\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    config: { type: manual }\n',
    'input schemas of every type': 'name: x\ninputs:\n  a: 1\n  b: [1]\n  c: { type: 5, required: yes, default: [1], enum: 3, minimum: x }\n  d: null\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    config: { type: manual }\n',
    'secrets of every type': 'name: x\nsecrets: [1, [], {}, null, "", "a b", "OK"]\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    config: { type: manual }\n',
    'loop config wrong': 'name: x\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    config: { type: manual }\n    nextSteps: { success: l }\n  - stepSlug: l\n    stepType: loop\n    config: { items: 5, itemVariable: [x], concurrency: many, collect: [] }\n',
    'parallel branches wrong': 'name: x\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    config: { type: manual }\n    nextSteps: { success: p }\n  - stepSlug: p\n    stepType: parallel\n    config: { branches: [1, [], { a: b }, null] }\n',
    'llm config wrong': 'name: x\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    config: { type: manual }\n    nextSteps: { success: a }\n  - stepSlug: a\n    stepType: llm\n    config: { systemPrompt: 1, tools: tool, outputSchema: 5, thread: [], temperature: hot }\n',
    'action parameters wrong': 'name: x\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    config: { type: manual }\n    nextSteps: { success: a }\n  - stepSlug: a\n    stepType: action\n    config: { type: 5, parameters: [1, 2] }\n',
    'workflow step wrong': 'name: x\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    config: { type: manual }\n    nextSteps: { success: a }\n  - stepSlug: a\n    stepType: workflow\n    config: { path: 5, input: [1] }\n',
    'condition expression wrong': 'name: x\nsteps:\n  - stepSlug: start\n    stepType: trigger\n    config: { type: manual }\n    nextSteps: { success: a }\n  - stepSlug: a\n    stepType: condition\n    config: { expression: [1, 2] }\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    test(name, () => {
      assert.ok(analyzeSafely(text).diagnostics.length > 0, 'expected at least one diagnostic');
    });
  }
});

describe('broken templates', () => {
  const fragments = ['<<', '>>', '(', ')', '[', ']', '{', '}', "'", '"', '.', ',', '?', ':', '!', '&&', '||', '==', '+', '-', '*', '/', '%', 'steps', 'input', 'vars', 'loop', 'secrets', '__proto__', 'constructor', 'prototype', 'length', 'default', 'contains', 'in', '1', '1e999', '0x', ' ', '\\', '$now', '{{', '}}', '\u2028'];

  test('400 random templates never throw and keep ranges inside the text', () => {
    let state = 7;
    const next = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state;
    };
    for (let round = 0; round < 400; round++) {
      let expression = '';
      const length = 1 + (next() % 12);
      for (let index = 0; index < length; index++) expression += fragments[next() % fragments.length];
      analyzeSafely(`${VALID_HEAD}        message: ${JSON.stringify(`a <<${expression}>> b <<${expression}`)}\n`);
    }
  });

  test('a template in every place a template can go, each broken', () => {
    const text = `name: Broken everywhere
vars: { a: "<<1 +>>" }
output: { b: "<<(>>" }
steps:
  - stepSlug: start
    stepType: trigger
    config: { type: webhook, path: "<<'>>", method: POST }
    nextSteps: { success: each }
  - stepSlug: each
    stepType: loop
    config: { items: "<<[1,>>", collect: "<<.>>" }
    nextSteps: { next: check, done: end }
  - stepSlug: check
    stepType: condition
    config: { expression: "((" }
    nextSteps: { true: each, false: each }
`;
    const found = analyzeSafely(text).diagnostics.filter((item) => item.code === 'invalid-expression');
    assert.ok(found.length >= 6, `expected an invalid-expression per broken template, got ${found.length}`);
  });
});

describe('prototype names', () => {
  for (const template of ['<<__proto__>>', '<<input.constructor>>', '<<input.constructor.prototype>>', "<<input['__proto__']>>", '<<vars.__proto__.polluted>>']) {
    test(`${template} is an invalid-expression inside the template, and pollutes nothing`, () => {
      const text = `name: Proto\ninputs: { name: { type: string, default: a } }\n${VALID_HEAD.slice(VALID_HEAD.indexOf('steps:'))}        message: "x ${template} y"\n`;
      const start = text.indexOf(template);
      const result = analyzeSafely(text);
      const found = result.diagnostics.find((item) => item.code === 'invalid-expression');
      assert.ok(found, `no invalid-expression for ${template}`);
      assert.ok(found.range.start >= start && found.range.end <= start + template.length, `the range ${JSON.stringify(text.slice(found.range.start, found.range.end))} is not inside ${template}`);
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
      assert.equal(Object.getPrototypeOf({}), Object.prototype);
    });
  }
});
