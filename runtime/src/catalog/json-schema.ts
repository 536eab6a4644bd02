// The JSON Schema shape the catalog and the analyzer speak: the keywords we read by name, typed,
// plus an open index for the rest. Schemas are data (draft 2020-12), validated with ajv.

export type JsonSchemaType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

export interface JsonSchema {
  type?: JsonSchemaType | JsonSchemaType[];
  title?: string;
  description?: string;
  /** Markdown shown by editors (VS Code reads this keyword) in place of `description`. */
  markdownDescription?: string;
  properties?: Record<string, JsonSchema | boolean>;
  required?: string[];
  /**
   * `false` closes the object: unknown keys are errors. `true` or absent leaves it open: the
   * analyzer warns (never errors) on keys it cannot prove exist.
   */
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | boolean;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  minItems?: number;
  pattern?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  [keyword: string]: unknown;
}
