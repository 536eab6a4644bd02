// The built-in actions of spec §6 as data: names, documentation, parameter and output schemas,
// side effects and error codes. The engine pairs each with an implementation; the analyzer and
// the language server read only this table, so it must stay exactly what the implementations do.

import type { ActionDefinition } from './action-definition.ts';
import type { JsonSchema } from './json-schema.ts';

const collection: JsonSchema = {
  type: 'string',
  minLength: 1,
  description: 'Name of the collection in the local record store (created on first write).',
  examples: ['customers', 'orders'],
};

const recordId: JsonSchema = {
  type: ['string', 'integer'],
  description: 'The record id. Numbers are stored as their decimal text.',
  examples: ['cus_123', 42],
};

const recordData: JsonSchema = {
  type: 'object',
  additionalProperties: true,
  description: 'Fields of the record, any JSON values.',
  examples: [{ name: 'Ada', tier: 'gold' }],
};

/** A stored record: an open object that always has its `id`. */
const record: JsonSchema = {
  type: 'object',
  description: 'A stored record: its fields plus `id`.',
  properties: { id: { type: 'string', description: 'The record id.' } },
  required: ['id'],
  additionalProperties: true,
};

const httpRequest: ActionDefinition = {
  name: 'http.request',
  description: 'Makes a real HTTP request. A JSON response body is parsed. A non-2xx status fails with `http-status` (5xx and 429 are retryable) unless `failOnStatus` is false.',
  parameters: {
    type: 'object',
    properties: {
      method: {
        type: 'string',
        enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
        default: 'GET',
        description: 'HTTP method.',
        examples: ['GET', 'POST'],
      },
      url: { type: 'string', minLength: 1, description: 'Absolute http(s) URL.', examples: ['https://api.example.com/orders'] },
      headers: {
        type: 'object',
        additionalProperties: { type: ['string', 'number', 'boolean'] },
        description: 'Request headers. Put credentials in secrets: `Authorization: Bearer <<secrets.API_TOKEN>>`.',
        examples: [{ Accept: 'application/json' }],
      },
      query: {
        type: 'object',
        additionalProperties: { type: ['string', 'number', 'boolean', 'array'] },
        description: 'Query string parameters, appended to the URL (arrays repeat the key).',
        examples: [{ page: 1, status: 'open' }],
      },
      body: {
        description: 'Request body. Objects and arrays are sent as JSON (`Content-Type: application/json` unless set); strings as they are.',
        examples: [{ customerId: 'cus_123' }],
      },
      timeoutMs: { type: 'integer', minimum: 1, default: 30000, description: 'Time limit for the whole request, in milliseconds (fails with `timeout`).', examples: [5000] },
      failOnStatus: { type: 'boolean', default: true, description: 'When false, a non-2xx response is a normal output instead of an `http-status` error.', examples: [false] },
    },
    required: ['url'],
    additionalProperties: false,
  },
  output: {
    type: 'object',
    properties: {
      status: { type: 'integer', description: 'HTTP status code.' },
      headers: { type: 'object', additionalProperties: { type: 'string' }, description: 'Response headers, names in lower case.' },
      body: { description: 'Response body: parsed when the response is JSON, else the text.' },
    },
    required: ['status', 'headers', 'body'],
    additionalProperties: false,
  },
  sideEffects: true,
  // `http-status` is retryable only for 5xx and 429 responses; the implementation marks each error.
  retryableErrors: ['http-status', 'network-error', 'timeout'],
  errors: ['http-status', 'network-error', 'timeout', 'invalid-url'],
  examples: [
    { method: 'GET', url: 'https://api.example.com/customers/<<input.customerId>>', headers: { Authorization: 'Bearer <<secrets.CRM_TOKEN>>' } },
    { method: 'POST', url: 'https://api.example.com/orders', body: { items: '<<vars.cart>>' } },
  ],
  source: 'builtin',
};

