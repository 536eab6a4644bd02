// `log`: writes a message (and optional data) to the step's trace; the output repeats them so
// later steps and the trace view can show what was logged.

import type { ActionContext, ActionImplementation } from './action-types.ts';
import { ParameterReader } from './parameter-reader.ts';

export interface LogOutput {
  message: string;
  data?: unknown;
}

export const log: ActionImplementation = {
  name: 'log',
  async run(params: Record<string, unknown>, ctx: ActionContext): Promise<LogOutput> {
    const reader = new ParameterReader('log', params);
    const raw = reader.raw('message');
    // A template may render a number or a boolean; those print naturally, anything else is a mistake.
    const message = typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : reader.string('message');
    const data = reader.raw('data');
    if (data === undefined) {
      ctx.log(message);
      return { message };
    }
    ctx.log(message, data);
    return { message, data };
  },
};
