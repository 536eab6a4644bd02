// A timer that stops when a signal aborts, rejecting with the signal's reason (not a generic
// AbortError), so the engine sees its own timeout or cancel reason come back.

/** setTimeout accepts at most 2^31 − 1 ms; longer waits are made of several timers. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const endsAt = Date.now() + Math.max(0, ms);
    let timer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const schedule = (): void => {
      const remaining = endsAt - Date.now();
      if (remaining <= 0) {
        signal.removeEventListener('abort', onAbort);
        resolve();
        return;
      }
      timer = setTimeout(schedule, Math.min(remaining, LONGEST_TIMER_MS));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    schedule();
  });
}
