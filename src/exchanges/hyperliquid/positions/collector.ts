/**
 * `HlPositionsCollector`: the exact Hyperliquid liquidation map of one coin (BTC by default).
 * Wiring: trades stream (addresses) → AddressBook → PositionPoller (clearinghouseState within the
 * weight budget, metaAndAssetCtxs for mark and open interest) → PositionMap → `exactMap()` and
 * `leverageDistribution()` / `calibratedPrior()`.
 * @example
 * const c = new HlPositionsCollector()
 * c.start(signal)
 * const map = c.exactMap() // undefined until the first mark/open-interest sample
 * @module
 */
import type { Clock } from '../../clock.ts'
import { DEFAULT_BACKOFF, realSleep, type BackoffOptions } from '../../clock.ts'
import { Dedup } from '../../dedup.ts'
import { toCanonical } from '../../symbols.ts'
import type { StreamStatus } from '../../types.ts'
import { DEFAULT_PARAMS, type ModelParams } from '../../../model/params.ts'
import { HYPERLIQUID_WS } from '../feed.ts'
import { AddressBook, type AddressBookStats } from './address-book.ts'
import { DEFAULT_BUDGET_SHARE, HL_WEIGHT_PER_MINUTE, WeightBudget } from './budget.ts'
import { HlInfoClient, WEIGHT_CLEARINGHOUSE, WEIGHT_META_AND_CTXS } from './info-client.ts'
import { leverageDistribution, priorFromDistribution, type PriorOptions } from './leverage.ts'
import { PositionPoller, type CtxSample, type PollerStats } from './poller.ts'
import { PositionMap, type ExactMapOptions } from './position-map.ts'
import type { ExactLiquidationMap, LeverageDistribution } from './types.ts'
import { HlTradeUsersFeed } from './users-feed.ts'

export interface HlPositionsOptions {
  /** REST base (scheme + host[:port]), default https://api.hyperliquid.xyz. */
  readonly restUrl?: string
  /** WebSocket URL, default wss://api.hyperliquid.xyz/ws. */
  readonly wsUrl?: string
  /** Venue coin (default BTC). */
  readonly coin?: string
  readonly now?: () => number
  readonly sleep?: Clock['sleep']
  /** Published weight budget per minute per IP (default 1200). */
  readonly weightPerMinute?: number
  /** Share of it to use (default 0.8). */
  readonly budgetShare?: number
  /** Token-bucket capacity, weight (default 2 % of the budget, ≥ 20). */
  readonly burst?: number
  /** Addresses kept at most (default 20 000). */
  readonly maxAddresses?: number
  /** Minimum time between two polls of one address, ms (default 30 000). */
  readonly minRepollMs?: number
  /** Mark/open-interest refresh period, ms (default 30 000; weight 20 each). */
  readonly ctxEveryMs?: number
  /** Requests in flight at most (default 4). */
  readonly concurrency?: number
  /** Backoff after a 429 without Retry-After (default 2 s doubling to 2 min). */
  readonly rateLimitBackoff?: BackoffOptions
  /** WebSocket reconnect backoff. */
  readonly backoff?: BackoffOptions
  /** Real-time period of the feed's housekeeping tick, ms (default 1000). */
  readonly tickMs?: number
  readonly staleAfterMs?: number
  readonly requestTimeoutMs?: number
  /** Random source of backoff jitter (tests). */
  readonly random?: () => number
}

export interface HlPositionsStatus {
  readonly running: boolean
  readonly coin: string
  readonly addresses: AddressBookStats
  /** Accounts with a position in the coin now. */
  readonly positions: number
  /** Coverage (see ExactLiquidationMap.coverage); undefined until mark and OI are known. */
  readonly coverage: number | undefined
  /** Age of the oldest position held, ms. */
  readonly oldestAgeMs: number
  readonly ctx: CtxSample | undefined
  readonly requests: PollerStats
  /** Weight budget per minute in use. */
  readonly weightPerMinute: number
  /** Ms the budget stays closed after a 429 or server errors (0 = open). */
  readonly closedForMs: number
  /** New addresses in the last 60 s. */
  readonly discoveredLastMinute: number
  /**
   * Estimated time to poll every known address once, ms: addresses / (budget − burst − mark/OI
   * refreshes) × 2 weight, at least `minRepollMs`.
   */
  readonly rotationMs: number
  readonly stream: StreamStatus | undefined
  readonly invalidAddresses: number
}

export class HlPositionsCollector {
  readonly coin: string
  readonly book: AddressBook
  readonly positions = new PositionMap()
  readonly budget: WeightBudget
  readonly poller: PositionPoller
  private readonly _clock: Clock
  private readonly _feed: HlTradeUsersFeed
  private readonly _discovered: number[] = []
  private _ctrl: AbortController | undefined
  private readonly _minRepollMs: number
  private readonly _ctxEveryMs: number
  private _done: Promise<void> | undefined

