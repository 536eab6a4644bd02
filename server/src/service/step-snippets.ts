// Snippets that scaffold a whole step of each type, written once as data and rendered either as
// block YAML (indented to where the cursor is) or as one-line JSON. Placeholders (`${1:slug}`)
// walk the user through the parts that must be filled in.

import type { StepType } from '../../../runtime/src/language/step-types.ts';

/** A snippet value: strings may hold snippet placeholders; `raw` is written without quotes in JSON. */
export type SnippetValue = string | number | boolean | { raw: string } | SnippetValue[] | { [key: string]: SnippetValue };

function isRaw(value: SnippetValue): value is { raw: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { raw?: unknown }).raw === 'string' && Object.keys(value).length === 1;
}

/** The body of a new step of `type` whose slug placeholder defaults to `slug`. */
export function stepSnippet(type: StepType, slug: string): Record<string, SnippetValue> {
  const head = { stepSlug: `\${1:${slug}}`, stepType: type };
  switch (type) {
    case 'trigger':
      return { ...head, config: { type: '${2|manual,schedule,webhook,event|}' }, nextSteps: { success: '${3:end}' } };
    case 'action':
      return { ...head, config: { type: '${2:log}', parameters: { message: '${3:Hello}' } }, nextSteps: { success: '${4:end}' } };
    case 'llm':
      return {
        ...head,
        config: { systemPrompt: '${2:You are a helpful assistant.}', userPrompt: '${3:<<input.question>>}', outputFormat: '${4|text,json|}' },
        nextSteps: { success: '${5:end}', error: '${6:fail}' },
      };
    case 'condition':
      return { ...head, config: { expression: '${2:<<input.amount>> > 100}' }, nextSteps: { true: '${3:end}', false: '${4:end}' } };
    case 'loop':
      return { ...head, config: { items: '${2:<<input.items>>}', itemVariable: '${3:item}' }, nextSteps: { next: '${4:end}', done: '${5:end}' } };
    case 'parallel':
      return { ...head, config: { branches: ['${2:first_branch}'] }, nextSteps: { done: '${3:end}' } };
    case 'approval':
      return { ...head, config: { title: '${2:Approve?}', details: '${3}', timeoutMs: { raw: '${4:86400000}' } }, nextSteps: { approved: '${5:end}', rejected: '${6:fail}', timeout: '${7:fail}' } };
    case 'workflow':
      return { ...head, config: { path: '${2:./other.flow.yaml}', input: {} }, nextSteps: { success: '${3:end}', error: '${4:fail}' } };
  }
}

/**
 * Renders a map as block YAML. The first line goes where the cursor is; the others start at
 * `column` spaces, so the snippet lines up with the key being completed.
 */
export function renderYamlSnippet(map: Record<string, SnippetValue>, column: number): string {
  const lines: string[] = [];
  writeYamlMap(map, 0, lines);
  const pad = ' '.repeat(column);
  return lines.map((line, index) => (index === 0 ? line : pad + line)).join('\n');
}

function writeYamlMap(map: Record<string, SnippetValue>, indent: number, lines: string[]): void {
  const pad = ' '.repeat(indent);
  for (const [key, value] of Object.entries(map)) {
    if (Array.isArray(value)) {
      lines.push(`${pad}${key}:`);
      for (const item of value) lines.push(`${pad}  - ${yamlScalarText(item)}`);
    } else if (typeof value === 'object' && !isRaw(value)) {
      if (Object.keys(value).length === 0) {
        lines.push(`${pad}${key}: {}`);
        continue;
      }
      lines.push(`${pad}${key}:`);
      writeYamlMap(value as Record<string, SnippetValue>, indent + 2, lines);
    } else {
      lines.push(`${pad}${key}: ${yamlScalarText(value)}`);
    }
  }
}

function yamlScalarText(value: SnippetValue): string {
  if (isRaw(value)) return value.raw;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Renders a value as one line of JSON; placeholders stay inside the quotes of strings. */
export function renderJsonSnippet(value: SnippetValue): string {
  if (Array.isArray(value)) return `[${value.map(renderJsonSnippet).join(', ')}]`;
  if (typeof value === 'object') {
    if (isRaw(value)) return value.raw;
    const entries = Object.entries(value);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([key, item]) => `"${key}": ${renderJsonSnippet(item)}`).join(', ')} }`;
  }
  if (typeof value === 'string') return `"${value.replaceAll('"', '\\"')}"`;
  return String(value);
}

/** A slug like `action_2` that no step uses yet. */
export function freshSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

/** Escapes text for a snippet so `$`, `}` and `\` are inserted literally. */
export function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}
