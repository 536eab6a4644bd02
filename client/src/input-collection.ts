// Turns a workflow's declared inputs into the questions "Run Workflow" asks (one per input,
// typed, pre-filled with the remembered answer or the default) and parses each typed answer
// back into a JSON value. No `vscode` here: the quick-input wiring lives in run-inputs.ts.

/** The part of an input declaration this module needs (runtime's InputDeclaration fits). */
export interface DeclaredInput {
  name: string;
  type?: string;
  required: boolean;
  schema: Record<string, unknown>;
}

export type InputQuestion =
  | { kind: 'text'; name: string; type: string; required: boolean; title: string; prompt: string; value: string; placeholder: string }
  | { kind: 'pick'; name: string; type: string; required: boolean; title: string; prompt: string; choices: PickChoice[] };

export interface PickChoice {
  label: string;
  value: unknown;
  /** Pre-selected (the remembered answer or the default). */
  picked: boolean;
  description?: string;
}

export type ParsedAnswer = { ok: true; value: unknown; omitted: boolean } | { ok: false; message: string };

/** Where `<name>.input.json` lives for a workflow file: `a/b.flow.yaml` → `a/b.input.json`. */
export function inputFileFor(workflowPath: string): string {
  return workflowPath.replace(/\.flow\.(?:ya?ml|json)$/i, '') + '.input.json';
}

/** One question per declared input, in declaration order. */
export function inputQuestions(inputs: readonly DeclaredInput[], remembered: Record<string, unknown> = {}): InputQuestion[] {
  return inputs.map((input, index) => questionFor(input, remembered, `Input ${index + 1}/${inputs.length}: ${input.name}`));
}

function questionFor(input: DeclaredInput, remembered: Record<string, unknown>, title: string): InputQuestion {
  const type = input.type ?? 'any';
  const description = typeof input.schema['description'] === 'string' ? input.schema['description'] : '';
  const hasRemembered = Object.hasOwn(remembered, input.name);
  const initial = hasRemembered ? remembered[input.name] : input.schema['default'];
  const prompt = [description, `(${type}${input.required ? ', required' : ', optional'})`].filter(Boolean).join(' ');
  const choices = Array.isArray(input.schema['enum']) ? (input.schema['enum'] as unknown[]) : type === 'boolean' ? [true, false] : undefined;
  if (choices) {
    return {
      kind: 'pick',
      name: input.name,
      type,
      required: input.required,
      title,
      prompt,
      choices: choices.map((value) => ({ label: typeof value === 'string' ? value : JSON.stringify(value), value, picked: initial !== undefined && JSON.stringify(initial) === JSON.stringify(value) })),
    };
  }
  return {
    kind: 'text',
    name: input.name,
    type,
    required: input.required,
    title,
    prompt,
    value: initial === undefined ? '' : type === 'string' && typeof initial === 'string' ? initial : JSON.stringify(initial),
    placeholder: placeholderFor(type, input.required),
  };
}

function placeholderFor(type: string, required: boolean): string {
  const optional = required ? '' : ' (leave empty to omit)';
  switch (type) {
    case 'string':
      return `text${optional}`;
    case 'integer':
      return `a whole number, e.g. 10${optional}`;
    case 'number':
      return `a number, e.g. 2.5${optional}`;
    case 'array':
      return `a JSON array, e.g. ["a", "b"]${optional}`;
    case 'object':
      return `a JSON object, e.g. {"key": "value"}${optional}`;
    default:
      return `a JSON value${optional}`;
  }
}

/** Parses what the user typed for a text question; an empty answer omits an optional input. */
export function parseAnswer(question: { type: string; required: boolean; name: string }, text: string): ParsedAnswer {
  const trimmed = text.trim();
  if (trimmed === '') {
    if (question.required) return { ok: false, message: `${question.name} is required.` };
    return { ok: true, value: undefined, omitted: true };
  }
  switch (question.type) {
    case 'string':
      return { ok: true, value: text, omitted: false };
    case 'integer': {
      const value = Number(trimmed);
      return Number.isInteger(value) ? { ok: true, value, omitted: false } : { ok: false, message: `${question.name} must be a whole number.` };
    }
    case 'number': {
      const value = Number(trimmed);
      return Number.isFinite(value) ? { ok: true, value, omitted: false } : { ok: false, message: `${question.name} must be a number.` };
    }
    case 'boolean':
      if (trimmed === 'true' || trimmed === 'false') return { ok: true, value: trimmed === 'true', omitted: false };
      return { ok: false, message: `${question.name} must be true or false.` };
    default: {
      const parsed = parseJson(trimmed);
      if (!parsed.ok) {
        // An untyped input takes plain text when it is not JSON, as a person typing a word expects.
        return question.type === 'any' ? { ok: true, value: text, omitted: false } : { ok: false, message: `${question.name} must be JSON: ${parsed.message}` };
      }
      if (question.type === 'array' && !Array.isArray(parsed.value)) return { ok: false, message: `${question.name} must be a JSON array.` };
      if (question.type === 'object' && (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value))) {
        return { ok: false, message: `${question.name} must be a JSON object.` };
      }
      return { ok: true, value: parsed.value, omitted: false };
    }
  }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Parses an `<name>.input.json` file's text: the run input must be a JSON object. */
export function parseInputFile(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, message: `is not valid JSON (${parsed.message})` };
  if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) return { ok: false, message: 'must hold a JSON object' };
  return { ok: true, value: parsed.value as Record<string, unknown> };
}
