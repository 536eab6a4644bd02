// `http.request`: one real HTTP call with the global fetch. JSON request bodies are encoded,
// JSON responses are parsed, and failures are classified so the engine retries only what may
// succeed on a second try (5xx, 429, network errors, timeouts).

import { ActionError } from './action-error.ts';
import type { ActionContext, ActionImplementation } from './action-types.ts';
import { ParameterReader, type JsonObject } from './parameter-reader.ts';

const NAME = 'http.request';
const DEFAULT_TIMEOUT_MS = 30_000;
const METHOD = /^[A-Za-z]+$/;
const JSON_MEDIA_TYPE = /^[^;]*[/+]json\s*(;|$)/i;

export interface HttpResponseOutput {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

interface PreparedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string | undefined;
  timeoutMs: number;
  failOnStatus: boolean;
}

function prepare(params: Record<string, unknown>): PreparedRequest {
  const reader = new ParameterReader(NAME, params);
  const method = (reader.optionalString('method') ?? 'GET').toUpperCase();
  if (!METHOD.test(method)) throw reader.fail(`\`method\` is not an HTTP method: ${JSON.stringify(method)}.`);

  const urlText = reader.string('url', { nonEmpty: true });
  let url: URL;
  try {
    url = new URL(urlText);
  } catch {
    throw new ActionError('invalid-url', `${NAME}: \`url\` is not an absolute URL: ${JSON.stringify(urlText)}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ActionError('invalid-url', `${NAME}: \`url\` must use http or https, got ${url.protocol}`);
  }
  for (const [name, value] of Object.entries(reader.optionalObject('query') ?? {})) {
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (item === null || item === undefined) continue;
      if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
        throw reader.fail(`query parameter \`${name}\` must be a string, number or boolean.`);
      }
      url.searchParams.append(name, String(item));
    }
  }

  const headers = new Headers();
  for (const [name, value] of Object.entries(reader.optionalObject('headers') ?? {})) {
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw reader.fail(`header \`${name}\` must be a string, number or boolean.`);
    }
    try {
      headers.append(name, String(value));
    } catch {
      // Headers rejects bad names and values with line breaks: request splitting is impossible.
      throw reader.fail(`header \`${name}\` has an invalid name or value.`);
    }
  }

  let body: string | undefined;
  const rawBody = reader.raw('body');
  if (rawBody !== undefined && rawBody !== null) {
    if (method === 'GET' || method === 'HEAD') throw reader.fail(`a ${method} request cannot have a \`body\`.`);
    if (typeof rawBody === 'string') {
      body = rawBody;
    } else {
      body = JSON.stringify(rawBody);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
  }

  return {
    method,
    url,
    headers,
    body,
    timeoutMs: reader.optionalNumber('timeoutMs', { min: 1 }) ?? DEFAULT_TIMEOUT_MS,
    failOnStatus: reader.optionalBoolean('failOnStatus') ?? true,
  };
}

/** The URL without query and credentials: error messages must not carry secrets. */
function safeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

function parseBody(text: string, contentType: string | null): unknown {
  if (contentType === null || !JSON_MEDIA_TYPE.test(contentType)) return text;
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A server that mislabels its body still gave us something; keep the text.
    return text;
  }
}

/** Retry-After as milliseconds, from either delta-seconds or an HTTP date. */
function retryAfterMs(value: string | null, now: Date): number | undefined {
  if (value === null) return undefined;
  const seconds = Number(value);
  if (value.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

function networkFailure(request: PreparedRequest, error: unknown): ActionError {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | undefined)?.code;
  const reason = typeof code === 'string' ? code : cause instanceof Error ? cause.message : String(cause);
  return new ActionError(
    'network-error',
    `${request.method} ${safeUrl(request.url)} failed before a response arrived (${reason}).`,
    { retryable: true, cause: error },
  );
}

async function send(request: PreparedRequest, ctx: ActionContext): Promise<HttpResponseOutput> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), request.timeoutMs);
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.any([ctx.signal, timeout.signal]),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: parseBody(text, response.headers.get('content-type')),
    };
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    if (timeout.signal.aborted) {
      throw new ActionError(
        'timeout',
        `${request.method} ${safeUrl(request.url)} did not finish within ${request.timeoutMs} ms.`,
        { retryable: true, details: { timeoutMs: request.timeoutMs } },
      );
    }
    throw networkFailure(request, error);
  } finally {
    clearTimeout(timer);
  }
}

export const httpRequest: ActionImplementation = {
  name: NAME,
  async run(params: JsonObject, ctx: ActionContext): Promise<HttpResponseOutput> {
    const request = prepare(params);
    ctx.signal.throwIfAborted();
    const output = await send(request, ctx);
    if (request.failOnStatus && (output.status < 200 || output.status > 299)) {
      const retryable = output.status >= 500 || output.status === 429;
      const details: Record<string, unknown> = { ...output };
      const wait = retryAfterMs(output.headers['retry-after'] ?? null, ctx.now());
      if (wait !== undefined) details.retryAfterMs = wait;
      throw new ActionError(
        'http-status',
        `${request.method} ${safeUrl(request.url)} answered ${output.status}.`,
        { retryable, details },
      );
    }
    return output;
  },
};
