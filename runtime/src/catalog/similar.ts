// "Did you mean …?" for unknown slugs, ports, actions, keys and references. The distance is
// Damerau-Levenshtein (optimal string alignment: a swap of two neighbours counts as one edit), and
// the accepted distance grows with the name's length so short names do not match everything.

/** The candidate closest to `name`, or undefined when none is close enough to be a likely typo. */
export function closestMatch(name: string, candidates: Iterable<string>): string | undefined {
  const lowerName = name.toLowerCase();
  const limit = maxDistanceFor(name);
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const lowerCandidate = candidate.toLowerCase();
    // A difference in case only is the likeliest typo of all, so it beats any real edit.
    const distance = lowerCandidate === lowerName ? 0.5 : editDistance(lowerName, lowerCandidate, limit);
    if (distance <= limit && distance < lowerCandidate.length && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** How many edits a name of this length may be away from a suggestion. */
export function maxDistanceFor(name: string): number {
  return Math.max(1, Math.min(4, Math.floor(name.length / 3)));
}

/**
 * Optimal-string-alignment distance between `a` and `b`. Returns `limit + 1` as soon as the
 * distance is known to exceed `limit`, so scanning many candidates stays cheap.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, beforePrevious[j - 2]! + 1);
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return limit + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}
