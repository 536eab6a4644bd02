// The actions module's public surface: built-in implementations, workspace action loading,
// and the types an implementation sees. Import from here, not from the files behind it.

export { BUILTIN_ACTION_IMPLEMENTATIONS } from './builtin-actions.ts';
export { ActionError, invalidParameters } from './action-error.ts';
export type { ActionErrorOptions } from './action-error.ts';
export type { ActionContext, ActionImplementation } from './action-types.ts';
export { loadWorkspaceActions } from './workspace-actions.ts';
export type { WorkspaceAction, WorkspaceActionLoadResult, WorkspaceActionMetadata } from './workspace-actions.ts';
export type { HttpResponseOutput } from './http-request.ts';
export type { EmailSendOutput } from './email-send.ts';
export type { DelayOutput } from './delay.ts';
export type { LogOutput } from './log.ts';
export type { RecordOutput, RecordQueryOutput } from './records-actions.ts';
