// A local stand-in for the Anthropic Messages API: a real HTTP server on 127.0.0.1 that the real
// SDK talks to through `baseURL`, so tests, demos and extension tests never reach the internet.
// It records every request, answers from a script (or a default responder, described at
// `defaultRespond`), and checks requests the way the real API does where our code could get it
// wrong (auth header, tool_use/tool_result pairing, sampling parameters). No test-framework imports.

import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The request body as sent; loosely typed because the server must also cope with wrong ones. */
export interface FakeMessagesBody {
  model?: unknown;
  max_tokens?: unknown;
  system?: unknown;
  messages?: unknown;
  tools?: unknown;
  [key: string]: unknown;
}

export interface FakeRequest {
  method: string;
  path: string;
  /** Lower-cased header names, as Node gives them. */
  headers: IncomingHttpHeaders;
  /** The key the client sent, from `x-api-key` or `Authorization: Bearer` (the SDK since 1.0 uses the latter). */
  apiKey: string | undefined;
  body: FakeMessagesBody;
}

export type FakeContentBlock = { type: 'text'; text: string } | { type: 'tool_use'; id?: string; name: string; input: unknown };

export interface FakeUsage {
  input_tokens: number;
  output_tokens: number;
}

export type FakeReply =
  | { kind: 'message'; content: FakeContentBlock[]; stopReason?: string; usage?: FakeUsage; model?: string }
  | { kind: 'error'; status: number; type?: string; message?: string; headers?: Record<string, string> }
  /** Never answers; the connection stays open until the client gives up or the server closes. */
  | { kind: 'hang' }
  | { kind: 'raw'; status: number; body: string; headers?: Record<string, string> };

export type FakeResponder = (request: FakeRequest, callIndex: number) => FakeReply | Promise<FakeReply>;

export interface FakeMessagesServerOptions {
  /** Answers each `POST /v1/messages`; `callIndex` counts those calls from 0. Defaults to `defaultRespond`. */
  respond?: FakeResponder;
  /** When given, only these keys are accepted; any other gets the API's 401. */
  apiKeys?: string[];
}

export interface FakeMessagesServer {
  /** `http://127.0.0.1:<port>`: pass it as the client's baseURL. */
  url: string;
  /** Every request received, in order, including rejected ones. */
  requests: FakeRequest[];
  /** Resolves with the `count`-th request (1-based) once it has arrived, so tests act mid-call without sleeping. */
  waitForRequests(count: number): Promise<FakeRequest>;
  close(): Promise<void>;
}

/** Reply builders for scripted responders. */
export const fakeReply = {
  text(text: string, options: { usage?: FakeUsage; stopReason?: string } = {}): FakeReply {
    return { kind: 'message', content: [{ type: 'text', text }], ...options };
  },
  json(value: unknown, options: { usage?: FakeUsage } = {}): FakeReply {
    return fakeReply.text(JSON.stringify(value), options);
  },
  toolUse(calls: Array<{ name: string; input: unknown; id?: string }>, options: { text?: string; usage?: FakeUsage } = {}): FakeReply {
    const content: FakeContentBlock[] = options.text ? [{ type: 'text', text: options.text }] : [];
    for (const call of calls) content.push({ type: 'tool_use', name: call.name, input: call.input, ...(call.id ? { id: call.id } : {}) });
    return { kind: 'message', content, stopReason: 'tool_use', ...(options.usage ? { usage: options.usage } : {}) };
  },
  error(status: number, message?: string, type?: string): FakeReply {
    return { kind: 'error', status, ...(message ? { message } : {}), ...(type ? { type } : {}) };
  },
  hang(): FakeReply {
    return { kind: 'hang' };
  },
};

