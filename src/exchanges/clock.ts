/**
 * Time and waiting, injectable so tests can make hours pass without waiting: `now` is read for
 * every timestamp, rotation and staleness decision; `sleep` is used for backoff and rate-limit
 * waits. Also the capped, jittered exponential backoff used by every reconnect and retry.
 * @module
 */

export interface Clock {
  /** Current time, UTC epoch ms. */
  now(): number
  /** Waits `ms` (resolves early, without error, when `signal` aborts). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/** Real sleep that resolves early when the signal aborts. */
export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted || ms <= 0) return Promise.resolve()
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer)
      resolve()
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

export const SYSTEM_CLOCK: Clock = { now: () => Date.now(), sleep: realSleep }

export interface BackoffOptions {
  /** First delay, ms. */
  readonly baseMs: number
  /** Cap on any delay, ms. */
  readonly maxMs: number
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 32_000 }

/**
 * Delay before retry number `attempt` (0-based): `d = min(max, base × 2^attempt)`, then "equal
 * jitter" — uniformly in [d/2, d] — so many clients do not reconnect in lockstep.
 */
export function backoffDelay(
  attempt: number,
  o: BackoffOptions,
  random: () => number = Math.random,
): number {
  const d = Math.min(o.maxMs, o.baseMs * 2 ** Math.min(attempt, 30))
  return Math.round(d / 2 + random() * (d / 2))
}
