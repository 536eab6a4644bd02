// Parses a breakpoint's hit count ("3", "== 3", ">= 3", "> 2", "< 5", "<= 5", "% 2") into a test
// of how many times the breakpoint has been reached. A bare number means "on exactly that hit",
// as in Visual Studio; `%` means "every N-th hit".

export type HitTest = (hits: number) => boolean;

export type HitConditionResult = { ok: true; test: HitTest } | { ok: false; message: string };

const PATTERN = /^\s*(==|=|>=|>|<=|<|%)?\s*(\d+)\s*$/;

export function parseHitCondition(text: string): HitConditionResult {
  const match = PATTERN.exec(text);
  if (!match) return { ok: false, message: `The hit count ${JSON.stringify(text)} is not understood: write a number, or one of ==, >, >=, <, <=, % and a number.` };
  const count = Number(match[2]);
  switch (match[1]) {
    case '>':
      return { ok: true, test: (hits) => hits > count };
    case '>=':
      return { ok: true, test: (hits) => hits >= count };
    case '<':
      return { ok: true, test: (hits) => hits < count };
    case '<=':
      return { ok: true, test: (hits) => hits <= count };
    case '%':
      if (count === 0) return { ok: false, message: 'A hit count of % 0 never matches; use % 1 or more.' };
      return { ok: true, test: (hits) => hits % count === 0 };
    default:
      return { ok: true, test: (hits) => hits === count };
  }
}
