// `email.send`: writes one RFC 5322 message per email to `<outbox>/<messageId>.eml`. SMTP
// delivery is not implemented yet; the outbox is the delivery (and keeps a Bcc header, as a
// sent copy would). The send is idempotent: the
// message id derives from the idempotency key, the file appears atomically (temp + rename),
// and the result is recorded as an effect, so a resumed or retried step writes nothing new.

import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ActionError, invalidParameters } from './action-error.ts';
import type { ActionContext, ActionImplementation } from './action-types.ts';
import { EmailFormatError, formatMessage, splitAddressList } from './email-message.ts';
import { ParameterReader } from './parameter-reader.ts';

const NAME = 'email.send';
const DEFAULT_FROM = 'Stepline <stepline@localhost>';
const MESSAGE_ID_DOMAIN = 'stepline.local';

export interface EmailSendOutput {
  /** Without angle brackets; also the file name before `.eml`. */
  messageId: string;
  to: string[];
  /** The written file. */
  outboxPath: string;
}

/** `<run id>.<hash of the idempotency key>@stepline.local`: stable across attempts, sortable by run. */
function messageIdFor(ctx: ActionContext): string {
  const run = ctx.executionId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40) || 'run';
  const hash = createHash('sha256').update(ctx.idempotencyKey).digest('hex').slice(0, 16);
  return `${run}.${hash}@${MESSAGE_ID_DOMAIN}`;
}

function recipients(reader: ParameterReader, name: string): string[] {
  return (reader.optionalStringList(name) ?? []).flatMap(splitAddressList);
}

function isEmailSendOutput(value: unknown): value is EmailSendOutput {
  const output = value as Partial<EmailSendOutput> | null;
  return typeof output?.messageId === 'string' && typeof output.outboxPath === 'string' && Array.isArray(output.to);
}

/** Headers that lead from a message back to its run; left out if a value is not plain ASCII. */
function traceHeaders(ctx: ActionContext): [string, string][] {
  const headers: [string, string][] = [
    ['X-Stepline-Run', ctx.executionId],
    ['X-Stepline-Step', ctx.path],
  ];
  return headers.filter(([, value]) => /^[\x21-\x7e]+$/.test(value));
}

async function writeAtomically(path: string, content: string): Promise<void> {
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content, { encoding: 'utf8', flush: true });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export const emailSend: ActionImplementation = {
  name: NAME,
  async run(params: Record<string, unknown>, ctx: ActionContext): Promise<EmailSendOutput> {
    const reader = new ParameterReader(NAME, params);
    const to = recipients(reader, 'to');
    if (to.length === 0) throw reader.fail('`to` needs at least one address.');
    const cc = recipients(reader, 'cc');
    const bcc = recipients(reader, 'bcc');
    const subject = reader.string('subject');
    const body = reader.string('body');
    const from = reader.optionalString('from', { nonEmpty: true }) ?? DEFAULT_FROM;

    const previous = ctx.store.getEffect(ctx.idempotencyKey);
    if (previous && isEmailSendOutput(previous.result)) return previous.result;

    const messageId = messageIdFor(ctx);
    let content: string;
    try {
      content = formatMessage({
        from,
        to,
        cc,
        bcc,
        subject,
        body,
        date: ctx.now(),
        messageId,
        extraHeaders: traceHeaders(ctx),
      });
    } catch (error) {
      if (error instanceof EmailFormatError) {
        throw error.badAddress
          ? new ActionError('invalid-address', `${NAME}: ${error.message}`)
          : invalidParameters(NAME, error.message);
      }
      throw error;
    }

    ctx.signal.throwIfAborted();
    const path = join(ctx.outboxDir, `${messageId}.eml`);
    try {
      await mkdir(ctx.outboxDir, { recursive: true });
      await writeAtomically(path, content);
    } catch (error) {
      throw new ActionError('outbox-write-failed', `Cannot write ${path}: ${(error as Error).message}`, {
        retryable: true,
        cause: error,
      });
    }
    const output: EmailSendOutput = { messageId, to, outboxPath: path };
    // If another attempt recorded first, its result is the one that counts.
    return ctx.store.recordEffect(ctx.idempotencyKey, output).result as EmailSendOutput;
  },
};
