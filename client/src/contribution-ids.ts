// Every identifier the extension contributes to VS Code (commands, views, language, debug type,
// URI scheme), in one place. The manifest, the code and the real-VS-Code tests all use these
// names, and a drift test checks that package.json declares exactly what this module lists.

export const LANGUAGE_ID = 'stepline-workflow';
export const DEBUG_TYPE = 'stepline';
export const OUTPUT_SCHEME = 'stepline-output';
export const OUTPUT_CHANNEL_NAME = 'Stepline';

export const VIEW_CONTAINER_ID = 'stepline';
export const RUNS_VIEW_ID = 'stepline.runs';

export const COMMANDS = {
  runWorkflow: 'stepline.runWorkflow',
  debugWorkflow: 'stepline.debugWorkflow',
  resumeRun: 'stepline.resumeRun',
  refreshRuns: 'stepline.refreshRuns',
  showStepOutput: 'stepline.showStepOutput',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** `contextValue`s of Runs view items, used by `view/item/context` menus. */
export const TREE_ITEM_CONTEXT = {
  run: 'stepline.run',
  unfinishedRun: 'stepline.run.unfinished',
  iteration: 'stepline.iteration',
  step: 'stepline.step',
  detail: 'stepline.detail',
} as const;

/** The file names a workflow may have; also what the language client's selector and the manifest use. */
export const WORKFLOW_FILE_PATTERN = /\.flow\.(?:ya?ml|json)$/i;
export const WORKFLOW_GLOB = '**/*.flow.{yaml,yml,json}';

export function isWorkflowPath(path: string): boolean {
  return WORKFLOW_FILE_PATTERN.test(path);
}
