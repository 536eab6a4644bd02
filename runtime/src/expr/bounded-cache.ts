// A Map with a size bound, for parse results keyed by source text. The engine renders the same
// few hundred templates thousands of times; the bound keeps a long-lived server from growing
// without limit when it sees endless edits.

export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  /** Evicts the oldest entry when full: insertion order is cheap and good enough for hot templates. */
  set(key: string, value: V): void {
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
