// Scalar resolution of the fast YAML path against the `yaml` library itself: the core schema's
// nulls, booleans and numbers (octal, hex, floats, infinities, NaN), quoted escapes and folding,
// and block scalars with every chomping and indentation indicator.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { buildYamlTreeFast } from '../../../runtime/src/language/fast-yaml.ts';
import { flowScalarString, resolvePlainValue } from '../../../runtime/src/language/yaml-scalars.ts';

/** The value the library gives `source` as a map value. */
function libraryValue(source: string): unknown {
  return (parse(`key: ${source}\n`, { strict: true, uniqueKeys: true }) as { key: unknown }).key;
}

/** The value our fast path gives `source` as a map value (undefined if it declines). */
function fastValue(source: string): unknown {
  const root = buildYamlTreeFast(`key: ${source}\n`)?.root;
  if (root?.kind !== 'map') return undefined;
  const value = root.pairs[0]?.value;
  return value?.kind === 'scalar' ? value.value : undefined;
}

describe('plain scalars (YAML 1.2 core schema)', () => {
  const literals = [
    'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'tRUE', 'yes', 'no', 'on', 'off', 'y',
    'null', 'Null', 'NULL', '~', 'nULL', 'nil',
    '0', '-0', '+0', '007', '42', '-17', '+12', '1_000', '12345678901234567890', '0o17', '0o8', '0O17', '0x1F', '0xff', '0X1F', '0xg', '0b101',
    '1.5', '-1.5', '+.5', '.5', '5.', '1e3', '1E-3', '-1.2e+3', '.1e2', '1.e2', 'e3', '1e', '1.2.3', '0.50', '1_0.5',
    '.inf', '.Inf', '.INF', '-.inf', '+.inf', '.iNf', '.nan', '.NaN', '.NAN', '-.nan', 'nan', 'inf',
    '2024-01-01', '12:30', '1:2:3', 'hello', 'Hello world', '-x', '+', '.', '<<input.x>>', "it's", 'a"b',
  ];
  for (const literal of literals) {
    test(literal, () => {
      const expected = libraryValue(literal);
      assert.ok(Object.is(resolvePlainValue(literal), expected) || (Number.isNaN(expected) && Number.isNaN(resolvePlainValue(literal))), `${literal}: ${String(resolvePlainValue(literal))} vs ${String(expected)}`);
      const fast = fastValue(literal);
      if (fast !== undefined) assert.ok(Object.is(fast, expected) || (Number.isNaN(expected) && Number.isNaN(fast)));
    });
  }

  test('the empty plain scalar is null', () => {
    assert.equal(resolvePlainValue(''), null);
  });

  test('plain scalars the library refuses to start are declined', () => {
    for (const source of ['@at', '`tick', '%percent']) assert.equal(flowScalarString('scalar', source, 0, 0), undefined, source);
  });

  test('multi-line plain scalars fold like the library', () => {
    for (const source of ['one\n  two', 'one\n\n  two', 'one  \n  two  ']) assert.equal(fastValue(source), libraryValue(source));
  });
});

describe('quoted scalars', () => {
  const cases = [
    "'plain'", "'it''s'", "''", "'a\n  b'", "'a\n\n  b'",
    '"plain"', '""', '"tab\\there"', '"\\u00e9\\x41\\U0001F600"', '"quote \\" and backslash \\\\"', '"line\\nbreak"', '"a\n  b"', '"a \\\n  b"', '"\\0\\a\\b\\e\\f\\r\\v\\N\\_\\L\\P\\ \\/"',
    '"  spaces kept  "', '"trailing  \n  next"',
  ];
  for (const source of cases) {
    test(JSON.stringify(source), () => assert.equal(fastValue(source), libraryValue(source)));
  }

  test('errors are declined, not guessed', () => {
    assert.equal(flowScalarString('double-quoted-scalar', '"bad \\q escape"', 0, 0), undefined);
    assert.equal(flowScalarString('double-quoted-scalar', '"unterminated', 0, 0), undefined);
    assert.equal(flowScalarString('single-quoted-scalar', "'", 0, 0), undefined);
  });
});

describe('block scalars', () => {
  const bodies = ['line one\n  line two\n', 'first\n\n  more indented\n    deeper\n\n', 'kept\n\n\n', 'x\n'];
  for (const header of ['|', '|-', '|+', '>', '>-', '>+', '|2', '>2-', '|+2']) {
    for (const body of bodies) {
      const source = `${header}\n${body.replace(/^/gm, '  ').replace(/ +$/gm, '')}`;
      test(JSON.stringify(source), () => {
        const text = `key: ${source}other: 1\n`;
        const root = buildYamlTreeFast(text)?.root;
        const expected = (parse(text) as { key: unknown }).key;
        if (root?.kind !== 'map') return assert.equal(root, undefined, 'the fast path returned something that is not a map');
        const value = root.pairs[0]!.value;
        assert.equal(value?.kind === 'scalar' ? value.value : undefined, expected);
        assert.equal(value?.kind === 'scalar' ? value.style : undefined, header.startsWith('|') ? 'literal' : 'folded');
      });
    }
  }
});
