// email.send writes real .eml files to a temp outbox: headers parse back, non-ASCII survives
// encoding, header injection is refused, and one idempotency key yields one file.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ActionError, BUILTIN_ACTION_IMPLEMENTATIONS, type EmailSendOutput } from '../../../runtime/src/actions/index.ts';
import { openStore } from '../../../runtime/src/store/index.ts';
import { createTestContext } from './test-context.ts';

const emailSend = BUILTIN_ACTION_IMPLEMENTATIONS.get('email.send')!;

/** Splits a message into unfolded headers (name lowercased) and the body. */
function parseMessage(text: string): { headers: Map<string, string>; body: string } {
  const split = text.indexOf('\r\n\r\n');
  assert.ok(split > 0, 'a blank line separates headers from the body');
  const headers = new Map<string, string>();
  for (const line of text.slice(0, split).replace(/\r\n[ \t]/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: text.slice(split + 4) };
}

/** Decodes RFC 2047 B-encoded words, joining adjacent ones as readers do. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_match, base64: string) => Buffer.from(base64, 'base64').toString('utf8'));
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_match, hex: string) => `%${hex}`);
  return decodeURIComponent(bytes);
}

void describe('email.send', () => {
  void it('writes one RFC 5322 message with the required headers', async () => {
    const ctx = createTestContext({ now: () => new Date('2025-07-01T10:00:00.000Z') });
    const output = (await emailSend.run(
      {
        to: 'Ann Smith <ann@example.com>',
        cc: ['bob@example.com'],
        bcc: 'audit@example.com',
        subject: 'Your picks',
        body: 'Hello Ann\nBye',
      },
      ctx,
    )) as EmailSendOutput;
    assert.deepEqual(output.to, ['Ann Smith <ann@example.com>']);
    assert.ok(output.outboxPath.endsWith(`${output.messageId}.eml`));
    assert.deepEqual(readdirSync(ctx.outboxDir), [`${output.messageId}.eml`]);

    const { headers, body } = parseMessage(readFileSync(output.outboxPath, 'utf8'));
    assert.equal(headers.get('from'), 'Stepline <stepline@localhost>');
    assert.equal(headers.get('to'), 'Ann Smith <ann@example.com>');
    assert.equal(headers.get('cc'), 'bob@example.com');
    assert.equal(headers.get('bcc'), 'audit@example.com');
    assert.equal(headers.get('subject'), 'Your picks');
    assert.equal(headers.get('date'), 'Tue, 01 Jul 2025 10:00:00 +0000');
    assert.equal(headers.get('message-id'), `<${output.messageId}>`);
    assert.equal(headers.get('mime-version'), '1.0');
    assert.equal(headers.get('content-type'), 'text/plain; charset=UTF-8');
    assert.equal(headers.get('content-transfer-encoding'), '7bit');
    assert.equal(headers.get('x-stepline-run'), 'run0001');
    assert.equal(body, 'Hello Ann\r\nBye\r\n');
  });

  void it('encodes a non-ASCII subject, display name and body so they decode back', async () => {
    const ctx = createTestContext();
    const subject = 'Ваши рекомендации — 3 produits choisis pour vous, avec soin ✓ '.repeat(2).trim();
    const output = (await emailSend.run(
      { to: 'Zoë Müller <zoe@example.com>', subject, body: 'Grüße,\nStepline' },
      ctx,
    )) as EmailSendOutput;
    const text = readFileSync(output.outboxPath, 'utf8');
    assert.match(text, /^[\x00-\x7f]*$/, 'the file is pure ASCII');
    for (const line of text.split('\r\n')) assert.ok(line.length <= 998, 'no line exceeds 998 characters');
    const { headers, body } = parseMessage(text);
    assert.equal(decodeWords(headers.get('subject')!), subject);
    assert.equal(decodeWords(headers.get('to')!), 'Zoë Müller <zoe@example.com>');
    assert.equal(headers.get('content-transfer-encoding'), 'quoted-printable');
    assert.equal(decodeQuotedPrintable(body), 'Grüße,\r\nStepline\r\n');
  });

  void it('refuses line breaks in header values and malformed addresses', async () => {
    for (const [code, params] of [
      ['invalid-parameters', { to: 'ann@example.com', subject: 'Hi\r\nBcc: everyone@example.com', body: '' }],
      ['invalid-address', { to: 'ann@example.com\nBcc: x@example.com', subject: 'Hi', body: '' }],
      ['invalid-address', { to: 'not an address', subject: 'Hi', body: '' }],
      ['invalid-address', { to: 'ann@example.com', cc: 'Bob <bob>', subject: 'Hi', body: '' }],
      ['invalid-parameters', { to: [], subject: 'Hi', body: '' }],
      ['invalid-parameters', { to: 'ann@example.com', subject: 42, body: '' }],
    ] as const) {
      const ctx = createTestContext();
      await assert.rejects(
        emailSend.run(params, ctx),
        (error: unknown) => error instanceof ActionError && error.code === code,
        JSON.stringify(params),
      );
      assert.throws(() => readdirSync(ctx.outboxDir), /ENOENT/, 'nothing was written');
    }
  });

  void it('sends once per idempotency key', async () => {
    const store = openStore({ memory: true });
    const first = createTestContext({ store });
    const params = { to: 'ann@example.com, bob@example.com', subject: 'Once', body: 'Only once' };
    const sent = (await emailSend.run(params, first)) as EmailSendOutput;
    assert.deepEqual(sent.to, ['ann@example.com', 'bob@example.com']);
    const again = await emailSend.run(params, { ...first, attempt: 2 });
    assert.deepEqual(again, sent);
    assert.equal(readdirSync(first.outboxDir).length, 1);

    // A different step (another iteration path) is a different email.
    const other = (await emailSend.run(params, { ...first, path: 'loop[1]/send', idempotencyKey: 'run0001/loop[1]/send' })) as EmailSendOutput;
    assert.notEqual(other.messageId, sent.messageId);
    assert.equal(readdirSync(first.outboxDir).length, 2);
  });

  void it('leaves one file when a crash came between writing and recording the effect', async () => {
    const params = { to: 'ann@example.com', subject: 'Once', body: 'Only once' };
    const before = createTestContext();
    const sent = (await emailSend.run(params, before)) as EmailSendOutput;
    // A fresh store has no effect recorded: as if the process died right after the rename.
    const resumed = createTestContext({ outboxDir: before.outboxDir });
    const again = (await emailSend.run(params, resumed)) as EmailSendOutput;
    assert.equal(again.messageId, sent.messageId);
    assert.deepEqual(readdirSync(before.outboxDir), [`${sent.messageId}.eml`]);
  });
});
