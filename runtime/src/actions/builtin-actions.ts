// The built-in action implementations by name. Metadata (descriptions, schemas) lives in the
// catalog; the engine matches the two by name.

import type { ActionImplementation } from './action-types.ts';
import { delay } from './delay.ts';
import { emailSend } from './email-send.ts';
import { httpRequest } from './http-request.ts';
import { log } from './log.ts';
import { recordsCreate, recordsDelete, recordsGet, recordsQuery, recordsUpdate } from './records-actions.ts';
import { setVariables } from './set-variables.ts';

const BUILTINS: readonly ActionImplementation[] = [
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

export const BUILTIN_ACTION_IMPLEMENTATIONS: ReadonlyMap<string, ActionImplementation> = new Map(
  BUILTINS.map((action) => [action.name, action]),
);
