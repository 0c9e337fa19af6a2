/**
 * Retention on a timer, for processes that keep writing (the live source): a first pass shortly
 * after start, then one an hour. A failed pass (another process holding the lock, say) is logged
 * and tried again at the next hour; it never stops the writer.
 * @module
 */
import type { RetentionPolicy, Store } from './store.ts'

export interface RetentionTimerOptions {
  /** Delay before the first pass, ms. Default 60 000. */
  readonly firstAfterMs?: number
  /** Between passes, ms. Default one hour. */
  readonly everyMs?: number
  readonly now?: () => number
}

/** Applies `policy` to `store` on a timer; returns the function that stops it. */
export function retainPeriodically(
  store: Store,
  policy: RetentionPolicy,
  log: (line: string) => void,
  o: RetentionTimerOptions = {},
): () => void {
  const now = o.now ?? Date.now
  const pass = (): void => {
    const t0 = Date.now()
    try {
      const r = store.applyRetention(policy, now())
      const parts = Object.entries(r.deleted).filter(([, k]) => k > 0)
      if (parts.length > 0)
        log(
          `retention: deleted ${parts.map(([kind, k]) => `${k} ${kind}`).join(', ')} in ${Date.now() - t0} ms`,
        )
    } catch (err) {
      log(`retention failed (tried again in an hour): ${(err as Error).message}`)
    }
  }
  const first = setTimeout(pass, o.firstAfterMs ?? 60_000)
  const every = setInterval(pass, o.everyMs ?? 3_600_000)
  first.unref()
  every.unref()
  return () => {
    clearTimeout(first)
    clearInterval(every)
  }
}
