// Relations between fiber ids (`''` for the main fiber, `each[2]`, `outer[0]/inner[1]`,
// `gather[1]`), which is all stepping needs to know about the run's structure: who encloses whom
// and which fibers are iterations of the same loop (or branches of the same parallel).

/** True when `ancestor` strictly encloses `fiber`. */
export function isAncestor(ancestor: string, fiber: string): boolean {
  if (ancestor === fiber) return false;
  return ancestor === '' || fiber.startsWith(`${ancestor}/`);
}

/** The fiber ids enclosing `fiber`, innermost first, the main fiber (`''`) last. */
export function ancestorsOf(fiber: string): string[] {
  const result: string[] = [];
  let current = fiber;
  while (current !== '') {
    const slash = current.lastIndexOf('/');
    current = slash < 0 ? '' : current.slice(0, slash);
    result.push(current);
  }
  return result;
}

/** `outer[0]/inner` for `outer[0]/inner[3]`: what iterations of one loop have in common; null for the main fiber. */
export function blockKeyOf(fiber: string): string | null {
  const match = /\[\d+\]$/.exec(fiber);
  return match ? fiber.slice(0, match.index) : null;
}

/** Two different iterations of the same loop (or branches of the same parallel). */
export function areSiblings(a: string, b: string): boolean {
  if (a === b) return false;
  const key = blockKeyOf(a);
  return key !== null && key === blockKeyOf(b);
}

/** The fiber id of a trace path such as `each[2]/send`: everything before the last `/`. */
export function fiberOfPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** The loop and parallel slugs enclosing a trace path, innermost first (`outer[0]/inner[1]/x` → inner, outer). */
export function enclosingBlocksOf(path: string): string[] {
  const segments = path.split('/').slice(0, -1);
  return segments.map((segment) => segment.replace(/\[\d+\]$/, '')).reverse();
}
