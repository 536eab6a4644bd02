// Inputs for the fast-YAML differential test: the real workflow files, generated benchmark
// workflows, deterministic random mutations of them, and random documents built from the YAML
// subset the fast path supports (with the comment and blank-line placements that decide ranges).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateWorkflow } from '../../../bench/generate-workflow.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Every YAML and JSON file under examples/ and test/golden/fixtures/, by path. */
export function realFiles(): Array<{ name: string; text: string }> {
  const files: Array<{ name: string; text: string }> = [];
  for (const dir of ['examples', 'test/golden/fixtures']) {
    for (const name of readdirSync(join(repoRoot, dir)).sort()) {
      if (/\.(ya?ml|json)$/.test(name)) files.push({ name: `${dir}/${name}`, text: readFileSync(join(repoRoot, dir, name), 'utf8') });
    }
  }
  return files;
}

export function generatedWorkflows(): Array<{ name: string; text: string }> {
  return [10, 100].map((steps) => ({ name: `generated ${steps} steps`, text: generateWorkflow(steps) }));
}

/** A small deterministic generator, so a failing input can be reproduced from its seed. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  below(n: number): number {
    this.state = (Math.imul(this.state, 1664525) + 1013904223) >>> 0;
    return this.state % n;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }
}

const INSERTIONS = [
  '"', "'", ':', ': ', '[', ']', '{', '}', ',', '#', ' #c', '\n', '  ', ' ', '- ', '|', '|-\n', '>+\n', '\\', '\t', '?', '&a', '*a', '!x',
  '---\n', '...\n', '\r\n', '0x1F', '.inf', 'null', '~', 'True', '1e3', '-', '\n  # c\n', '\n# c\n', '\n\n', '"a\\nb"', "'it''s'", ': |\n  x\n',
];

/** Deletes, duplicates, re-indents or edits a few lines of `text`. */
export function mutate(text: string, random: Random): string {
  const edits = 1 + random.below(3);
  for (let edit = 0; edit < edits; edit++) {
    const lines = text.split('\n');
    const at = random.below(lines.length);
    const line = lines[at] ?? '';
    switch (random.below(8)) {
      case 0:
        lines.splice(at, 1);
        break;
      case 1:
        lines.splice(at, 0, line);
        break;
      case 2: {
        const shift = random.below(5) - 2;
        lines[at] = shift > 0 ? ' '.repeat(shift) + line : line.slice(-shift);
        break;
      }
      case 3: {
        const column = random.below(line.length + 1);
        lines[at] = line.slice(0, column) + line.slice(column + 1);
        break;
      }
      case 4:
      case 5: {
        const column = random.below(line.length + 1);
        lines[at] = line.slice(0, column) + random.pick(INSERTIONS) + line.slice(column);
        break;
      }
      case 6: {
        const indent = ' '.repeat(random.below(10));
        lines.splice(at, 0, random.below(2) ? `${indent}# comment` : indent);
        break;
      }
      case 7:
        if (random.below(4) === 0) return lines.join('\r\n');
        lines[at] = line.trimEnd() + (random.below(2) ? '  # trailing' : '   ');
        break;
    }
    text = lines.join('\n');
  }
  if (random.below(5) === 0) text = text.replace(/\n+$/, random.below(2) ? '' : '\n\n\n');
  return text;
}

const SCALARS = [
  'a', 'hello world', '1', '-2', '0o17', '0x1F', '1.5', '1e3', '.inf', '-.Inf', '.nan', 'true', 'False', 'null', '~', 'NULL', "'q'", "'it''s'", '"d"',
  '"e\\tx\\u00e9"', '"\\""', '<<steps.a.output>>', 'a: b', 'x #y', '0.50', '+1', '1_000', 'yes', '"multi\n  line"', "'multi\n\n  line'",
  'plain\n  continued', '@bad', '`bad', '%bad', '"unterminated', "''", '""', '',
  // Words the tree builder's string pool knows, and text beyond ASCII.
  'stepSlug', '"success"', "'config'", 'héllo wörld', '"😀 \u00e9"', "'日本''s'", 'x\\y', '"a\\\\b"',
];
const KEYS = ['a', 'b', 'c', 'key', '"quoted"', "'single'", '1', 'true', 'null', '~', '"a"', 'x y', '0x1', 'stepType', '"name"', 'ключ'];

