// `set_variables`: returns its parameters; the engine merges the output into `vars`.

import type { ActionImplementation } from './action-types.ts';
import { ParameterReader } from './parameter-reader.ts';

export const setVariables: ActionImplementation = {
  name: 'set_variables',
  async run(params: Record<string, unknown>): Promise<Record<string, unknown>> {
    // Validates that the parameters are an object, then hands back a copy the engine may keep.
    new ParameterReader('set_variables', params);
    return { ...params };
  },
};