const setVariables: ActionDefinition = {
  name: 'set_variables',
  description: 'Merges its parameters into the workflow variables (`vars`). Its output is the parameters, evaluated.',
  parameters: {
    type: 'object',
    description: 'Variable names and their new values (templated).',
    additionalProperties: true,
  },
  output: {
    type: 'object',
    description: 'The variables that were set, with their evaluated values.',
    additionalProperties: true,
  },
  sideEffects: false,
  retryableErrors: [],
  errors: [],
  examples: [{ total: '<<steps.fetch_orders.output.body.total>>', greeting: 'Hello <<input.name>>' }],
  source: 'builtin',
};

const log: ActionDefinition = {
  name: 'log',
  description: 'Writes a message (and optional data) to the run trace.',
  parameters: {
    type: 'object',
    properties: {
      message: { type: 'string', description: 'The message to record.', examples: ['Fetched <<steps.fetch_orders.output.count>> orders'] },
      data: { description: 'Any value to record beside the message.', examples: [{ orderId: '<<loop.item.id>>' }] },
    },
    required: ['message'],
    additionalProperties: false,
  },
  output: {
    type: 'object',
    properties: {
      message: { type: 'string', description: 'The message, evaluated.' },
      data: { description: 'The data, evaluated (absent when not given).' },
    },
    required: ['message'],
    additionalProperties: false,
  },
  sideEffects: false,
  retryableErrors: [],
  errors: [],
  examples: [{ message: 'Processing customer <<input.customerId>>' }],
  source: 'builtin',
};

const delay: ActionDefinition = {
  name: 'delay',
  description: 'Waits `ms` milliseconds on a durable timer: a resumed run waits only the remainder.',
  parameters: {
    type: 'object',
    properties: {
      ms: { type: 'integer', minimum: 0, description: 'How long to wait, in milliseconds.', examples: [1000, 3600000] },
    },
    required: ['ms'],
    additionalProperties: false,
  },
  output: {
    type: 'object',
    properties: { ms: { type: 'integer', description: 'The delay that was requested, in milliseconds.' } },
    required: ['ms'],
    additionalProperties: false,
  },
  sideEffects: false,
  retryableErrors: [],
  errors: [],
  examples: [{ ms: 5000 }],
  source: 'builtin',
};

const emailAddresses: JsonSchema = {
  type: ['string', 'array'],
  items: { type: 'string' },
  description: 'One address, or a list of addresses.',
};

const emailSend: ActionDefinition = {
  name: 'email.send',
  description: 'Sends an email: writes an RFC 5322 message to the local outbox (`.stepline/outbox`), or sends it over SMTP when SMTP is configured. Never sends twice for the same idempotency key.',
  parameters: {
    type: 'object',
    properties: {
      to: { ...emailAddresses, description: 'Recipient address, or a list of addresses.', examples: ['ada@example.com', ['ada@example.com', 'bob@example.com']] },
      subject: { type: 'string', description: 'Subject line.', examples: ['Your recommendations'] },
      body: { type: 'string', description: 'Plain-text body.', examples: ['Hello <<input.name>>, here are three products for you.'] },
      cc: { ...emailAddresses, description: 'Carbon-copy recipients.', examples: ['team@example.com'] },
      bcc: { ...emailAddresses, description: 'Blind carbon-copy recipients.', examples: ['audit@example.com'] },
      from: { type: 'string', description: 'Sender address (defaults to the configured sender).', examples: ['shop@example.com'] },
    },
    required: ['to', 'subject', 'body'],
    additionalProperties: false,
  },
  output: {
    type: 'object',
    properties: {
      messageId: { type: 'string', description: 'The Message-ID of the email.' },
      to: { type: 'array', items: { type: 'string' }, description: 'The recipients.' },
      outboxPath: { type: 'string', description: 'The `.eml` file written to the local outbox (absent when sent over SMTP).' },
    },
    required: ['messageId', 'to'],
    additionalProperties: false,
  },
  sideEffects: true,
  retryableErrors: ['smtp-error'],
  errors: ['smtp-error', 'invalid-address'],
  examples: [{ to: '<<steps.get_customer.output.email>>', subject: 'Your recommendations', body: '<<steps.recommend.output>>' }],
  source: 'builtin',
};

