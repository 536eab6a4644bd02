// Reads what a golden fixture expects: `# expect: code` comments beside the line a diagnostic
// starts on, `# expect-next-line: code` on the line above it, or a sibling `<name>.expect.json`
// for JSON fixtures (JSON has no comments). Lines are 1-based, as an editor shows them.

import { existsSync, readFileSync } from 'node:fs';

export interface Expectation {
  line: number;
  code: string;
  /** When given, the diagnostic's range must cover exactly this text. */
  text?: string;
}

const EXPECT_COMMENT = /(?:^|\s)#\s*expect(-next-line)?:\s*(.*)$/;
const EXPECT_ITEM = /([a-z][a-z0-9-]*)(?:\s+("(?:[^"\\]|\\.)*"))?\s*(?:,|$)/y;

/** Expectations for a fixture; `fixturePath` locates the sibling `.expect.json` of a JSON fixture. */
export function readExpectations(fixturePath: string, text: string): Expectation[] {
  const sidecar = fixturePath.replace(/\.flow\.(yaml|yml|json)$/, '.expect.json');
  if (sidecar !== fixturePath && existsSync(sidecar)) return readSidecar(sidecar);
  const expectations: Expectation[] = [];
  text.split(/\r\n|\r|\n/).forEach((lineText, index) => {
    const match = EXPECT_COMMENT.exec(lineText);
    if (!match) return;
    const line = index + 1 + (match[1] ? 1 : 0);
    for (const item of parseItems(match[2]!, `${fixturePath}:${index + 1}`)) expectations.push({ line, ...item });
  });
  return expectations;
}

function parseItems(list: string, where: string): { code: string; text?: string }[] {
  const items: { code: string; text?: string }[] = [];
  const source = list.trim();
  EXPECT_ITEM.lastIndex = 0;
  while (EXPECT_ITEM.lastIndex < source.length) {
    const start = EXPECT_ITEM.lastIndex;
    while (source[EXPECT_ITEM.lastIndex] === ' ') EXPECT_ITEM.lastIndex++;
    const match = EXPECT_ITEM.exec(source);
    if (!match) throw new Error(`${where}: cannot read the expectation list "${list}" at "${source.slice(start)}"`);
    items.push({ code: match[1]!, ...(match[2] !== undefined ? { text: JSON.parse(match[2]) as string } : {}) });
  }
  if (items.length === 0) throw new Error(`${where}: an expect comment lists no code`);
  return items;
}

function readSidecar(path: string): Expectation[] {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${path}: expected an array of { line, code, text? }`);
  return parsed.map((entry: unknown, index) => {
    const item = entry as Partial<Expectation>;
    if (typeof item.line !== 'number' || typeof item.code !== 'string') throw new Error(`${path}[${index}]: needs a numeric line and a string code`);
    return { line: item.line, code: item.code, ...(typeof item.text === 'string' ? { text: item.text } : {}) };
  });
}
