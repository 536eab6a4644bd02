// Replaces every occurrence of a secret value with `***` in text and in nested values. Applied to
// resolved parameters, outputs, errors, log lines and run results before they reach the store,
// events or the terminal. With no secret values it is the identity and costs nothing.

export const REDACTION = '***';

export class Redactor {
  /** Longest first, so a secret containing another secret is replaced whole. */
  readonly #values: readonly string[];

  constructor(values: Iterable<string | null | undefined>) {
    const unique = new Set<string>();
    for (const value of values) if (typeof value === 'string' && value.length > 0) unique.add(value);
    this.#values = [...unique].sort((a, b) => b.length - a.length);
  }

  static readonly none = new Redactor([]);

  /** Whether there is anything to redact; callers skip work when there is not. */
  get active(): boolean {
    return this.#values.length > 0;
  }

  text(text: string): string {
    let result = text;
    for (const value of this.#values) if (result.includes(value)) result = result.replaceAll(value, REDACTION);
    return result;
  }

  /** A copy of `value` with every string redacted; unchanged parts are shared, not copied. */
  value<T>(value: T): T {
    if (this.#values.length === 0) return value;
    return this.#walk(value, 0) as T;
  }

  #walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.text(value);
    if (typeof value !== 'object' || value === null || depth > 100) return value;
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const redacted = this.#walk(item, depth + 1);
        if (redacted !== item) {
          copy ??= value.slice();
          copy[i] = redacted;
        }
      }
      return copy ?? value;
    }
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      const redacted = this.#walk(item, depth + 1);
      const redactedKey = this.text(key);
      if (redacted !== item || redactedKey !== key) {
        copy ??= { ...(value as Record<string, unknown>) };
        if (redactedKey !== key) delete copy[key];
        copy[redactedKey] = redacted;
      }
    }
    return copy ?? value;
  }
}
