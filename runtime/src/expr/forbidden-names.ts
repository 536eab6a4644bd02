// Names that would reach JavaScript's object machinery. They are rejected by the parser wherever
// they name a property or a root, and again by the evaluator for computed keys, so no template
// can read or pollute a prototype.

export const FORBIDDEN_NAMES: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** Plain comparisons rather than a set lookup: this runs on every property read. */
export function isForbiddenName(name: string): boolean {
  return name === '__proto__' || name === 'constructor' || name === 'prototype';
}

export function forbiddenNameMessage(name: string): string {
  return `'${name}' is not allowed in expressions`;
}
