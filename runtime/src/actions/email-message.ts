// Builds RFC 5322 messages for the local outbox. Header values never contain line breaks from
// the caller (header injection is rejected, not escaped); non-ASCII text in the subject and
// in display names becomes RFC 2047 encoded-words; the body is UTF-8, quoted-printable when
// it is not plain short-lined ASCII.

const CRLF = '\r\n';
const LINE_BREAK = /[\r\n]/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** RFC 5322 `specials`: a display name containing one must be quoted. */
const SPECIALS = /[()<>[\]:;@\\,."]/;
const ADDR_SPEC = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+$/;
/** 75-character encoded-words leave 63 characters of base64: 45 bytes of UTF-8. */
const ENCODED_WORD_BYTES = 45;
/** RFC 5322 limits a line to 998 octets; subjects longer than this are encoded and folded. */
const LONGEST_PLAIN_SUBJECT = 900;
const QP_LINE = 76;

export class EmailFormatError extends Error {
  /** True when an address is at fault, so the action can report `invalid-address`. */
  readonly badAddress: boolean;

  constructor(message: string, badAddress = false) {
    super(message);
    this.name = 'EmailFormatError';
    this.badAddress = badAddress;
  }
}

export interface EmailMessage {
  from: string;
  to: string[];
  cc: string[];
  /** Kept in the outbox copy; an SMTP sender would leave it out of the transmitted header. */
  bcc?: string[];
  subject: string;
  body: string;
  date: Date;
  /** Without angle brackets. */
  messageId: string;
  /** Extra ASCII headers (`X-…`), in order. */
  extraHeaders?: [string, string][];
}

/** Splits `"Smith, Ann" <ann@x.org>, bob@y.org` at the commas that separate addresses. */
export function splitAddressList(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angled = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (char === '<' && !quoted) angled = true;
    else if (char === '>' && !quoted) angled = false;
    if (char === ',' && !quoted && !angled) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

/** One mailbox (`ann@x.org` or `Ann <ann@x.org>`) as a header-safe ASCII string. */
export function formatMailbox(mailbox: string): string {
  if (LINE_BREAK.test(mailbox)) {
    throw new EmailFormatError(`the address ${JSON.stringify(mailbox)} contains a line break.`, true);
  }
  const angled = /^(.*?)<([^<>]*)>$/.exec(mailbox.trim());
  const address = (angled ? angled[2] : mailbox).trim();
  if (!ADDR_SPEC.test(address) || !PRINTABLE_ASCII.test(address)) {
    throw new EmailFormatError(`${JSON.stringify(address)} is not an email address.`, true);
  }
  let name = angled ? angled[1].trim() : '';
  if (name.startsWith('"') && name.endsWith('"') && name.length >= 2) {
    name = name.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  if (name === '') return address;
  return `${formatDisplayName(name)} <${address}>`;
}

function formatDisplayName(name: string): string {
  if (!PRINTABLE_ASCII.test(name)) return encodeWords(name).join(' ');
  if (!SPECIALS.test(name)) return name;
  return `"${name.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/** RFC 2047 B-encoded words of at most 75 characters, never splitting a character. */
export function encodeWords(text: string): string[] {
  const words: string[] = [];
  let chunk = '';
  let chunkBytes = 0;
  for (const char of text) {
    const bytes = Buffer.byteLength(char, 'utf8');
    if (chunkBytes + bytes > ENCODED_WORD_BYTES) {
      words.push(chunk);
      chunk = '';
      chunkBytes = 0;
    }
    chunk += char;
    chunkBytes += bytes;
  }
  if (chunk !== '') words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`);
}

export function formatSubject(subject: string): string {
  if (LINE_BREAK.test(subject)) throw new EmailFormatError('the subject contains a line break.');
  if (PRINTABLE_ASCII.test(subject) && subject.length <= LONGEST_PLAIN_SUBJECT) return subject;
  // Folding between encoded-words keeps every line short; readers join them without spaces.
  return encodeWords(subject).join(`${CRLF} `);
}

/** `Tue, 01 Jul 2025 10:00:00 +0000` (RFC 5322 §3.3), always in UTC. */
export function formatDate(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

function needsEncoding(lines: string[]): boolean {
  return lines.some((line) => !/^[\x20-\x7e\t]*$/.test(line) || line.length > 998);
}

/** Quoted-printable (RFC 2045 §6.7) of one line of text, with soft breaks at 76 characters. */
function quotedPrintableLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  const out: string[] = [];
  let current = '';
  bytes.forEach((byte, index) => {
    const last = index === bytes.length - 1;
    const literal =
      (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
    const token = literal ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    // Leave room for the `=` of a soft line break.
    if (current.length + token.length > QP_LINE - 1) {
      out.push(`${current}=`);
      current = '';
    }
    current += token;
  });
  out.push(current);
  return out.join(CRLF);
}

export function formatMessage(message: EmailMessage): string {
  const headers: [string, string][] = [
    ['From', formatMailbox(message.from)],
    ['To', message.to.map(formatMailbox).join(', ')],
  ];
  if (message.cc.length > 0) headers.push(['Cc', message.cc.map(formatMailbox).join(', ')]);
  if (message.bcc && message.bcc.length > 0) headers.push(['Bcc', message.bcc.map(formatMailbox).join(', ')]);
  headers.push(
    ['Subject', formatSubject(message.subject)],
    ['Date', formatDate(message.date)],
    ['Message-ID', `<${message.messageId}>`],
    ['MIME-Version', '1.0'],
    ['Content-Type', 'text/plain; charset=UTF-8'],
  );
  const lines = message.body.split(/\r\n|\r|\n/);
  const encoded = needsEncoding(lines);
  headers.push(['Content-Transfer-Encoding', encoded ? 'quoted-printable' : '7bit']);
  for (const [name, value] of message.extraHeaders ?? []) {
    if (LINE_BREAK.test(value) || !PRINTABLE_ASCII.test(value)) {
      throw new EmailFormatError(`the ${name} header must be one line of ASCII.`);
    }
    headers.push([name, value]);
  }
  const head = headers.map(([name, value]) => `${name}: ${value}`).join(CRLF);
  const body = (encoded ? lines.map(quotedPrintableLine) : lines).join(CRLF);
  return `${head}${CRLF}${CRLF}${body}${CRLF}`;
}
