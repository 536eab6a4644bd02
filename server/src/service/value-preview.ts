// Renders a recorded value for a hover or a completion item: compact JSON, cut to a readable
// length, so a large API response never floods the editor.

const LIMIT = 400;

export function previewValue(value: unknown, limit = LIMIT): string {
  let text: string;
  try {
    text = value === undefined ? 'undefined' : JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}
