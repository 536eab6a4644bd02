// Every command of the `stepline` bin. Adding one is one line here plus its file in commands/.

import type { CommandEntry } from './command.ts';

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'validate', synopsis: 'FILE|DIR... [--format json]', summary: 'Check workflow files and print their diagnostics', load: () => import('./commands/validate.ts') },
  { name: 'run', synopsis: 'FILE [--input JSON|@file.json] [--json]', summary: 'Run a workflow, printing each step as it finishes', load: () => import('./commands/run.ts') },
  { name: 'resume', synopsis: 'RUN_ID [--json]', summary: 'Continue an interrupted run from its last committed step', load: () => import('./commands/resume.ts') },
  { name: 'runs', synopsis: '[--json]', summary: 'List runs, most recent first', load: () => import('./commands/runs.ts') },
  { name: 'show', synopsis: 'RUN_ID [--json]', summary: "Print a run's trace step by step", load: () => import('./commands/show.ts') },
  { name: 'lsp', synopsis: '--stdio', summary: 'Serve the language server (Language Server Protocol) over stdio', load: () => import('./commands/lsp.ts') },
  { name: 'dap', synopsis: '', summary: 'Serve the debug adapter (Debug Adapter Protocol) over stdio', load: () => import('./commands/dap.ts') },
];
