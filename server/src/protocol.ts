// Every custom message between the Stepline VS Code client and the language server, in one
// module that both sides import, so a method name or a parameter shape cannot drift apart.
// Standard LSP clients (Neovim, Helix…) never need these: the server works without them.

import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

/** Options the client passes in `initialize` (all optional). */
export interface SteplineInitializationOptions {
  /**
   * Whether the workspace is trusted. Only then are workspace action modules imported (run) to
   * read their schemas; otherwise their names and descriptions are read from the source text.
   */
  workspaceTrusted?: boolean;
  /** The workspace actions folder, relative to the first workspace folder. Defaults to `actions`. */
  actionsFolder?: string;
  /** The state folder holding recorded runs. Defaults to `<workspace>/.stepline`. */
  storeDir?: string;
  /** Read the last recorded run of each workflow from the store (default true). */
  readRunsFromStore?: boolean;
}

export interface LastRunChangedParams {
  /** The workflow document whose last run changed. */
  uri: string;
  /**
   * The outputs of its steps in that run, by step slug (secrets already redacted), or null when
   * no run is known any more. When omitted, the server reads the run from the store itself.
   */
  outputs?: Record<string, unknown> | null;
  runId?: string;
}

/** Client → server: a run finished (or was deleted); completion and hovers show its values. */
export const LastRunChangedNotification = new NotificationType<LastRunChangedParams>('stepline/lastRunChanged');

export interface WorkspaceTrustChangedParams {
  trusted: boolean;
}

/** Client → server: the user trusted (or untrusted) the workspace. */
export const WorkspaceTrustChangedNotification = new NotificationType<WorkspaceTrustChangedParams>('stepline/workspaceTrustChanged');

export interface WorkflowGraphParams {
  uri: string;
}

export interface WorkflowGraphStep {
  slug: string;
  type?: string;
  name?: string;
  /** Zero-based line of the step's slug, for "reveal in editor". */
  line: number;
  reachable: boolean;
}

export interface WorkflowGraphEdge {
  from: string;
  port: string;
  /** A step slug, `end` or `fail`. */
  to: string;
}

export interface WorkflowGraph {
  version: number;
  steps: WorkflowGraphStep[];
  edges: WorkflowGraphEdge[];
  /** Loop and parallel bodies: the owner's slug and the slugs of its body. */
  blocks: { owner: string; kind: 'loop' | 'parallel'; body: string[] }[];
}

/** Client → server: the step graph of an open workflow, for the graph view. Null for unknown documents. */
export const WorkflowGraphRequest = new RequestType<WorkflowGraphParams, WorkflowGraph | null, void>('stepline/workflowGraph');