  constructor(o: HlPositionsOptions = {}) {
    this.coin = o.coin ?? 'BTC'
    this._minRepollMs = o.minRepollMs ?? 30_000
    this._ctxEveryMs = o.ctxEveryMs ?? 30_000
    this._clock = { now: o.now ?? (() => Date.now()), sleep: o.sleep ?? realSleep }
    const clock = this._clock
    this.book = new AddressBook(o.maxAddresses ?? 20_000, (a) => this.positions.delete(a))
    const share = o.budgetShare ?? DEFAULT_BUDGET_SHARE
    if (!(share > 0 && share <= 1)) throw new RangeError(`budgetShare ${share} must be in (0, 1]`)
    this.budget = new WeightBudget(clock.now, {
      weightPerMinute: (o.weightPerMinute ?? HL_WEIGHT_PER_MINUTE) * share,
      ...(o.burst !== undefined ? { burst: o.burst } : {}),
      ...(o.rateLimitBackoff ? { backoff: o.rateLimitBackoff } : {}),
      ...(o.random ? { random: o.random } : {}),
    })
    this.poller = new PositionPoller({
      client: new HlInfoClient({
        ...(o.restUrl !== undefined ? { restUrl: o.restUrl } : {}),
        ...(o.requestTimeoutMs !== undefined ? { timeoutMs: o.requestTimeoutMs } : {}),
        now: clock.now,
      }),
      book: this.book,
      positions: this.positions,
      budget: this.budget,
      clock,
      coin: this.coin,
      minRepollMs: this._minRepollMs,
      ctxEveryMs: this._ctxEveryMs,
      concurrency: o.concurrency ?? 4,
    })
    this._feed = new HlTradeUsersFeed(
      {
        venue: 'hyperliquid',
        clock,
        emit: () => {},
        dedup: new Dedup(10_000),
        backoff: o.backoff ?? DEFAULT_BACKOFF,
        tickMs: o.tickMs ?? 1000,
        bookDepth: 0,
        symbols: [toCanonical('hyperliquid', this.coin)],
        ...(o.staleAfterMs !== undefined ? { staleAfterMs: o.staleAfterMs } : {}),
      },
      o.wsUrl ?? HYPERLIQUID_WS,
      (addresses, at) => this._onUsers(addresses, at),
    )
  }

  private _trimDiscovered(now: number): void {
    while (this._discovered.length > 0 && this._discovered[0] <= now - 60_000)
      this._discovered.shift()
  }

  private _onUsers(addresses: readonly string[], at: number): void {
    this._trimDiscovered(at)
    let fresh = false
    for (const a of addresses) {
      if (this.book.discover(a, at)) {
        fresh = true
        this._discovered.push(at)
      }
    }
    if (fresh) this.poller.wake()
  }

  /** Starts streaming and polling until `signal` aborts or `stop()` is called. */
  start(signal?: AbortSignal): void {
    if (this._ctrl) throw new Error('HlPositionsCollector already started')
    const ctrl = new AbortController()
    this._ctrl = ctrl
    signal?.addEventListener('abort', () => ctrl.abort(), { once: true })
    if (signal?.aborted === true) ctrl.abort()
    this._done = Promise.all([this._feed.run(ctrl.signal), this.poller.run(ctrl.signal)]).then(
      () => undefined,
    )
  }

  /** Stops and waits for the stream and every request in flight to end. */
  async stop(): Promise<void> {
    this._ctrl?.abort()
    await this._done
  }

  /** Ends when the collector has stopped. */
  get done(): Promise<void> {
    return this._done ?? Promise.resolve()
  }

  /** The exact map now, or undefined until the first mark/open-interest sample. */
  exactMap(o: Pick<ExactMapOptions, 'bins' | 'rangePct'> = {}): ExactLiquidationMap | undefined {
    const ctx = this.poller.ctx
    if (!ctx) return undefined
    return this.positions.exactMap({
      ...o,
      markPx: ctx.markPx,
      openInterest: ctx.openInterest,
      now: this._clock.now(),
      coin: this.coin,
    })
  }

  /** The measured leverage mix on `ladder` (default the model's ladder). */
  leverageDistribution(ladder: readonly number[] = DEFAULT_PARAMS.leverages): LeverageDistribution {
    return leverageDistribution(this.positions.values(), ladder, this.poller.ctx?.markPx)
  }

  /** `{ leverages, leverageWeights }` for the other venues (throws DataError with too few positions). */
  calibratedPrior(
    ladder: readonly number[] = DEFAULT_PARAMS.leverages,
    o: PriorOptions = {},
  ): Partial<ModelParams> {
    return priorFromDistribution(this.leverageDistribution(ladder), o)
  }

  status(): HlPositionsStatus {
    const now = this._clock.now()
    this._trimDiscovered(now)
    const map = this.exactMap({ bins: 1 })
    let oldest = now
    for (const p of this.positions.values()) oldest = Math.min(oldest, p.polledAt)
    // Long-run pace of the bucket, less the mark/OI refreshes, in polls per ms.
    const ctxPerMin = (WEIGHT_META_AND_CTXS * 60_000) / this._ctxEveryMs
    const perMin = this.budget.weightPerMinute - this.budget.burst - ctxPerMin
    const perMs = Math.max(perMin, 1) / WEIGHT_CLEARINGHOUSE / 60_000
    return {
      running: this._ctrl !== undefined && !this._ctrl.signal.aborted,
      coin: this.coin,
      addresses: this.book.stats(),
      positions: this.positions.size,
      coverage: map?.coverage,
      oldestAgeMs: now - oldest,
      ctx: this.poller.ctx,
      requests: this.poller.stats(),
      weightPerMinute: this.budget.weightPerMinute,
      closedForMs: Math.max(0, this.budget.closedUntil - now),
      discoveredLastMinute: this._discovered.length,
      rotationMs: Math.max(this._minRepollMs, this.book.size / perMs),
      stream: this._feed.statuses()[0],
      invalidAddresses: this._feed.invalidAddresses,
    }
  }
}
