// Retry policies (spec §2 `settings.retry`, overridden field by field by a step's `retry`) and
// the wait before each retry: exponential backoff with full jitter (a random wait between zero
// and the exponential cap), or a fixed delay. Only retryable errors are retried.

import type { RetryPolicy } from '../language/workflow-model.ts';

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 1,
  backoff: 'exponential',
  initialDelayMs: 500,
  maxDelayMs: 30_000,
});

export function resolveRetryPolicy(step: Partial<RetryPolicy> | undefined, settings: Partial<RetryPolicy> | undefined): RetryPolicy {
  const merged = { ...DEFAULT_RETRY_POLICY, ...settings, ...step };
  return {
    maxAttempts: Math.max(1, Math.floor(merged.maxAttempts)),
    backoff: merged.backoff === 'fixed' ? 'fixed' : 'exponential',
    initialDelayMs: Math.max(0, merged.initialDelayMs),
    maxDelayMs: Math.max(0, merged.maxDelayMs),
  };
}

/**
 * The wait after attempt `failedAttempt` (1 for the first) failed. `random` returns [0, 1);
 * `atLeastMs` is a server's `retry-after`, which wins over a shorter jittered wait.
 */
export function retryDelayMs(policy: RetryPolicy, failedAttempt: number, random: () => number, atLeastMs = 0): number {
  let delay: number;
  if (policy.backoff === 'fixed') {
    delay = Math.min(policy.initialDelayMs, policy.maxDelayMs);
  } else {
    const cap = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(failedAttempt - 1, 30));
    delay = Math.floor(random() * cap);
  }
  return Math.max(delay, atLeastMs);
}
