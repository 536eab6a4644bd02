// Decoding a workflow file's bytes: UTF-8 accepted (with or without a byte order mark), and
// binary, UTF-16 and malformed UTF-8 refused with a message and the position concerned.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeWorkflowBytes, firstInvalidUtf8Byte } from '../../runtime/src/cli/read-workflow-file.ts';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('firstInvalidUtf8Byte', () => {
  test('accepts well-formed text of every sequence length', () => {
    assert.equal(firstInvalidUtf8Byte(new TextEncoder().encode('a é € 😀 \u{10ffff}')), -1);
    assert.equal(firstInvalidUtf8Byte(bytes()), -1);
  });

  const invalid: [string, Uint8Array, number][] = [
    ['a stray continuation byte', bytes(0x61, 0x80), 1],
    ['an overlong two-byte form', bytes(0xc0, 0xaf), 0],
    ['an overlong three-byte form', bytes(0x61, 0xe0, 0x80, 0xaf), 1],
    ['an encoded surrogate', bytes(0xed, 0xa0, 0x80), 0],
    ['a code point past U+10FFFF', bytes(0xf4, 0x90, 0x80, 0x80), 0],
    ['a truncated sequence at the end', bytes(0x61, 0x62, 0xe2, 0x82), 2],
    ['a lead byte followed by ASCII', bytes(0xc3, 0x41), 0],
    ['an invalid lead byte', bytes(0x61, 0xff), 1],
  ];
  for (const [name, input, expected] of invalid) {
    test(`finds ${name}`, () => {
      assert.equal(firstInvalidUtf8Byte(input), expected);
    });
  }
});

describe('decodeWorkflowBytes', () => {
  test('decodes UTF-8 and drops a byte order mark', () => {
    assert.deepEqual(decodeWorkflowBytes(new TextEncoder().encode('\ufeffname: café\n')), { ok: true, text: 'name: café\n' });
  });

  test('reports the line and column of the first invalid byte', () => {
    const result = decodeWorkflowBytes(new Uint8Array([...new TextEncoder().encode('name: x\r\nsteps: é'), 0xff]));
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.position, { line: 1, character: 8 });
  });

  test('refuses NUL bytes and UTF-16', () => {
    const binary = decodeWorkflowBytes(bytes(0x61, 0x00, 0x62));
    assert.equal(!binary.ok && binary.message, 'The file contains NUL bytes: it is binary, not a workflow.');
    const utf16 = decodeWorkflowBytes(bytes(0xfe, 0xff, 0x00, 0x61));
    assert.equal(!utf16.ok && utf16.message, 'The file is encoded as UTF-16; save it as UTF-8.');
  });
});
