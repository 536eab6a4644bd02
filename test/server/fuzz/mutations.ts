// Random mutations of workflow text for the fuzz tests: deleted lines, truncated templates,
// shifted and swapped indentation, noise and random UTF-16 code units. Seeded, so every case can
// be replayed.

/** A small seeded generator (mulberry32): the same seed gives the same cases. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const NOISE = ['{', '}', '[', ']', ':', ': ', '- ', '"', "'", '<<', '>>', '<<steps.', '#', '&a', '*a', '|', '>', '\t', '\n', '\r\n', '\u0000', '\ud83d', '\ude00', '😀', 'é', '\\', '{{ x }}', ' ', ',', '?', '!', '%', '@', '`'];

export type Mutation = (text: string, next: () => number) => string;

export const pick = <T>(items: readonly T[], next: () => number): T => items[Math.floor(next() * items.length)]!;

export const MUTATIONS: Record<string, Mutation> = {
  deleteLine(text, next) {
    const lines = text.split('\n');
    lines.splice(Math.floor(next() * lines.length), 1);
    return lines.join('\n');
  },
  truncateTemplate(text, next) {
    const opens = [...text.matchAll(/<</g)].map((match) => match.index);
    if (opens.length === 0) return text;
    const open = pick(opens, next);
    const close = text.indexOf('>>', open);
    const cut = open + 2 + Math.floor(next() * Math.max(1, (close < 0 ? 10 : close - open)));
    return text.slice(0, cut) + text.slice(close < 0 ? cut : close + 2);
  },
  shiftIndentation(text, next) {
    const lines = text.split('\n');
    const index = Math.floor(next() * lines.length);
    const line = lines[index]!;
    const delta = Math.floor(next() * 9) - 4;
    lines[index] = delta >= 0 ? ' '.repeat(delta) + line : line.replace(new RegExp(`^ {0,${-delta}}`), '');
    return lines.join('\n');
  },
  swapIndentation(text, next) {
    const lines = text.split('\n');
    const a = Math.floor(next() * lines.length);
    const b = Math.floor(next() * lines.length);
    const indent = (line: string) => /^ */.exec(line)![0];
    const [lineA, lineB] = [lines[a]!, lines[b]!];
    lines[a] = indent(lineB) + lineA.trimStart();
    lines[b] = indent(lineA) + lineB.trimStart();
    return lines.join('\n');
  },
  insertNoise(text, next) {
    const at = Math.floor(next() * (text.length + 1));
    let noise = '';
    const count = 1 + Math.floor(next() * 4);
    for (let i = 0; i < count; i++) noise += pick(NOISE, next);
    return text.slice(0, at) + noise + text.slice(at);
  },
  randomBytes(text, next) {
    const at = Math.floor(next() * (text.length + 1));
    let noise = '';
    const count = 1 + Math.floor(next() * 8);
    for (let i = 0; i < count; i++) noise += String.fromCharCode(Math.floor(next() * 0x10000));
    return text.slice(0, at) + noise + text.slice(at);
  },
  deleteSpan(text, next) {
    const start = Math.floor(next() * text.length);
    return text.slice(0, start) + text.slice(start + Math.floor(next() * 40));
  },
  duplicateLine(text, next) {
    const lines = text.split('\n');
    const index = Math.floor(next() * lines.length);
    lines.splice(index, 0, lines[index]!);
    return lines.join('\n');
  },
};

export const MUTATION_NAMES = Object.keys(MUTATIONS);
