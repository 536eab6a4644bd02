// The value a `<< >>` reference had in the workflow's last run, for the editor's hover: `input.*`
// from the run's input and `steps.X.error|attempts|durationMs` from the trace. (The language
// server's own hover already shows `steps.X.output…` values, which the client sends it.) No `vscode`.

import { collectReferences, findTemplates, type ReferencePath } from '../../runtime/src/expr/index.ts';
import type { SourceRange } from '../../runtime/src/language/source-range.ts';

export interface RunValues {
  runId: string;
  input: unknown;
  records: readonly { seq: number; stepSlug: string; path: string; attempt: number; port?: string; error?: unknown; durationMs: number }[];
}

export interface ReferenceValue {
  /** The reference as written up to the hovered part, e.g. `input.customer.email`. */
  expression: string;
  value: unknown;
  /** Offsets of the hovered reference in the text. */
  range: SourceRange;
  /** Context such as "last of 3 executions". */
  note?: string;
}

const STEP_FIELDS = new Set(['error', 'attempts', 'durationMs']);

/** The reference under `offset` inside a `<< >>` template, written out up to the hovered part. */
export function referenceAt(text: string, offset: number): { expression: string; root: string; names: (string | number | null)[]; range: SourceRange } | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const newline = text.indexOf('\n', offset);
  const line = text.slice(lineStart, newline === -1 ? text.length : newline);
  const template = findTemplates(line, lineStart).find((segment) => segment.kind === 'template' && segment.innerRange.start <= offset && offset <= segment.innerRange.end);
  if (!template || template.kind !== 'template' || !template.ast) return undefined;
  const reference = collectReferences(template.ast)
    .filter((candidate) => candidate.range.start <= offset && offset <= candidate.range.end)
    .sort((a, b) => a.range.end - a.range.start - (b.range.end - b.range.start))[0];
  if (!reference) return undefined;
  const hovered = hoveredSegments(reference, offset);
  const names = reference.segments.slice(0, hovered).map((segment) => segment.name);
  const range = { start: reference.rootRange.start, end: hovered === 0 ? reference.rootRange.end : reference.segments[hovered - 1]!.range.end };
  return { expression: text.slice(range.start, range.end), root: reference.root, names, range };
}

export function referenceValueAt(text: string, offset: number, run: RunValues): ReferenceValue | undefined {
  const reference = referenceAt(text, offset);
  if (!reference) return undefined;
  const { expression, names, range } = reference;
  if (reference.root === 'input') {
    const value = walk(run.input, names);
    return value.found ? { expression, value: value.value, range } : undefined;
  }
  if (reference.root === 'steps' && names.length >= 2 && typeof names[0] === 'string' && typeof names[1] === 'string' && STEP_FIELDS.has(names[1])) {
    const executions = lastRecordsBySlugPath(run.records, names[0]);
    const final = executions.at(-1);
    if (!final) return undefined;
    const field = names[1];
    const base = field === 'error' ? (final.error ?? null) : field === 'attempts' ? final.attempt : final.durationMs;
    const value = walk(base, names.slice(2));
    if (!value.found) return undefined;
    return { expression, value: value.value, range, ...(executions.length > 1 ? { note: `last of ${executions.length} executions` } : {}) };
  }
  return undefined;
}

/** How many segments, counting the one under the cursor, belong to the hovered path; 0 for the root. */
function hoveredSegments(reference: ReferencePath, offset: number): number {
  if (reference.rootRange.start <= offset && offset <= reference.rootRange.end) return 0;
  const index = reference.segments.findIndex((segment) => segment.range.start <= offset && offset <= segment.range.end);
  return index < 0 ? reference.segments.length : index + 1;
}

function walk(value: unknown, names: readonly (string | number | null)[]): { found: true; value: unknown } | { found: false } {
  let current = value;
  for (const name of names) {
    if (name === null || current === null || typeof current !== 'object') return { found: false };
    if (!Object.hasOwn(current, name)) return { found: false };
    current = (current as Record<string | number, unknown>)[name];
  }
  return { found: true, value: current };
}

/** The final record of each execution (iteration path) of a step, in run order. */
function lastRecordsBySlugPath(records: RunValues['records'], slug: string): RunValues['records'][number][] {
  const byPath = new Map<string, RunValues['records'][number]>();
  for (const record of [...records].sort((a, b) => a.seq - b.seq)) if (record.stepSlug === slug) byPath.set(record.path, record);
  return [...byPath.values()];
}