/** A random document in (and around) the fast path's subset. */
export function randomDocument(random: Random): string {
  const trivia = (indent: number): string => {
    let text = '';
    const lines = random.below(3) === 0 ? random.below(4) : 0;
    for (let line = 0; line < lines; line++) {
      const kind = random.below(4);
      if (kind === 0) text += '\n';
      else if (kind === 1) text += ' '.repeat(random.below(indent + 4)) + '\n';
      else text += ' '.repeat(Math.max(0, indent + random.below(7) - 3)) + `# c${line}\n`;
    }
    return text;
  };
  const lineEnd = (): string => (random.below(4) === 0 ? ' # t' : random.below(6) === 0 ? '  ' : '');
  const blockScalar = (indent: number): string => {
    const header = random.pick(['|', '>', '|-', '>-', '|+', '>+', '|2', '>1-', '|-1']);
    let body = '';
    for (let line = random.below(4); line > 0; line--) {
      body += random.below(4) === 0 ? '\n' : ' '.repeat(indent + 2) + (random.below(3) === 0 ? '  ' : '') + random.pick(['text', 'more text', '<<x>>', '# not a comment']) + '\n';
    }
    return header + (random.below(4) === 0 ? ' # h' : '') + '\n' + body;
  };
  const flow = (depth: number): string => {
    if (depth > 2 || random.below(3) === 0) return random.pick(['a', '"b"', "'c'", '1', 'true', 'x y']);
    const separator = random.below(4) === 0 ? '\n      ' : ' ';
    const items: string[] = [];
    const isMap = random.below(2) === 0;
    for (let item = random.below(4); item > 0; item--) items.push(isMap ? `${random.pick(['a', 'b', 'c', '"d"', 'e'])}: ${flow(depth + 1)}` : flow(depth + 1));
    const trailing = random.below(5) === 0 ? ',' : '';
    return isMap ? `{${separator}${items.join(`,${separator}`)}${trailing}${separator}}` : `[${items.join(`,${separator}`)}${trailing}]`;
  };
  const value = (indent: number, depth: number, parent: 'map' | 'seq'): string => {
    switch (random.below(depth > 3 ? 4 : 9)) {
      case 0:
        return ' ' + random.pick(SCALARS).replace(/\n/g, '\n' + ' '.repeat(indent + 2)) + lineEnd() + '\n' + trivia(indent);
      case 1:
        return ' ' + flow(0) + lineEnd() + '\n' + trivia(indent);
      case 2:
        return ' ' + blockScalar(indent) + trivia(indent);
      case 3:
        return lineEnd() + '\n' + trivia(indent);
      case 4:
      case 5:
        return lineEnd() + '\n' + trivia(indent) + map(indent + 2, depth + 1);
      case 6:
        return lineEnd() + '\n' + trivia(indent) + seq(parent === 'map' && random.below(2) ? indent : indent + 2, depth + 1);
      case 7:
        if (parent === 'seq') return ' ' + compactMap(indent + 2, depth + 1);
        return '\n' + ' '.repeat(indent + 2) + random.pick(SCALARS.slice(0, 20)) + lineEnd() + '\n' + trivia(indent);
      default:
        return '\n' + ' '.repeat(indent + 2) + random.pick(SCALARS.slice(0, 20)) + lineEnd() + '\n' + trivia(indent);
    }
  };
  const compactMap = (indent: number, depth: number): string => {
    let text = '';
    for (let pair = 0, pairs = 1 + random.below(3); pair < pairs; pair++) {
      text += (pair === 0 ? '' : ' '.repeat(indent)) + random.pick(KEYS) + (random.below(8) === 0 ? ' ' : '') + ':' + value(indent, depth, 'map');
    }
    return text;
  };
  const map = (indent: number, depth: number): string => {
    let text = '';
    for (let pair = 1 + random.below(4); pair > 0; pair--) text += ' '.repeat(indent) + random.pick(KEYS) + ':' + value(indent, depth, 'map');
    return text;
  };
  const seq = (indent: number, depth: number): string => {
    let text = '';
    for (let item = 1 + random.below(4); item > 0; item--) {
      if (random.below(5) === 0 && depth < 4) text += ' '.repeat(indent) + '- ' + seq(indent + 2, depth + 1).trimStart();
      else text += ' '.repeat(indent) + '-' + value(indent, depth, 'seq');
    }
    return text;
  };
  let text = trivia(0) + (random.below(10) === 0 ? '---\n' : '');
  const shape = random.below(8);
  text += shape === 0 ? flow(0) + '\n' : shape < 3 ? seq(0, 0) : map(0, 0);
  if (random.below(10) === 0) text = text.replace(/\n/g, '\r\n');
  if (random.below(6) === 0) text = text.replace(/\n$/, '');
  return text;
}
