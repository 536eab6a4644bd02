// The engine's public surface: import from here, not from the files behind it.

export { startRun, resumeRun } from './engine.ts';
export type { EngineOptions, ResumeRunOptions, RunResult, StartRunOptions } from './engine.ts';
export { EngineError } from './engine-error.ts';
export type { EngineErrorCode } from './engine-error.ts';
export { EventHub } from './engine-events.ts';
export type {
  EngineEvent,
  EngineEventType,
  EngineObserver,
  EventError,
  LogEvent,
  RunFinishedEvent,
  RunStartedEvent,
  RunWaitingEvent,
  StepFinishedEvent,
  StepRetryingEvent,
  StepStartedEvent,
} from './engine-events.ts';
export type { DebugController, DebugEvaluation, DebugFrame, DebugFrameKind, DebugScope, DebugStop } from './debugger-hook.ts';
export { builtinActionRegistry, loadActionRegistry } from './action-registry.ts';
export type { ActionRegistry } from './action-registry.ts';
export { REDACTION, Redactor } from './redactor.ts';
export { parseDotenv } from './dotenv.ts';
export { SecretSource } from './secret-source.ts';
export { validateInput } from './input-validation.ts';
export { hashWorkflowText, readWorkflowFile } from './workflow-source.ts';
export type { StepError } from './step-error.ts';
export { DEFAULT_MAX_STEPS } from './compiled-workflow.ts';
