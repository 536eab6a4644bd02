// Rendering string values for the engine: typed whole templates, interpolation, errors, the parse
// cache, and deep rendering of action parameters.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ExpressionRuntimeError,
  clearTemplateCache,
  compileTemplateString,
  renderCompiledTemplate,
  renderDeep,
  renderTemplateString,
} from '../../../runtime/src/expr/index.ts';
import type { EvaluationContext } from '../../../runtime/src/expr/index.ts';

const roots: Record<string, unknown> = {
  input: { name: 'Ann', count: 3, ratio: 0.5, vip: true, tags: ['a', 'b'], profile: { city: 'Oslo' }, none: null },
  steps: { prev: { output: { value: 42, products: [{ id: 1 }] } } },
};
const context: EvaluationContext = { resolveRoot: (name) => (Object.hasOwn(roots, name) ? roots[name] : undefined) };

void describe('renderTemplateString', () => {
  void it('returns a string without templates as is', () => {
    assert.equal(renderTemplateString('plain text', context), 'plain text');
    assert.equal(renderTemplateString('', context), '');
  });

  void it('gives the typed value of a whole template', () => {
    assert.equal(renderTemplateString('<<input.count>>', context), 3);
    assert.equal(renderTemplateString('<<input.vip>>', context), true);
    assert.equal(renderTemplateString('<<input.none>>', context), null);
    assert.equal(renderTemplateString('<<input.missing>>', context), null);
    assert.deepEqual(renderTemplateString('<<steps.prev.output.products>>', context), [{ id: 1 }]);
    assert.deepEqual(renderTemplateString('<<input.profile>>', context), { city: 'Oslo' });
    assert.equal(renderTemplateString("<<input.count > 2 ? 'many' : 'few'>>", context), 'many');
  });

  void it('drops whitespace around a whole template', () => {
    assert.deepEqual(renderTemplateString('  <<input.tags>>\n', context), ['a', 'b']);
  });

  void it('interpolates values into text', () => {
    assert.equal(renderTemplateString('Hi <<input.name>>!', context), 'Hi Ann!');
    assert.equal(renderTemplateString('<<input.count>> items at <<input.ratio>>', context), '3 items at 0.5');
    assert.equal(renderTemplateString('vip=<<input.vip>> none=[<<input.none>>] missing=[<<input.nope>>]', context), 'vip=true none=[] missing=[]');
    assert.equal(renderTemplateString('tags: <<input.tags>>, profile: <<input.profile>>', context), 'tags: ["a","b"], profile: {"city":"Oslo"}');
    assert.equal(renderTemplateString('<<input.name>><<input.count>>', context), 'Ann3');
  });

  void it('fails with invalid-expression on a syntax error, including an unterminated template', () => {
    for (const text of ['Hi <<input.name', '<<input.__proto__>>', '<<input.constructor>>', '<<keys.constructor>>', 'x <<>>', '<<1 +>>']) {
      assert.throws(
        () => renderTemplateString(text, context),
        (error: unknown) => error instanceof ExpressionRuntimeError && error.code === 'invalid-expression',
        text,
      );
    }
    assert.throws(() => renderTemplateString('Hi <<input.name', context), /missing '>>'/);
  });

  void it('propagates run-time errors with their code', () => {
    assert.throws(
      () => renderTemplateString('<<nobody>>', context),
      (error: unknown) => error instanceof ExpressionRuntimeError && error.code === 'expression-error' && error.message === "unknown name 'nobody'",
    );
  });

  void it('caches the parse of a string', () => {
    clearTemplateCache();
    const first = compileTemplateString('Hi <<input.name>>');
    assert.equal(compileTemplateString('Hi <<input.name>>'), first);
    assert.equal(renderCompiledTemplate(first, context), 'Hi Ann');
    assert.equal(first.whole, null);
    assert.equal(compileTemplateString('<<input.name>>').whole?.kind, 'Member');
  });
});

void describe('renderDeep', () => {
  void it('renders every string in nested objects and arrays, keeping other values', () => {
    const params = {
      to: '<<input.name>>',
      count: '<<input.count>>',
      subject: 'Hello <<input.name>>',
      literal: 5,
      flag: false,
      nothing: null,
      list: ['<<input.tags>>', 'x', { deep: '<<steps.prev.output.value>>' }],
    };
    assert.deepEqual(renderDeep(params, context), {
      to: 'Ann',
      count: 3,
      subject: 'Hello Ann',
      literal: 5,
      flag: false,
      nothing: null,
      list: [['a', 'b'], 'x', { deep: 42 }],
    });
    assert.equal(params.to, '<<input.name>>', 'the input is not modified');
  });

  void it('keeps a __proto__ key as data instead of setting the prototype', () => {
    const input = JSON.parse('{"__proto__": {"polluted": "<<input.name>>"}}') as Record<string, unknown>;
    const result = renderDeep(input, context) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(result), Object.prototype);
    assert.ok(Object.hasOwn(result, '__proto__'));
    assert.deepEqual(Object.getOwnPropertyDescriptor(result, '__proto__')?.value, { polluted: 'Ann' });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  void it('renders a bare string and leaves non-plain objects alone', () => {
    assert.equal(renderDeep('<<input.count>>', context), 3);
    const date = new Date(0);
    assert.equal(renderDeep(date, context), date);
  });
});
