// Renders a logpoint's message: text with `<< >>` templates, each evaluated in the paused step's
// scope. Strings are inserted as they are, other values as compact JSON, and an expression that
// fails shows its error in place, so a logpoint never stops the run.

import type { DebugStop } from '../../runtime/src/engine/index.ts';
import { findTemplates } from '../../runtime/src/expr/index.ts';

export function renderMessage(template: string, stop: DebugStop): string {
  let text = '';
  for (const segment of findTemplates(template)) {
    if (segment.kind === 'text') {
      text += segment.text;
      continue;
    }
    const result = stop.evaluate(segment.source, 0);
    text += result.ok ? displayText(result.value) : `<error: ${result.error.message}>`;
  }
  return text;
}

/** How a value reads inside a message: strings bare, null empty, the rest as JSON. */
export function displayText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'null';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
