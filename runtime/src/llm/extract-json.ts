// Finds the JSON value in a model's answer. Models asked for "only JSON" still wrap it in
// ```json fences or open with a sentence, so we accept the first value that parses: the whole
// text, else a fenced block, else the first balanced `{…}` or `[…]`.

export type ExtractJsonResult = { ok: true; value: unknown } | { ok: false; message: string };

const FENCE = /```[a-zA-Z0-9_-]*[ \t]*\r?\n?([\s\S]*?)```/g;

export function extractJson(text: string): ExtractJsonResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'the answer is empty' };

  const whole = tryParse(trimmed);
  if (whole.ok) return whole;

  for (const match of trimmed.matchAll(FENCE)) {
    const fenced = tryParse(match[1]!.trim());
    if (fenced.ok) return fenced;
  }

  for (let start = firstOpening(trimmed, 0); start !== -1; start = firstOpening(trimmed, start + 1)) {
    const end = balancedEnd(trimmed, start);
    if (end === -1) continue;
    const candidate = tryParse(trimmed.slice(start, end + 1));
    if (candidate.ok) return candidate;
  }

  return { ok: false, message: whole.message };
}

function tryParse(text: string): ExtractJsonResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

function firstOpening(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{' || ch === '[') return i;
  }
  return -1;
}

/** The index of the bracket closing the one at `start`, skipping brackets inside strings; -1 if none. */
function balancedEnd(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') stack.push('}');
    else if (ch === '[') stack.push(']');
    else if (ch === '}' || ch === ']') {
      if (stack.pop() !== ch) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}
