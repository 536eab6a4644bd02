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
    // Names whose lengths differ by more than the limit cannot be close: skip them before any copy
    // (a 5000-step workflow offers 5000 slugs for each unknown one).
    if (candidate === name || Math.abs(candidate.length - name.length) > limit) continue;
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
  const width = b.length + 1;
  if (rows.length < 3 * width) rows = new Int32Array(6 * width);
  // Three rows of the table side by side in one reused buffer: the row before the previous one
  // (for swaps), the previous one and the current one, rotated by their offsets.
  let beforePrevious = 0;
  let previous = width;
  let current = 2 * width;
  for (let j = 0; j < width; j++) rows[previous + j] = j;
  for (let i = 1; i <= a.length; i++) {
    const ai = a.charCodeAt(i - 1);
    rows[current] = i;
    let rowMinimum = i;
    for (let j = 1; j < width; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let value = Math.min(rows[previous + j]! + 1, rows[current + j - 1]! + 1, rows[previous + j - 1]! + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) value = Math.min(value, rows[beforePrevious + j - 2]! + 1);
      rows[current + j] = value;
      if (value < rowMinimum) rowMinimum = value;
    }
    if (rowMinimum > limit) return limit + 1;
    const oldest = beforePrevious;
    beforePrevious = previous;
    previous = current;
    current = oldest;
  }
  return rows[previous + b.length]!;
}

/** The distance table's rows, kept between calls (thousands of candidates per unknown name). */
let rows = new Int32Array(3 * 64);
