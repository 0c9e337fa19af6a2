/**
 * The request-weight budget: a token bucket that can never let more than `weightPerMinute` of
 * weight through in any 60-second window. With burst capacity `B` and refill rate `r` per minute,
 * any window of 60 s admits at most `B + r`, so the bucket refills at `r = weightPerMinute − B`
 * (the long-run pace is therefore `weightPerMinute − B`: 940 of 960 by default).
 * On a 429 the bucket is emptied and closed until a backoff (Retry-After when the venue sends
 * one, else exponential) has passed. Time is read from the injected `now`.
 * @module
 */
import { backoffDelay, type BackoffOptions } from '../../clock.ts'
import { WEIGHT_META_AND_CTXS } from './info-client.ts'

/** Published per-IP REST budget, weight per minute. */
export const HL_WEIGHT_PER_MINUTE = 1200
/** Heaviest request the collector makes (metaAndAssetCtxs): the bucket must hold it. */
const MAX_REQUEST_WEIGHT = WEIGHT_META_AND_CTXS
/** Share of the published budget used by default. */
export const DEFAULT_BUDGET_SHARE = 0.8

export interface BudgetOptions {
  /** Weight allowed in any 60 s window (default 1200 × 0.8 = 960). */
  readonly weightPerMinute?: number
  /** Bucket capacity, weight (default 2 % of the budget; kept in [20, budget / 2]). */
  readonly burst?: number
  /** Backoff after a 429 without Retry-After (default 2 s doubling to 2 min). */
  readonly backoff?: BackoffOptions
  /** Random source of the backoff jitter (tests). */
  readonly random?: () => number
}

export class WeightBudget {
  readonly weightPerMinute: number
  readonly burst: number
  /** Refill, weight per ms. */
  private readonly _rate: number
  private readonly _backoff: BackoffOptions
  private readonly _random: () => number
  private _tokens: number
  private _at: number
  private _closedUntil = 0
  private _strikes = 0
  /** Weight spent in total. */
  spent = 0
  /** 429s met. */
  rateLimited = 0

  constructor(
    private readonly _now: () => number,
    o: BudgetOptions = {},
  ) {
    const w = o.weightPerMinute ?? HL_WEIGHT_PER_MINUTE * DEFAULT_BUDGET_SHARE
    if (!(w >= 2 * MAX_REQUEST_WEIGHT) || !Number.isFinite(w))
      throw new RangeError(`weightPerMinute ${w} must be at least ${2 * MAX_REQUEST_WEIGHT}`)
    const burst = o.burst ?? Math.max(MAX_REQUEST_WEIGHT, Math.round(w * 0.02))
    this.weightPerMinute = w
    // The heaviest request must fit in the bucket, and the bucket in half the budget.
    this.burst = Math.min(Math.max(burst, MAX_REQUEST_WEIGHT), w / 2)
    this._rate = (w - this.burst) / 60_000
    this._backoff = o.backoff ?? { baseMs: 2000, maxMs: 120_000 }
    this._random = o.random ?? Math.random
    this._tokens = this.burst
    this._at = _now()
  }

  private _refill(now: number): void {
    if (now > this._at) {
      this._tokens = Math.min(this.burst, this._tokens + (now - this._at) * this._rate)
      this._at = now
    }
  }

  /** Milliseconds until `weight` can be spent (0 = now). */
  waitMs(weight: number): number {
    const now = this._now()
    this._refill(now)
    const closed = Math.max(0, this._closedUntil - now)
    // Tolerance for floating-point refill arithmetic (weights are whole numbers).
    const need = weight - this._tokens
    const fill = need <= 1e-9 ? 0 : Math.ceil(need / this._rate)
    return Math.max(closed, fill)
  }

  /** Spends `weight` if it is available now; answers whether it was. */
  tryTake(weight: number): boolean {
    if (this.waitMs(weight) > 0) return false
    this._tokens -= weight
    this.spent += weight
    return true
  }

  /** A request succeeded: the 429 streak ends. */
  ok(): void {
    this._strikes = 0
  }

  /** A 429: empty the bucket and close it for `retryAfterMs` (or the next backoff step). */
  onRateLimited(retryAfterMs?: number): number {
    const now = this._now()
    this.rateLimited++
    const wait = retryAfterMs ?? backoffDelay(this._strikes++, this._backoff, this._random)
    this._refill(now)
    this._tokens = 0
    this.closeFor(wait)
    return wait
  }

  /** Admits nothing for `ms` from now (e.g. after server errors). */
  closeFor(ms: number): void {
    this._closedUntil = Math.max(this._closedUntil, this._now() + ms)
  }

  /** Closed by a 429 until this time (0 or past = open). */
  get closedUntil(): number {
    return this._closedUntil
  }
}
