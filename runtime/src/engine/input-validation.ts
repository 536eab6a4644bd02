// Checks a run's input against the workflow's declared `inputs` (a JSON Schema subset per
// input), applies defaults, and lists every problem at once, so the user fixes them in one go.

import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { InputDeclaration } from '../language/workflow-model.ts';
import { EngineError } from './engine-error.ts';

const validators = new WeakMap<readonly InputDeclaration[], ValidateFunction>();

/** The input with defaults applied; throws EngineError `invalid-input` listing every problem. */
export function validateInput(declarations: readonly InputDeclaration[], input: unknown): Record<string, unknown> {
  if (input !== undefined && input !== null && (typeof input !== 'object' || Array.isArray(input))) {
    throw new EngineError('invalid-input', 'The run input must be a JSON object, like {"customerId": "cus_1"}.', { problems: ['the input is not a JSON object'] });
  }
  const value: Record<string, unknown> = { ...((input ?? {}) as Record<string, unknown>) };
  for (const declaration of declarations) {
    if (value[declaration.name] === undefined && declaration.hasDefault) value[declaration.name] = structuredClone(declaration.schema['default']);
  }
  if (declarations.length === 0) return value;
  const validate = validatorFor(declarations);
  if (validate(value)) return value;
  const problems = (validate.errors ?? []).map(describe);
  const unique = [...new Set(problems)];
  throw new EngineError('invalid-input', `Invalid input: ${unique.join('; ')}.`, { problems: unique });
}

function validatorFor(declarations: readonly InputDeclaration[]): ValidateFunction {
  const cached = validators.get(declarations);
  if (cached) return cached;
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const declaration of declarations) {
    // `required: true` is our shorthand on the input itself; JSON Schema wants it on the parent.
    const { required: _required, ...schema } = declaration.schema;
    properties[declaration.name] = schema;
    if (declaration.required && !declaration.hasDefault) required.push(declaration.name);
  }
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  let validate: ValidateFunction;
  try {
    validate = ajv.compile({ type: 'object', properties, required });
  } catch (error) {
    throw new EngineError('invalid-workflow', `The workflow's inputs are not valid JSON Schema: ${(error as Error).message}`);
  }
  validators.set(declarations, validate);
  return validate;
}

function describe(error: ErrorObject): string {
  const where = `input${error.instancePath.replace(/\/([^/]+)/g, (_, key: string) => (/^\d+$/.test(key) ? `[${key}]` : `.${key}`))}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return error.instancePath === '' ? `missing required input ${String(params.missingProperty)}` : `${where}.${String(params.missingProperty)} is required`;
    case 'type':
      return `${where} must be ${String(params.type)}`;
    case 'enum':
      return `${where} must be one of ${JSON.stringify(params.allowedValues)}`;
    default:
      return `${where} ${error.message ?? 'is invalid'}`;
  }
}
