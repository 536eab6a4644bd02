// Suppression comments (spec §9): `# stepline-disable-next-line CODE[, CODE]` silences those
// codes on the next line that is not a comment; `# stepline-disable CODE[, CODE]` silences them
// in the whole file. Without codes, every code is silenced. `stepline validate` and the
// language server honour the same comments because both call the same analyzer.

import type { Diagnostic } from '../language/diagnostic.ts';
import type { LineIndex } from '../language/line-index.ts';

const DIRECTIVE = /#\s*stepline-disable(-next-line)?(?:\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*))?\s*$/;

interface Suppressions {
  file: Set<string> | 'all' | null;
  /** Zero-based line → codes silenced on it ('all' for every code). */
  lines: Map<number, Set<string> | 'all'>;
}

export function findSuppressions(text: string, lines: LineIndex): Suppressions {
  const result: Suppressions = { file: null, lines: new Map() };
  if (!text.includes('stepline-disable')) return result;
  let pending: Set<string> | 'all' | null = null;
  for (let line = 0; line < lines.lineCount; line++) {
    const content = lines.lineText(line);
    const trimmed = content.trim();
    const match = DIRECTIVE.exec(content);
    if (match) {
      const codes: Set<string> | 'all' = match[2] ? new Set(match[2].split(',').map((code) => code.trim())) : 'all';
      if (match[1]) pending = merge(pending, codes);
      else result.file = merge(result.file, codes);
      if (trimmed.startsWith('#')) continue;
    }
    if (pending && trimmed !== '' && !trimmed.startsWith('#')) {
      result.lines.set(line, pending);
      pending = null;
    }
  }
  return result;
}

function merge(a: Set<string> | 'all' | null, b: Set<string> | 'all'): Set<string> | 'all' {
  if (a === 'all' || b === 'all') return 'all';
  return a ? new Set([...a, ...b]) : b;
}

export function applySuppressions(diagnostics: Diagnostic[], text: string, lines: LineIndex): Diagnostic[] {
  const suppressions = findSuppressions(text, lines);
  if (!suppressions.file && suppressions.lines.size === 0) return diagnostics;
  return diagnostics.filter((item) => {
    if (suppressions.file === 'all' || suppressions.file?.has(item.code)) return false;
    const onLine = suppressions.lines.get(lines.positionAt(item.range.start).line);
    return !(onLine === 'all' || onLine?.has(item.code));
  });
}
