// Every command of the `stepline` bin. Adding one is one line here plus its file in commands/.

import type { CommandEntry } from './command.ts';

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'validate', synopsis: 'FILE|DIR... [--format json]', summary: 'Check workflow files and print their diagnostics', load: () => import('./commands/validate.ts') },
];