const recordsCreate: ActionDefinition = {
  name: 'records.create',
  description: 'Creates a record in a local collection and returns it with its `id` (generated when not given).',
  parameters: {
    type: 'object',
    properties: {
      collection,
      id: { ...recordId, description: 'Id of the new record; generated when absent.' },
      data: recordData,
    },
    required: ['collection', 'data'],
    additionalProperties: false,
  },
  output: record,
  sideEffects: true,
  retryableErrors: [],
  errors: ['already-exists'],
  examples: [{ collection: 'customers', data: { name: 'Ada', email: 'ada@example.com' } }],
  source: 'builtin',
};

const recordsGet: ActionDefinition = {
  name: 'records.get',
  description: 'Reads one record by id; fails with `not-found` when there is none.',
  parameters: {
    type: 'object',
    properties: { collection, id: recordId },
    required: ['collection', 'id'],
    additionalProperties: false,
  },
  output: record,
  sideEffects: false,
  retryableErrors: [],
  errors: ['not-found'],
  examples: [{ collection: 'customers', id: '<<input.customerId>>' }],
  source: 'builtin',
};

const recordsQuery: ActionDefinition = {
  name: 'records.query',
  description: 'Lists the records of a collection whose fields equal every value in `filter`.',
  parameters: {
    type: 'object',
    properties: {
      collection,
      filter: {
        type: 'object',
        additionalProperties: true,
        description: 'Field name → value; a record matches when every field equals its value.',
        examples: [{ tier: 'gold' }],
      },
      limit: { type: 'integer', minimum: 1, description: 'At most this many records.', examples: [20] },
    },
    required: ['collection'],
    additionalProperties: false,
  },
  output: {
    type: 'object',
    properties: {
      records: { type: 'array', items: record, description: 'The matching records.' },
      count: { type: 'integer', description: 'How many records were returned.' },
    },
    required: ['records', 'count'],
    additionalProperties: false,
  },
  sideEffects: false,
  retryableErrors: [],
  errors: [],
  examples: [{ collection: 'products', filter: { category: '<<input.category>>' }, limit: 10 }],
  source: 'builtin',
};

const recordsUpdate: ActionDefinition = {
  name: 'records.update',
  description: 'Merges `data` into an existing record and returns the merged record; fails with `not-found` when there is none.',
  parameters: {
    type: 'object',
    properties: { collection, id: recordId, data: { ...recordData, description: 'Fields to set; other fields keep their values.' } },
    required: ['collection', 'id', 'data'],
    additionalProperties: false,
  },
  output: record,
  sideEffects: true,
  retryableErrors: [],
  errors: ['not-found'],
  examples: [{ collection: 'customers', id: '<<input.customerId>>', data: { lastContacted: '<<$now>>' } }],
  source: 'builtin',
};

const recordsDelete: ActionDefinition = {
  name: 'records.delete',
  description: 'Deletes a record by id. `deleted` is false when there was no such record.',
  parameters: {
    type: 'object',
    properties: { collection, id: recordId },
    required: ['collection', 'id'],
    additionalProperties: false,
  },
  output: {
    type: 'object',
    properties: { deleted: { type: 'boolean', description: 'Whether a record was deleted.' } },
    required: ['deleted'],
    additionalProperties: false,
  },
  sideEffects: true,
  retryableErrors: [],
  errors: [],
  examples: [{ collection: 'sessions', id: '<<input.sessionId>>' }],
  source: 'builtin',
};

export const BUILTIN_ACTIONS: readonly ActionDefinition[] = [
  httpRequest,
  setVariables,
  log,
  delay,
  emailSend,
  recordsCreate,
  recordsGet,
  recordsQuery,
  recordsUpdate,
  recordsDelete,
];
