// How the fast YAML paths (yaml-scanner.ts, fast-yaml.ts) give up: on anything outside the subset
// they handle, they throw one shared error from wherever they are, and their entry point turns
// it into "undefined: let the next parser decide". One preallocated error keeps declining cheap.

const DECLINE = new Error('outside the fast YAML subset');

/** Abandons the fast path; caught by `unlessDeclined`. */
export function decline(): never {
  throw DECLINE;
}

/**
 * The result of a fast path, or undefined when it declined. Any other error declines too: it
 * would be a bug in the fast path, and the parser after it still gives the right answer.
 */
export function unlessDeclined<T>(work: () => T): T | undefined {
  try {
    return work();
  } catch {
    return undefined;
  }
}
