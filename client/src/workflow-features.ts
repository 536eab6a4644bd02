// Everything heavy the extension loads on demand, behind one module: the language client, the
// embedded runtime (runs, resume, step output), the inline results and the inline debug adapter.
// extension.ts imports this lazily; the packaged build puts it in its own bundle
// (dist/client/features.cjs) so that activating the extension compiles only the small part.

export { startLanguageClient, type SteplineLanguageClient } from './language-client.ts';
export { InlineResultsView } from './inline-results-view.ts';
export { registerDebugHover } from './debug-hover.ts';
export { runWorkflowCommand, resumeRunCommand } from './run-commands.ts';
export { debugWorkflowCommand } from './debug-command.ts';
export { showStepOutputCommand } from './step-output.ts';
export { createInlineDebugAdapter } from '../../debugger/src/inline.ts';
