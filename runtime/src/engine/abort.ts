// Helpers for stopping work when a signal aborts: a race that stops *waiting* for a promise
// (an action that ignores its signal cannot hang the run), and a check for which of several
// signals fired.

/** Resolves or rejects like `promise`, or rejects with the signal's reason as soon as it aborts. */
export function raceWithSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}

/** The reason a run's own controller aborts with, so the engine can tell it from a user's cancel. */
export class RunStop extends Error {
  readonly kind: 'cancelled' | 'timeout' | 'finished';

  constructor(kind: 'cancelled' | 'timeout' | 'finished', message: string) {
    super(message);
    this.name = 'RunStop';
    this.kind = kind;
  }
}
