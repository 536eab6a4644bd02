// Hands out one string per distinct scalar text while a tree is built, so a large file's tree
// holds each repeated key and value (`stepSlug`, `config`, `success` …) once instead of once per
// occurrence. A pool can start from known words written as literals: the engine keeps literals
// internalized, so a parsed key that comes back as one compares with a literal by pointer.

/**
 * How many characters a pooled string may have. The engine copies a short substring but makes a
 * longer one a small view into the text, so pooling long strings saves little for its hashing.
 */
const MAX_POOLED_LENGTH = 16;

/**
 * The hash a string is filed under, over `text` from `from` to `to`: its length and its first,
 * second, middle and last characters. Strings that share those only share a slot, so a few
 * characters are enough, and far cheaper than all of them for every scalar of a large file.
 */
function hashOf(text: string, from: number, to: number): number {
  const length = to - from;
  if (length === 0) return 0;
  let hash = Math.imul(length, 31) + text.charCodeAt(from);
  hash = Math.imul(hash, 31) + text.charCodeAt(from + (length > 1 ? 1 : 0));
  hash = Math.imul(hash, 31) + text.charCodeAt(from + (length >> 1));
  hash = Math.imul(hash, 31) + text.charCodeAt(to - 1);
  return hash ^ (hash >>> 15);
}

/** A fixed table of known words, built once and shared by every pool that starts from it. */
export class KnownStrings {
  private readonly slots: (string | undefined)[];
  private readonly mask: number;

  constructor(words: readonly string[]) {
    // Open addressing at most a quarter full: a word whose slot is taken goes to the next free
    // one, and a search for text that is no word ends at the first free slot, mostly at once.
    let size = 64;
    while (size < words.length * 4) size *= 2;
    this.slots = new Array<string | undefined>(size).fill(undefined);
    this.mask = size - 1;
    for (const word of words) {
      if (word.length > MAX_POOLED_LENGTH) continue;
      let slot = hashOf(word, 0, word.length) & this.mask;
      while (this.slots[slot] !== undefined && this.slots[slot] !== word) slot = (slot + 1) & this.mask;
      this.slots[slot] = word;
    }
  }

  /** The known word equal to `text` from `from` to `to` (whose hash the pool may pass in). */
  find(text: string, from: number, to: number, hash = hashOf(text, from, to)): string | undefined {
    const { slots, mask } = this;
    const length = to - from;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const word = slots[slot];
      if (word === undefined) return undefined;
      if (word.length === length && text.startsWith(word, from)) return word;
    }
  }
}

const NO_KNOWN_STRINGS = new KnownStrings([]);

/**
 * The strings of one text. A slot holds the last string filed under its hash, so the pool never
 * grows past its table; a string that lost its slot is simply made again.
 */
export class StringPool {
  private readonly text: string;
  private readonly known: KnownStrings;
  private readonly slots: (string | undefined)[];
  private readonly mask: number;

  constructor(text: string, known: KnownStrings = NO_KNOWN_STRINGS) {
    this.text = text;
    this.known = known;
    // About one slot per 64 characters, as a workflow has fewer distinct short scalars than that,
    // up to a table the engine still allocates as an ordinary young object.
    let size = 256;
    while (size < 8192 && size * 64 < text.length) size *= 2;
    this.slots = new Array<string | undefined>(size).fill(undefined);
    this.mask = size - 1;
  }

  /** `text.slice(from, to)`, the same string each time the same characters are asked for. */
  slice(from: number, to: number): string {
    const length = to - from;
    const { text } = this;
    if (length > MAX_POOLED_LENGTH) return text.slice(from, to);
    const hash = hashOf(text, from, to);
    const word = this.known.find(text, from, to, hash);
    if (word !== undefined) return word;
    const slot = hash & this.mask;
    const pooled = this.slots[slot];
    if (pooled !== undefined && pooled.length === length && text.startsWith(pooled, from)) return pooled;
    const made = text.slice(from, to);
    this.slots[slot] = made;
    return made;
  }
}