/** The error `type` the real API uses for a status. */
export function errorTypeForStatus(status: number): string {
  switch (status) {
    case 400: return 'invalid_request_error';
    case 401: return 'authentication_error';
    case 402: return 'billing_error';
    case 403: return 'permission_error';
    case 404: return 'not_found_error';
    case 409: return 'conflict_error';
    case 413: return 'request_too_large';
    case 429: return 'rate_limit_error';
    case 504: return 'timeout_error';
    case 529: return 'overloaded_error';
    default: return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

export async function startFakeMessagesServer(options: FakeMessagesServerOptions = {}): Promise<FakeMessagesServer> {
  const respond = options.respond ?? defaultRespond;
  const requests: FakeRequest[] = [];
  const waiters: Array<{ count: number; resolve: (request: FakeRequest) => void }> = [];
  let messageCalls = 0;
  let messageIds = 0;
  let toolUseIds = 0;

  const record = (request: FakeRequest): void => {
    requests.push(request);
    for (const waiter of waiters.filter((w) => w.count <= requests.length)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(requests[waiter.count - 1]!);
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    let body: FakeMessagesBody = {};
    let bodyIsJson = true;
    try {
      const parsed: unknown = raw === '' ? {} : JSON.parse(raw);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) body = parsed as FakeMessagesBody;
      else bodyIsJson = false;
    } catch {
      bodyIsJson = false;
    }
    const path = (req.url ?? '/').split('?')[0]!;
    const request: FakeRequest = { method: req.method ?? 'GET', path, headers: req.headers, apiKey: apiKeyOf(req.headers), body };
    record(request);

    if (request.method !== 'POST' || path !== '/v1/messages') {
      return sendError(res, 404, `Not found: ${request.method} ${path}`);
    }
    if (!request.apiKey) return sendError(res, 401, 'x-api-key header is required');
    if (options.apiKeys && !options.apiKeys.includes(request.apiKey)) return sendError(res, 401, 'invalid x-api-key');
    if (!bodyIsJson) return sendError(res, 400, 'The request body is not valid JSON.');
    const problem = checkMessagesRequest(request);
    if (problem) return sendError(res, 400, problem);

    const callIndex = messageCalls++;
    const reply = await respond(request, callIndex);
    switch (reply.kind) {
      case 'hang':
        return; // The socket stays open; close() destroys it.
      case 'error':
        return sendError(res, reply.status, reply.message ?? `Fake ${errorTypeForStatus(reply.status)}`, reply.type, reply.headers);
      case 'raw':
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(reply.body);
        return;
      case 'message': {
        const content = reply.content.map((block) =>
          block.type === 'text'
            ? { type: 'text', text: block.text, citations: null }
            : { type: 'tool_use', id: block.id ?? `toolu_fake_${++toolUseIds}`, name: block.name, input: block.input, caller: { type: 'direct' } },
        );
        const outputText = reply.content.map((b) => (b.type === 'text' ? b.text : JSON.stringify(b.input))).join('');
        const usage = reply.usage ?? { input_tokens: estimateTokens(raw), output_tokens: estimateTokens(outputText) };
        const message = {
          id: `msg_fake_${++messageIds}`,
          type: 'message',
          role: 'assistant',
          model: reply.model ?? (typeof body.model === 'string' ? body.model : 'fake-model'),
          content,
          stop_reason: reply.stopReason ?? (content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn'),
          stop_sequence: null,
          stop_details: null,
          container: null,
          diagnostics: null,
          usage: {
            ...usage,
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 0,
            cache_creation: null,
            server_tool_use: null,
            service_tier: 'standard',
            inference_geo: null,
            output_tokens_details: null,
            speed: null,
          },
        };
        res.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_fake_${messageIds}` });
        res.end(JSON.stringify(message));
        return;
      }
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, `Fake server failure: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    waitForRequests(count) {
      if (requests.length >= count) return Promise.resolve(requests[count - 1]!);
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        // Hanging requests keep their sockets; without this, close() would wait for them forever.
        server.closeAllConnections();
      });
    },
  };
}

/**
 * The responder used when a test scripts none, so example workflows run end to end:
 * - the system prompt mentions JSON and holds a fenced JSON Schema (as the runtime's JSON
 *   instruction does) → a value built from that schema: `const`, `enum[0]`, `default` or
 *   `examples[0]` when present, else by type: strings `"sample"` (padded to minLength), numbers at
 *   their minimum (else 1), booleans `true`, arrays of max(1, minItems) items, objects with every
 *   listed property; `anyOf`/`oneOf` take their first branch, `allOf` is merged, local `$ref`s followed;
 * - the system prompt mentions JSON without a schema → `{"fake":true}`;
 * - otherwise a text answer: `Fake answer to: <the last user text, at most 200 characters>`.
 * It never calls tools.
 */
export function defaultRespond(request: FakeRequest): FakeReply {
  const system = systemText(request.body);
  if (/json/i.test(system)) {
    const schema = fencedSchema(system);
    return fakeReply.json(schema ? sampleFromSchema(schema, schema, 0) : { fake: true });
  }
  return fakeReply.text(`Fake answer to: ${lastUserText(request.body).slice(0, 200)}`);
}

/** The system prompt as text, whether sent as a string or as text blocks. */
export function systemText(body: FakeMessagesBody): string {
  if (typeof body.system === 'string') return body.system;
  if (Array.isArray(body.system)) return body.system.map((b: { text?: unknown }) => (typeof b?.text === 'string' ? b.text : '')).join('\n');
  return '';
}

/** The text of the last user message (tool results show as `[tool results]`). */
export function lastUserText(body: FakeMessagesBody): string {
  const messages = Array.isArray(body.messages) ? (body.messages as Array<{ role?: unknown; content?: unknown }>) : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.role !== 'user') continue;
    if (typeof message.content === 'string') return message.content;
    if (Array.isArray(message.content)) {
      const blocks = message.content as Array<{ type?: unknown; text?: unknown }>;
      const text = blocks.map((b) => (b.type === 'text' && typeof b.text === 'string' ? b.text : '')).join('');
      return text !== '' ? text : '[tool results]';
    }
  }
  return '';
}

/** The names of the tools offered in a request. */
export function toolNamesOf(body: FakeMessagesBody): string[] {
  return Array.isArray(body.tools) ? (body.tools as Array<{ name?: unknown }>).map((t) => String(t.name)) : [];
}

function apiKeyOf(headers: IncomingHttpHeaders): string | undefined {
  const direct = headers['x-api-key'];
  if (typeof direct === 'string' && direct !== '') return direct;
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice('Bearer '.length);
  return undefined;
}

/** The checks of the real API that our client code could plausibly fail; a message means 400. */
function checkMessagesRequest(request: FakeRequest): string | undefined {
  const { body } = request;
  const version = request.headers['anthropic-version'];
  if (typeof version !== 'string' || version === '') return 'anthropic-version header is required';
  if (body.stream === true) return 'This fake server does not stream; send non-streaming requests.';
  if (typeof body.model !== 'string' || body.model === '') return 'model: Field required';
  if (typeof body.max_tokens !== 'number' || !Number.isInteger(body.max_tokens) || body.max_tokens < 1) return 'max_tokens: must be a positive integer';
  if (version >= '2026-10-21') {
    for (const name of ['temperature', 'top_p', 'top_k']) if (name in body) return `${name}: Extra inputs are not permitted`;
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: at least one message is required';
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools)) return 'tools: must be a list';
    for (const tool of body.tools as Array<{ name?: unknown; input_schema?: { type?: unknown } }>) {
      if (typeof tool.name !== 'string' || !/^[a-zA-Z0-9_-]{1,128}$/.test(tool.name)) return `tools: invalid tool name ${JSON.stringify(tool.name)}`;
      if (tool.input_schema?.type !== 'object') return `tools.${tool.name}.input_schema.type: must be "object"`;
    }
  }
  return checkToolPairing(body.messages as Array<{ role?: unknown; content?: unknown }>);
}

