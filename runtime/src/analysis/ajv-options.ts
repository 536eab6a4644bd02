// The ajv settings the analyzer validates with, in one place: the validators generated ahead of
// time (runtime/scripts/generate-validators.ts) and the schemas compiled at run time (workspace
// actions) must be compiled alike, or the same schema would report different errors.

import type { KeywordDefinition, Options } from 'ajv/dist/2020.js';

/** The workflow schema is ours, so ajv's strict mode catches mistakes in it. */
export const WORKFLOW_SCHEMA_OPTIONS: Readonly<Options> = { allErrors: true, verbose: true, strict: true, allowUnionTypes: true };

/** Workspace action schemas may use any keyword, so parameter schemas are compiled without strict mode. */
export const PARAMETER_SCHEMA_OPTIONS: Readonly<Options> = { allErrors: true, verbose: true, strict: false, allowUnionTypes: true };

/** VS Code's documentation keyword, which the workflow schema uses beside `description`. */
export const MARKDOWN_DESCRIPTION_KEYWORD: Readonly<KeywordDefinition> = { keyword: 'markdownDescription', schemaType: 'string' };
