// Checks that a workspace action returned JSON data (what a trace can store and a template can
// read): no functions, symbols, bigints, class instances with hidden state, or cycles. Built-in
// actions are trusted and skip this walk.

const MAX_DEPTH = 200;

/** A problem description, or undefined when `value` is JSON data. `undefined` itself counts as null. */
export function jsonProblem(value: unknown): string | undefined {
  return walk(value, '$', 0, new Set());
}

function walk(value: unknown, where: string, depth: number, seen: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${where} is ${String(value)}, which JSON cannot hold`;
    case 'bigint':
    case 'symbol':
    case 'function':
      return `${where} is a ${typeof value}, which JSON cannot hold`;
  }
  if (value === null) return undefined;
  if (depth > MAX_DEPTH) return `${where} is nested more than ${MAX_DEPTH} levels deep`;
  const object = value as object;
  if (seen.has(object)) return `${where} refers back to itself (a cycle)`;
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      for (let i = 0; i < object.length; i++) {
        const problem = walk(object[i], `${where}[${i}]`, depth + 1, seen);
        if (problem) return problem;
      }
      return undefined;
    }
    if (object instanceof Date) return undefined;
    const prototype = Object.getPrototypeOf(object) as unknown;
    if (prototype !== Object.prototype && prototype !== null) return `${where} is a ${object.constructor?.name ?? 'class'} instance, not plain data`;
    for (const key of Object.keys(object)) {
      const problem = walk((object as Record<string, unknown>)[key], `${where}.${key}`, depth + 1, seen);
      if (problem) return problem;
    }
    return undefined;
  } finally {
    seen.delete(object);
  }
}