/** Every tool_use must be answered by a tool_result in the very next user message, and only those. */
function checkToolPairing(messages: Array<{ role?: unknown; content?: unknown }>): string | undefined {
  let pending: string[] = [];
  for (const [index, message] of messages.entries()) {
    const blocks = Array.isArray(message.content) ? (message.content as Array<{ type?: unknown; id?: unknown; tool_use_id?: unknown }>) : [];
    if (message.role === 'user') {
      const answered = blocks.filter((b) => b.type === 'tool_result').map((b) => String(b.tool_use_id));
      for (const id of answered) if (!pending.includes(id)) return `messages.${index}: tool_result for unknown tool_use_id ${id}`;
      const missing = pending.filter((id) => !answered.includes(id));
      if (missing.length > 0) return `messages.${index}: tool_use ids without tool_result: ${missing.join(', ')}`;
      pending = [];
    } else if (message.role === 'assistant') {
      if (pending.length > 0) return `messages.${index}: tool_use ids without tool_result: ${pending.join(', ')}`;
      pending = blocks.filter((b) => b.type === 'tool_use').map((b) => String(b.id));
    }
  }
  return undefined;
}

function sendError(res: ServerResponse, status: number, message: string, type?: string, headers?: Record<string, string>): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_fake_error', ...headers });
  res.end(JSON.stringify({ type: 'error', error: { type: type ?? errorTypeForStatus(status), message }, request_id: 'req_fake_error' }));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function fencedSchema(text: string): Record<string, unknown> | undefined {
  for (const match of text.matchAll(/```(?:json)?\s*\n([\s\S]*?)```/g)) {
    try {
      const parsed: unknown = JSON.parse(match[1]!);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // Not JSON: keep looking.
    }
  }
  return undefined;
}

