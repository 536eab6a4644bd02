// The debug adapter for running inside the VS Code extension host, with no process of its own:
// the extension wraps the session in `new vscode.DebugAdapterInlineImplementation(...)`. This file
// does not import `vscode`; the session already has the shape VS Code expects of an adapter
// (`handleMessage`, `onDidSendMessage`, `dispose`).

import { SteplineDebugSession, type SteplineDebugSessionOptions } from './stepline-debug-session.ts';

export { SteplineDebugSession } from './stepline-debug-session.ts';
export type { SteplineDebugSessionOptions } from './stepline-debug-session.ts';
export type { SteplineLaunchArguments } from './launch-config.ts';

/** A fresh session for one debug run in the extension host. */
export function createInlineDebugAdapter(options: SteplineDebugSessionOptions = {}): SteplineDebugSession {
  return new SteplineDebugSession(options);
}
