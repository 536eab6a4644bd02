// Launch configurations for the `stepline` debug type: what F5 does without a launch.json (debug
// the active workflow), the dynamic "Debug Workflow" entries, and checks before launching.
// No `vscode` here; debug-setup.ts registers these with VS Code.

import { DEBUG_TYPE, isWorkflowPath } from './contribution-ids.ts';

export interface SteplineLaunchConfiguration {
  type: string;
  request: string;
  name: string;
  program?: string;
  input?: unknown;
  inputFile?: string;
  stopOnEntry?: boolean;
  /** Where `.stepline/` lives and relative paths resolve; the extension uses the workspace folder. */
  cwd?: string;
  [key: string]: unknown;
}

export type ResolvedConfiguration = { ok: true; configuration: SteplineLaunchConfiguration } | { ok: false; message: string };

/** The configuration F5 uses for a workflow file. */
export function launchConfigurationFor(program: string, extra: { inputFile?: string; input?: unknown; stopOnEntry?: boolean } = {}): SteplineLaunchConfiguration {
  return {
    type: DEBUG_TYPE,
    request: 'launch',
    name: `Debug ${baseName(program)}`,
    program,
    ...(extra.inputFile !== undefined ? { inputFile: extra.inputFile } : {}),
    ...(extra.input !== undefined ? { input: extra.input } : {}),
    ...(extra.stopOnEntry !== undefined ? { stopOnEntry: extra.stopOnEntry } : {}),
  };
}

/**
 * Completes a configuration before launch. An empty one (F5 with no launch.json) becomes
 * "debug the active workflow"; a missing `program` is filled with the active workflow; a missing
 * `cwd` becomes the workspace folder, so debugged runs land in the same store as the others.
 */
export function resolveLaunchConfiguration(configuration: Partial<SteplineLaunchConfiguration>, activeFile: string | undefined, workspaceFolder?: string): ResolvedConfiguration {
  const resolved = completeConfiguration(configuration, activeFile);
  if (resolved.ok && resolved.configuration.cwd === undefined && workspaceFolder !== undefined) resolved.configuration.cwd = workspaceFolder;
  return resolved;
}

function completeConfiguration(configuration: Partial<SteplineLaunchConfiguration>, activeFile: string | undefined): ResolvedConfiguration {
  const activeWorkflow = activeFile !== undefined && isWorkflowPath(activeFile) ? activeFile : undefined;
  const isEmpty = !configuration.type && !configuration.request && !configuration.name;
  if (isEmpty) {
    if (!activeWorkflow) return { ok: false, message: 'Open a workflow file (*.flow.yaml, *.flow.yml or *.flow.json) to debug it.' };
    return { ok: true, configuration: launchConfigurationFor(activeWorkflow) };
  }
  const resolved: SteplineLaunchConfiguration = {
    ...configuration,
    type: configuration.type ?? DEBUG_TYPE,
    request: configuration.request ?? 'launch',
    name: configuration.name ?? 'Debug Workflow',
  };
  if (resolved.request !== 'launch') return { ok: false, message: `The stepline debugger only launches workflows (request "launch"), not "${resolved.request}".` };
  // Variables such as ${file} are substituted by VS Code after this, so only a missing program is filled here.
  if (!resolved.program) {
    if (!activeWorkflow) return { ok: false, message: 'This launch configuration has no "program" and the active editor is not a workflow file.' };
    resolved.program = activeWorkflow;
  }
  return { ok: true, configuration: resolved };
}

/** "Debug Workflow" entries offered in the Run and Debug picker, one per open workflow. */
export function dynamicConfigurations(workflowFiles: readonly string[]): SteplineLaunchConfiguration[] {
  return [...new Set(workflowFiles.filter(isWorkflowPath))].map((file) => ({ ...launchConfigurationFor(file), name: `Debug Workflow: ${baseName(file)}` }));
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
