// Everything one run's runner and tick loop need besides the state: the store, the journal,
// events, the debugger, actions, secrets and the clocks. Built once per run by engine.ts.

import type { ActionImplementation } from '../actions/index.ts';
import type { ActionCatalog } from '../catalog/action-catalog.ts';
import type { LlmClientFactory } from '../llm/llm-step-types.ts';
import type { Store } from '../store/index.ts';
import type { DebugController } from './debugger-hook.ts';
import type { EventHub } from './engine-events.ts';
import type { Redactor } from './redactor.ts';
import type { RunJournal } from './run-journal.ts';
import type { RunState } from './run-state.ts';
import type { SubWorkflowRunner } from './sub-workflow.ts';

export interface LlmSettings {
  apiKey?: string;
  baseURL?: string;
  clientFactory?: LlmClientFactory;
}

export interface RunContext {
  state: RunState;
  store: Store;
  journal: RunJournal;
  events: EventHub;
  debug: DebugController | null;
  actions: ReadonlyMap<string, ActionImplementation>;
  /** Built-in actions honour abort signals and return JSON; others are raced and checked. */
  trustedActions: ReadonlySet<ActionImplementation>;
  catalog: ActionCatalog;
  redactor: Redactor;
  llm: LlmSettings;
  outboxDir: string;
  now: () => Date;
  /** [0, 1), for retry jitter. */
  random: () => number;
  subWorkflows: SubWorkflowRunner;
}
