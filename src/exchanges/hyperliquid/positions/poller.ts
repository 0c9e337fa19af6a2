/**
 * The scheduler: one loop that spends the weight budget on `clearinghouseState` polls, least
 * recently polled address first, and on a `metaAndAssetCtxs` refresh (mark price, open interest)
 * every `ctxEveryMs`. At most `concurrency` requests are in flight. A 429 empties and closes the
 * budget (Retry-After or exponential backoff) and puts the address back at the front; server and
 * network errors back off the same way; an unusable answer (bad field, HTTP 4xx) skips the
 * address this round. Every wait goes through the injected clock.
 * @module
 */
import { NetworkError, RateLimitError } from '../../../core/errors.ts'
import { backoffDelay, type BackoffOptions, type Clock } from '../../clock.ts'
import type { AddressBook } from './address-book.ts'
import type { WeightBudget } from './budget.ts'
import {
  WEIGHT_CLEARINGHOUSE,
  WEIGHT_META_AND_CTXS,
  type AssetCtx,
  type HlInfoClient,
} from './info-client.ts'
import type { PositionMap } from './position-map.ts'

export interface PollerOptions {
  readonly client: HlInfoClient
  readonly book: AddressBook
  readonly positions: PositionMap
  readonly budget: WeightBudget
  readonly clock: Clock
  /** Venue coin, e.g. BTC. */
  readonly coin: string
  /** An address is not polled again sooner than this after its last poll, ms. */
  readonly minRepollMs: number
  /** Mark/open-interest refresh period, ms. */
  readonly ctxEveryMs: number
  /** Requests in flight at most. */
  readonly concurrency: number
  /** Longest idle wait before looking again, ms (default 250). */
  readonly idleMs?: number
  /** Backoff after server/network errors (default 1 s doubling to 60 s). */
  readonly errorBackoff?: BackoffOptions
}

/** The last mark price and open interest, with the time they were received. */
export interface CtxSample extends AssetCtx {
  readonly at: number
}

export interface PollerStats {
  /** Requests sent, by kind. */
  readonly positionRequests: number
  readonly ctxRequests: number
  readonly ok: number
  readonly rateLimited: number
  readonly networkErrors: number
  /** Answers that were unusable (bad field, HTTP 4xx other than 429). */
  readonly badAnswers: number
  /** Requests and weight sent in the last 60 s. */
  readonly callsLastMinute: number
  readonly weightLastMinute: number
  readonly lastError: string | undefined
}

export class PositionPoller {
  ctx: CtxSample | undefined
  private _ctxNextAt = 0
  private _ctxBusy = false
  private _wake: AbortController | undefined
  private _netStrikes = 0
  private readonly _recent: { at: number; weight: number }[] = []
  private readonly _busy = new Set<string>()
  private _s = {
    positionRequests: 0,
    ctxRequests: 0,
    ok: 0,
    rateLimited: 0,
    networkErrors: 0,
    badAnswers: 0,
    lastError: undefined as string | undefined,
  }

  constructor(private readonly _o: PollerOptions) {}

  /** Ends an idle wait early (new addresses arrived). */
  wake(): void {
    this._wake?.abort()
  }

  async run(signal: AbortSignal): Promise<void> {
    const { book, budget, clock, minRepollMs } = this._o
    const inflight = new Set<Promise<void>>()
    const idleMs = this._o.idleMs ?? 250
    while (!signal.aborted) {
      const now = clock.now()
      const ctxDue = !this._ctxBusy && now >= this._ctxNextAt
      const address = ctxDue ? undefined : book.next(now, minRepollMs, this._busy)
      if (!ctxDue && address === undefined) {
        const due = book.nextDueInMs(now, minRepollMs) ?? idleMs
        const ctxIn = this._ctxBusy ? idleMs : this._ctxNextAt - now
        await this._idle(Math.max(1, Math.min(idleMs, due, ctxIn)), signal)
        continue
      }
      if (inflight.size >= this._o.concurrency) {
        await Promise.race(inflight)
        continue
      }
      const weight = ctxDue ? WEIGHT_META_AND_CTXS : WEIGHT_CLEARINGHOUSE
      const wait = budget.waitMs(weight)
      if (wait > 0) {
        await this._idle(wait, signal)
        continue
      }
      budget.tryTake(weight)
      this._recent.push({ at: now, weight })
      this._trim(now)
      const job = address === undefined ? this._pollCtx(signal) : this._poll(address, signal)
      inflight.add(job)
      void job.finally(() => inflight.delete(job))
    }
    await Promise.allSettled(inflight)
  }

  private async _idle(ms: number, signal: AbortSignal): Promise<void> {
    // A sleep that `wake()` or `signal` ends early (linked by hand: AbortSignal.any on the
    // long-lived run signal piles up dependants in Node 20).
    const wake = new AbortController()
    const onAbort = (): void => wake.abort()
    signal.addEventListener('abort', onAbort, { once: true })
    this._wake = wake
    try {
      await this._o.clock.sleep(ms, wake.signal)
    } finally {
      this._wake = undefined
      signal.removeEventListener('abort', onAbort)
    }
  }

  private async _poll(address: string, signal: AbortSignal): Promise<void> {
    const { book, positions, clock, client, coin } = this._o
    this._busy.add(address)
    this._s.positionRequests++
    const sentAt = clock.now()
    try {
      const p = await client.position(address, coin, sentAt, signal)
      this._ok()
      if (book.get(address) === undefined) return // evicted meanwhile
      positions.set(address, p)
      book.polled(address, clock.now(), p !== undefined)
    } catch (err) {
      if (this._failed(err, signal)) book.failed(address)
      else book.polled(address, clock.now(), undefined)
    } finally {
      this._busy.delete(address)
    }
  }

  private async _pollCtx(signal: AbortSignal): Promise<void> {
    const { clock, client, coin, ctxEveryMs } = this._o
    this._ctxBusy = true
    this._s.ctxRequests++
    try {
      const c = await client.assetCtx(coin, signal)
      this._ok()
      this.ctx = { ...c, at: clock.now() }
      this._ctxNextAt = clock.now() + ctxEveryMs
    } catch (err) {
      this._failed(err, signal)
      this._ctxNextAt = clock.now() + Math.min(ctxEveryMs, 5000)
    } finally {
      this._ctxBusy = false
    }
  }

  private _ok(): void {
    this._s.ok++
    this._netStrikes = 0
    this._o.budget.ok()
  }

  /** Books an error; answers true when the request should be retried first. */
  private _failed(err: unknown, signal: AbortSignal): boolean {
    if (signal.aborted) return true
    const msg = err instanceof Error ? err.message : String(err)
    this._s.lastError = msg
    if (err instanceof RateLimitError) {
      this._s.rateLimited++
      this._o.budget.onRateLimited(err.retryAfterMs)
      return true
    }
    if (err instanceof NetworkError) {
      this._s.networkErrors++
      const b = this._o.errorBackoff ?? { baseMs: 1000, maxMs: 60_000 }
      this._o.budget.closeFor(backoffDelay(this._netStrikes++, b))
      return true
    }
    this._s.badAnswers++
    return false
  }

  private _trim(now: number): void {
    while (this._recent.length > 0 && this._recent[0].at <= now - 60_000) this._recent.shift()
  }

  stats(): PollerStats {
    this._trim(this._o.clock.now())
    return {
      ...this._s,
      callsLastMinute: this._recent.length,
      weightLastMinute: this._recent.reduce((a, r) => a + r.weight, 0),
    }
  }
}