type Schema = Record<string, unknown>;

function sampleFromSchema(schema: Schema, root: Schema, depth: number): unknown {
  if (depth > 8) return null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ('default' in schema) return schema.default;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (typeof schema.$ref === 'string') {
    const target = resolveRef(schema.$ref, root);
    return target ? sampleFromSchema(target, root, depth + 1) : null;
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length > 0) return sampleFromSchema(branches[0] as Schema, root, depth + 1);
  }
  if (Array.isArray(schema.allOf)) {
    const merged: Schema = { ...schema, allOf: undefined };
    for (const part of schema.allOf as Schema[]) {
      Object.assign(merged, part, {
        properties: { ...(merged.properties as Schema | undefined), ...(part.properties as Schema | undefined) },
        required: [...((merged.required as string[] | undefined) ?? []), ...((part.required as string[] | undefined) ?? [])],
      });
    }
    delete merged.allOf;
    return sampleFromSchema(merged, root, depth + 1);
  }

  const declared = Array.isArray(schema.type) ? (schema.type as string[]).find((t) => t !== 'null') ?? 'null' : schema.type;
  const type = declared ?? (schema.properties ? 'object' : schema.items ? 'array' : 'string');
  switch (type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
      for (const [name, property] of Object.entries(properties)) result[name] = sampleFromSchema(property, root, depth + 1);
      for (const name of (schema.required as string[] | undefined) ?? []) if (!(name in result)) result[name] = 'sample';
      return result;
    }
    case 'array': {
      const count = Math.max(typeof schema.minItems === 'number' ? schema.minItems : 0, schema.maxItems === 0 ? 0 : 1);
      const items = (schema.items as Schema | undefined) ?? {};
      return Array.from({ length: count }, () => sampleFromSchema(items, root, depth + 1));
    }
    case 'integer':
    case 'number': {
      if (typeof schema.minimum === 'number') return type === 'integer' ? Math.ceil(schema.minimum) : schema.minimum;
      if (typeof schema.exclusiveMinimum === 'number') return type === 'integer' ? Math.floor(schema.exclusiveMinimum) + 1 : schema.exclusiveMinimum + 1;
      if (typeof schema.maximum === 'number' && schema.maximum < 1) return type === 'integer' ? Math.floor(schema.maximum) : schema.maximum;
      return 1;
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    default: {
      const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
      const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
      return 'sample'.padEnd(minLength, 'x').slice(0, maxLength);
    }
  }
}

function resolveRef(ref: string, root: Schema): Schema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const segment of ref.slice(1).split('/').filter((s) => s !== '')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[segment.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return typeof node === 'object' && node !== null ? (node as Schema) : undefined;
}
