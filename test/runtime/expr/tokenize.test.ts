// The tokenizer on its own: token kinds, exact ranges, string escapes, lexical errors, and the
// condition mode where `<<` and `>>` are brackets.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tokenize } from '../../../runtime/src/expr/index.ts';

function kindsAndTexts(source: string, templateBrackets = false): string[] {
  return tokenize(source, 0, { templateBrackets }).tokens.map((token) => `${token.kind}:${token.text}`);
}

void describe('tokenize', () => {
  void it('splits names, numbers, strings and operators with exact ranges', () => {
    const { tokens, errors } = tokenize("steps.a[0] >= 1.5e3 && 'x'", 10);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      tokens.map((token) => [token.kind, token.text, token.range.start, token.range.end]),
      [
        ['name', 'steps', 10, 15],
        ['operator', '.', 15, 16],
        ['name', 'a', 16, 17],
        ['operator', '[', 17, 18],
        ['number', '0', 18, 19],
        ['operator', ']', 19, 20],
        ['operator', '>=', 21, 23],
        ['number', '1.5e3', 24, 29],
        ['operator', '&&', 30, 32],
        ['string', "'x'", 33, 36],
        ['eof', '', 36, 36],
      ],
    );
    assert.equal(tokens[7].value, 1500);
  });

  void it('decodes string escapes in both quote styles', () => {
    const { tokens, errors } = tokenize(String.raw`'it\'s\n' "say \"hi\" \u00e9\\" '\q'`);
    assert.deepEqual(errors, []);
    assert.deepEqual(tokens.slice(0, 3).map((token) => token.value), ["it's\n", 'say "hi" é\\', 'q']);
  });

  void it('reports an unterminated string from its quote to the end', () => {
    const { tokens, errors } = tokenize("a == 'abc");
    assert.equal(tokens[2].kind, 'string');
    assert.equal(tokens[2].value, 'abc');
    assert.deepEqual(errors, [{ message: 'unterminated string: missing closing quote', range: { start: 5, end: 9 } }]);
  });

  void it('reports a bad unicode escape', () => {
    const { errors } = tokenize(String.raw`'\u12'`);
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /unicode escape/);
  });

  void it('reads a number followed by a dot and a name as number, dot, name', () => {
    assert.deepEqual(kindsAndTexts('1.foo'), ['number:1', 'operator:.', 'name:foo', 'eof:']);
  });

  void it('reports invalid characters and hints at == for a single =', () => {
    const { tokens, errors } = tokenize('a = b # c & d');
    assert.deepEqual(tokens.filter((token) => token.kind === 'invalid').map((token) => token.text), ['=', '#', '&']);
    assert.deepEqual(errors.map((error) => error.message), [
      "unexpected '=': use '==' to compare",
      "unexpected character '#'",
      "unexpected '&': use '&&'",
    ]);
    assert.deepEqual(errors[1].range, { start: 6, end: 7 });
  });

  void it('reports a number glued to a name once', () => {
    const { tokens, errors } = tokenize('12abc');
    assert.equal(tokens[0].kind, 'invalid');
    assert.deepEqual(errors, [{ message: "invalid number '12abc'", range: { start: 0, end: 5 } }]);
  });

  void it('keeps << and >> as comparison characters outside condition mode', () => {
    assert.deepEqual(kindsAndTexts('a<<b>>c'), ['name:a', 'operator:<', 'operator:<', 'name:b', 'operator:>', 'operator:>', 'name:c', 'eof:']);
  });

  void it('reads << and >> as brackets in condition mode, resolving <<< and >>> sensibly', () => {
    assert.deepEqual(kindsAndTexts('<<a>> > 1', true), ['open-template:<<', 'name:a', 'close-template:>>', 'operator:>', 'number:1', 'eof:']);
    assert.deepEqual(kindsAndTexts('<<a>>>1', true), ['open-template:<<', 'name:a', 'close-template:>>', 'operator:>', 'number:1', 'eof:']);
    assert.deepEqual(kindsAndTexts('1<<<a>>', true), ['number:1', 'operator:<', 'open-template:<<', 'name:a', 'close-template:>>', 'eof:']);
  });

  void it('keeps a surrogate pair together in an invalid token', () => {
    const { tokens } = tokenize('😀');
    assert.equal(tokens[0].text, '😀');
    assert.deepEqual(tokens[0].range, { start: 0, end: 2 });
  });
});
