// `records.create/get/query/update/delete`: a local collection store in the embedded database,
// so CRM-style workflows run without a server. A record's output is its data with its `id`
// (`{ id, ...data }`). Create and delete record their result as an effect in the same
// transaction, so a resumed step returns the first result instead of acting again.

import { ActionError } from './action-error.ts';
import type { ActionContext, ActionImplementation } from './action-types.ts';
import { ParameterReader, type JsonObject } from './parameter-reader.ts';
import type { StoredRecord } from '../store/index.ts';

export type RecordOutput = { id: string } & JsonObject;

export interface RecordQueryOutput {
  records: RecordOutput[];
  count: number;
}

export function recordOutput(record: StoredRecord): RecordOutput {
  return { id: record.id, ...record.data };
}

function readCollection(reader: ParameterReader): string {
  return reader.string('collection', { nonEmpty: true });
}

/** Ids are strings; a whole number from a template is accepted as its decimal text. */
function readId(reader: ParameterReader, required: true): string;
function readId(reader: ParameterReader, required: false): string | undefined;
function readId(reader: ParameterReader, required: boolean): string | undefined {
  const raw = reader.raw('id');
  if (typeof raw === 'number' && Number.isSafeInteger(raw)) return String(raw);
  return required ? reader.string('id', { nonEmpty: true }) : reader.optionalString('id', { nonEmpty: true });
}

function notFound(collection: string, id: string): ActionError {
  return new ActionError('not-found', `No record ${JSON.stringify(id)} in collection ${JSON.stringify(collection)}.`, {
    details: { collection, id },
  });
}

export const recordsCreate: ActionImplementation = {
  name: 'records.create',
  async run(params: JsonObject, ctx: ActionContext): Promise<RecordOutput> {
    const reader = new ParameterReader('records.create', params);
    const collection = readCollection(reader);
    const data = reader.object('data');
    // An `id` inside `data` names the record too, unless the `id` parameter does.
    const dataId = typeof data.id === 'string' && data.id !== '' ? data.id : undefined;
    const id = readId(reader, false) ?? dataId;
    const output = ctx.store.transaction(() => {
      const previous = ctx.store.getEffect(ctx.idempotencyKey);
      if (previous) return previous.result as RecordOutput;
      const created = ctx.store.createRecord(collection, data, id);
      if (!created) {
        throw new ActionError(
          'already-exists',
          `Collection ${JSON.stringify(collection)} already has a record ${JSON.stringify(id)}.`,
          { details: { collection, id } },
        );
      }
      const result = recordOutput(created);
      ctx.store.recordEffect(ctx.idempotencyKey, result);
      return result;
    });
    return output;
  },
};

export const recordsGet: ActionImplementation = {
  name: 'records.get',
  async run(params: JsonObject, ctx: ActionContext): Promise<RecordOutput> {
    const reader = new ParameterReader('records.get', params);
    const collection = readCollection(reader);
    const id = readId(reader, true);
    const record = ctx.store.getRecord(collection, id);
    if (!record) throw notFound(collection, id);
    return recordOutput(record);
  },
};

export const recordsQuery: ActionImplementation = {
  name: 'records.query',
  async run(params: JsonObject, ctx: ActionContext): Promise<RecordQueryOutput> {
    const reader = new ParameterReader('records.query', params);
    const collection = readCollection(reader);
    const filter = reader.optionalObject('filter');
    const limit = reader.optionalNumber('limit', { min: 0, integer: true });
    const records = ctx.store.queryRecords({ collection, filter, limit }).map(recordOutput);
    return { records, count: records.length };
  },
};

export const recordsUpdate: ActionImplementation = {
  name: 'records.update',
  async run(params: JsonObject, ctx: ActionContext): Promise<RecordOutput> {
    const reader = new ParameterReader('records.update', params);
    const collection = readCollection(reader);
    const id = readId(reader, true);
    const data = reader.object('data');
    const updated = ctx.store.updateRecord(collection, id, data);
    if (!updated) throw notFound(collection, id);
    return recordOutput(updated);
  },
};

export const recordsDelete: ActionImplementation = {
  name: 'records.delete',
  async run(params: JsonObject, ctx: ActionContext): Promise<{ deleted: boolean }> {
    const reader = new ParameterReader('records.delete', params);
    const collection = readCollection(reader);
    const id = readId(reader, true);
    const output = ctx.store.transaction(() => {
      const previous = ctx.store.getEffect(ctx.idempotencyKey);
      if (previous) return previous.result as { deleted: boolean };
      const result = { deleted: ctx.store.deleteRecord(collection, id) };
      ctx.store.recordEffect(ctx.idempotencyKey, result);
      return result;
    });
    return output;
  },
};
