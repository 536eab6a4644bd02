// The version printed by `stepline --version`: the one in package.json, inlined by the bundler.

import packageJson from '../../../package.json' with { type: 'json' };

export const STEPLINE_VERSION: string = packageJson.version;
