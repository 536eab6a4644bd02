// One open store per state folder for the whole extension host: runs write to it and the Runs
// view reads from it (SQLite WAL lets the CLI share the file meanwhile). The store module is
// imported on first use, because `node:sqlite` is only needed once a run or the view needs it.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../../runtime/src/store/index.ts';

const STORE_FILE_NAME = 'stepline.db';

export class StoreCache {
  readonly #stores = new Map<string, Store>();

  /** Opens (creating the folder and file when needed) the store in `dir`. */
  async open(dir: string): Promise<Store> {
    const existing = this.#stores.get(dir);
    if (existing) return existing;
    const { openStore } = await import('../../runtime/src/store/index.ts');
    // Another await may have opened it meanwhile.
    const raced = this.#stores.get(dir);
    if (raced) return raced;
    const store = openStore({ dir });
    this.#stores.set(dir, store);
    return store;
  }

  /** The store in `dir` if one exists there already; never creates a folder just to look. */
  async openExisting(dir: string): Promise<Store | undefined> {
    if (this.#stores.has(dir)) return this.#stores.get(dir);
    if (!existsSync(join(dir, STORE_FILE_NAME))) return undefined;
    return this.open(dir);
  }

  /** The folders of the stores opened so far. */
  openDirs(): string[] {
    return [...this.#stores.keys()];
  }

  dispose(): void {
    for (const store of this.#stores.values()) {
      try {
        store.close();
      } catch {
        // Closing at shutdown: nothing useful to do with a failure.
      }
    }
    this.#stores.clear();
  }
}
