// The store's public surface: import from here, not from the files behind it.

export { openStore, STORE_FILE_NAME } from './open-store.ts';
export type { OpenStoreOptions } from './open-store.ts';
export { Store } from './store.ts';
export { StoreError } from './store-error.ts';
export type { StoreErrorCode } from './store-error.ts';
export { createSortableId } from './sortable-id.ts';
export { RUN_STATUSES } from './store-types.ts';
export type {
  EffectRecord,
  ListRunsOptions,
  NewRun,
  NewStepRecord,
  RecordQuery,
  RunLookup,
  RunRecord,
  RunStatus,
  StepRecord,
  StoredRecord,
  TimerRecord,
} from './store-types.ts';
export { MIGRATIONS, SCHEMA_VERSION } from './schema.ts';
