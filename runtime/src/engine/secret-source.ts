// Where secret values come from: the process environment first, then `.env` files (beside the
// workflow, then the working directory or workspace root). Values never live in workflow files;
// the engine asks for declared names only, plus the LLM client's own settings.

import { readFileSync } from 'node:fs';
import { parseDotenv } from './dotenv.ts';

export class SecretSource {
  readonly #env: Readonly<Record<string, string | undefined>>;
  readonly #dotenvFiles: readonly string[];
  #dotenv: Map<string, string> | undefined;

  constructor(env: Readonly<Record<string, string | undefined>>, dotenvFiles: readonly string[] = []) {
    this.#env = env;
    this.#dotenvFiles = dotenvFiles;
  }

  /** The value of `name`, or undefined when neither the environment nor a `.env` file has it. */
  get(name: string): string | undefined {
    const fromEnv = this.#env[name];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    const fromFile = this.#files().get(name);
    return fromFile !== undefined && fromFile !== '' ? fromFile : undefined;
  }

  /** Declared secrets by name; a secret with no value is null (templates then read null). */
  resolve(names: readonly string[]): Record<string, string | null> {
    const values: Record<string, string | null> = Object.create(null) as Record<string, string | null>;
    for (const name of names) values[name] = this.get(name) ?? null;
    return values;
  }

  #files(): Map<string, string> {
    if (this.#dotenv) return this.#dotenv;
    const merged = new Map<string, string>();
    // Earlier files win: the one beside the workflow is the most specific.
    for (const file of this.#dotenvFiles) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      for (const [key, value] of parseDotenv(text)) if (!merged.has(key)) merged.set(key, value);
    }
    this.#dotenv = merged;
    return merged;
  }
}
