/**
 * The liquidation model: per (venue, leverage, side) a level book of standing liquidation
 * notional, updated bar by bar — sweep, close on open-interest falls, decay, seed. Pure: no I/O.
 * See docs/model.md for every formula.
 * @module
 */
import type { Venue } from '../core/types.ts'
import { LevelBook } from './book.ts'
import {
  emptySpan,
  EntryHistogram,
  extendSpan,
  OpenInterestRule,
  resetSpan,
  type Span,
} from './entries.ts'
import { FreshRing } from './fresh-ring.ts'
import { historyStart, HourlySnapshots, type Snapshot } from './hourly.ts'
import { layoutBooks, tiltedWeights, type BookInfo, type BookLayout } from './layout.ts'
import { resolveParams, type ModelParams } from './params.ts'
import type { ModelBar, ModelFilter, SweepRow } from './types.ts'

export type { BookInfo } from './layout.ts'
export { subLevelRatios, tiltedWeights } from './layout.ts'

export interface ModelOptions {
  /** Only these books are allocated and updated (books are independent, so results match). */
  readonly filter?: ModelFilter
  /** Track ages, freshness and growth (needed for clusters; off for bulk heatmaps). Default true. */
  readonly track?: boolean
  /** Freshness/growth window, hours. Default 24. */
  readonly freshHours?: number
  /**
   * Merge the venues of each (leverage, side) into one book. Exact when every bar carries one
   * open-interest series (no `oiByVenue`): the venues' books then share every scale factor and
   * sweeps act on bins, not venues. Used for bulk heatmaps; venue filters must be given up front.
   */
  readonly mergeVenues?: boolean
}

/** Where every dollar went. seeded = standing + swept + closed + decayed (up to rounding). */
export interface Ledger {
  seededUsd: number
  sweptUsd: number
  closedUsd: number
  decayedUsd: number
}

const HOUR = 3_600_000

const LN_SPAN = Math.log(4) // initial grid: price ÷4 … ×4 around the first bar

export class ModelEngine {
  readonly params: ModelParams
  readonly track: boolean
  readonly freshMs: number
  readonly books: LevelBook[] = []
  info: readonly BookInfo[] = []
  /** ln bin width. */
  readonly w: number
  /** Absolute log-bin index of array position 0. */
  origin = 0
  readonly ledger: Ledger = { seededUsd: 0, sweptUsd: 0, closedUsd: 0, decayedUsd: 0 }
  private _size = 0
  private readonly _layout: BookLayout
  private readonly _oi: OpenInterestRule
  /** The last slot of the open-interest rule: a single series' total. */
  private readonly _totalSlot: number
  private readonly _spans: Span[]
  private readonly _entries = new EntryHistogram()
  private _lastBar: ModelBar | undefined
  private _ring: FreshRing | undefined
  private readonly _hourly: HourlySnapshots
  private _venueShare: Record<string, number> = {}
  private _wLong: number[] = []
  private _wShort: number[] = []
  private _wBias = Number.NaN
  private _seededThisBar = false
  private readonly _merged: boolean
  /** `coord`, bound once (seeding runs every bar and allocates nothing). */
  private readonly _coord = (price: number): number => this.coord(price)
  private readonly _settleAll = (): void => this.settleAll()

  constructor(params?: Partial<ModelParams>, opts: ModelOptions = {}) {
    this.params = resolveParams(params)
    this.track = opts.track ?? true
    this.freshMs = (opts.freshHours ?? 24) * HOUR
    this.w = Math.log(1 + this.params.binPct / 100)
    // One open-interest slot per venue, and a last one for a single series' total.
    this._totalSlot = this.params.venues.length
    this._oi = new OpenInterestRule(this.params, this._totalSlot + 1)
    this._spans = this.params.venues.map(emptySpan)
    if (this.track) this._ring = new FreshRing()
    this._hourly = new HourlySnapshots(this.freshMs)
    const p = this.params
    const shareSum = p.venues.reduce((a, v) => a + p.venueShares[v], 0)
    for (const v of p.venues) this._venueShare[v] = p.venueShares[v] / shareSum
    this._merged = opts.mergeVenues ?? false
    this._layout = layoutBooks(p, this.w, this._venueShare, {
      ...(opts.filter ? { filter: opts.filter } : {}),
      merged: this._merged,
      track: this.track,
    })
    this.info = this._layout.info
  }

  get lastBar(): ModelBar | undefined {
    return this._lastBar
  }

  get size(): number {
    return this._size
  }

  /** Fractional bin coordinate of a price. */
  coord(price: number): number {
    return Math.log(price) / this.w - this.origin
  }

  /** Lower edge price of bin i. */
  binPrice(i: number): number {
    return Math.exp((i + this.origin) * this.w)
  }

  /** Standing USD over all books (or those passing `keep`), decay settled to the last bar. */
  standingUsd(keep?: (info: BookInfo) => boolean): number {
    this.settleAll()
    let s = 0
    this.books.forEach((b, k) => {
      if (!keep || keep(this.info[k])) s += b.total
    })
    return s
  }

  /** Applies pending decay to every book up to the last bar's time (before reading state). */
  settleAll(): void {
    const last = this._lastBar
    if (!last) return
    for (const b of this.books) this.ledger.decayedUsd += b.settle(last.ts)
  }

  /** Appends one bar; returns the notional it swept (its predicted liquidations). */
  append(bar: ModelBar): SweepRow {
    this.step(bar)
    return { ts: bar.ts, longUsd: this.lastSweptLongUsd, shortUsd: this.lastSweptShortUsd }
  }

  /**
   * Appends `bars[from..to)` (a catch-up over history): the same state and queries as appending
   * them one by one, but hourly snapshots that the growth measure can no longer read once
   * `bars[to − 1]` is in are not copied (most of the cost of a long catch-up otherwise).
   */
  appendHistory(bars: readonly ModelBar[], from = 0, to = bars.length): void {
    if (to <= from) return
    this._hourly.skipBefore = historyStart(bars, to, this.freshMs)
    try {
      for (let i = from; i < to; i++) this.step(bars[i])
    } finally {
      this._hourly.skipBefore = -Infinity
    }
  }

  /** USD of longs / shorts the last appended bar swept. */
  lastSweptLongUsd = 0
  lastSweptShortUsd = 0

  /** Appends one bar without allocating; the sweep is in `lastSwept*Usd`. */
  step(bar: ModelBar): void {
    const prev = this._lastBar
    if (prev && bar.ts <= prev.ts)
      throw new RangeError(`bars must be appended in time order: ${bar.ts} after ${prev.ts}`)
    if (!(bar.low > 0) || !(bar.high >= bar.low) || !(bar.close > 0))
      throw new RangeError(`bar at ${bar.ts} has invalid prices`)
    if (this._size === 0) this.initGrid(bar.close)
    this.ensureRange(bar.low, bar.high)
    const ts = bar.ts
    const books = this.books
    const ledger = this.ledger
    const kLow = Math.floor(this.coord(bar.low))
    const kHigh = Math.floor(this.coord(bar.high))
    // 0. Exits: take-profits and stops the bar reached close before anything is liquidated.
    if (this._layout.exits)
      for (const b of books) {
        if (!b.exitDue(kLow, kHigh)) continue
        ledger.decayedUsd += b.settle(ts)
        ledger.closedUsd += b.exit(kLow, kHigh)
      }
    // 1. Sweep: positions standing at the bar's start whose level the bar's range reached.
    let longUsd = 0
    let shortUsd = 0
    for (let k = 0; k < books.length; k++) {
      const b = books[k]
      if (b.hi < b.lo) continue
      if (b.isLong) {
        if (kLow > b.hi) continue
        ledger.decayedUsd += b.settle(ts)
        longUsd += b.sweep(kLow, ts)
      } else {
        if (kHigh < b.lo) continue
        ledger.decayedUsd += b.settle(ts)
        shortUsd += b.sweep(kHigh, ts)
      }
    }
    ledger.sweptUsd += longUsd + shortUsd
    // 2. Open interest: a fall closes positions proportionally, a rise opens new ones on both
    //    sides with entries over the range traded since the previous sample.
    const p = this.params
    const venues = p.venues
    if (this._merged && bar.oiByVenue && p.seedFrom !== 'volume')
      throw new RangeError('merged venues need one open-interest series')
    if (this._layout.kernels) this.oiMerged(bar, ts)
    else if (!bar.oiByVenue || p.seedFrom === 'volume') {
      // One series for every venue: decide once from the total (per-venue products of a tiny
      // change can round differently), then split seeds by share; closes are the same fraction.
      const r = this._oi.change(this._totalSlot, bar.oi, bar, 1)
      for (let vi = 0; vi < venues.length; vi++) {
        const span = this._spans[vi]
        extendSpan(span, bar)
        if (r.keep < 1) this.closeFeeds(vi, r.keep, ts)
        if (r.seed > 0) this.seedVenue(vi, r.seed * this._venueShare[venues[vi]], bar, span)
        if (r.sampleEnds) resetSpan(span)
      }
    } else
      for (let vi = 0; vi < venues.length; vi++) {
        const venue = venues[vi]
        const span = this._spans[vi]
        extendSpan(span, bar)
        const share = this._venueShare[venue]
        const r = this._oi.change(vi, this.venueOi(bar, venue), bar, share)
        if (r.keep < 1) this.closeFeeds(vi, r.keep, ts)
        if (r.seed > 0) this.seedVenue(vi, r.seed, bar, span)
        if (r.sampleEnds) resetSpan(span)
      }
    // 3. New positions whose level is inside this bar's range: a share is liquidated in the bar.
    const q = p.sameBarShare
    if (q > 0 && this._seededThisBar) {
      let l = 0
      let sh = 0
      for (let k = 0; k < books.length; k++) {
        const b = books[k]
        if (b.isLong) l += b.sweepShare(kLow, q)
        else sh += b.sweepShare(kHigh, q)
      }
      longUsd += l
      shortUsd += sh
      ledger.sweptUsd += l + sh
    }
    this._seededThisBar = false
    this._lastBar = bar
    if (this._ring) {
      const ring = this._ring
      ring.drain(ts - this.freshMs, (k, bin, stored, epoch, t0) =>
        books[k].expireFresh(bin, stored, epoch, t0),
      )
      this._hourly.record(ts, books, this._settleAll)
    }
    this.lastSweptLongUsd = longUsd
    this.lastSweptShortUsd = shortUsd
  }

  /**
   * A venue's open interest in a bar: its own series when the bar has one; else its share of the
   * venues that do (or of the single series).
   */
  private venueOi(bar: ModelBar, venue: Venue): number | undefined {
    const by = bar.oiByVenue
    if (!by) return bar.oi !== undefined ? bar.oi * this._venueShare[venue] : undefined
    const own = by[venue]
    if (own !== undefined) return own
    let sum = 0
    let shares = 0
    for (const v of this.params.venues) {
      const x = by[v]
      if (x === undefined) continue
      sum += x
      shares += this._venueShare[v]
    }
    return shares > 0 ? (sum * this._venueShare[venue]) / shares : undefined
  }

  /** Merged books: one open-interest series for every venue, one call per book. */
  private oiMerged(bar: ModelBar, ts: number): void {
    const span = this._spans[0]
    extendSpan(span, bar)
    const r = this._oi.change(this._totalSlot, bar.oi, bar, 1)
    const books = this.books
    if (r.keep < 1)
      for (const b of books) {
        this.ledger.decayedUsd += b.settle(ts)
        this.ledger.closedUsd += b.multiply(r.keep)
      }
    if (r.seed > 0) {
      const kernels = this._layout.kernels ?? []
      const e = this._entries
      const n = e.fill(span, this.params.entrySpread, this._coord)
      this.setWeights(bar.takerBuyShare)
      const info = this.info
      for (let k = 0; k < books.length; k++) {
        const book = books[k]
        const amount = r.seed * (book.isLong ? this._wLong : this._wShort)[info[k].rung]
        if (!(amount > 0) || kernels[k].offsets.length === 0) continue
        this.ledger.decayedUsd += book.settle(ts)
        const before = book.total
        book.addKernel(e.hist, n, e.j0, kernels[k].offsets, kernels[k].weights, amount)
        this.ledger.seededUsd += book.total - before
      }
      this._seededThisBar = true
    }
    if (r.sampleEnds) resetSpan(span)
  }

  private setWeights(takerBuyShare: number | undefined): void {
    const p = this.params
    // Without a tilt the taker split changes nothing.
    const bias = takerBuyShare === undefined || p.aggressorTilt === 0 ? 0 : 2 * takerBuyShare - 1
    if (bias === this._wBias) return
    tiltedWeights(p.leverageWeights, p.aggressorTilt, bias, this._wLong)
    tiltedWeights(p.leverageWeights, p.aggressorTilt, -bias, this._wShort)
    this._wBias = bias
  }

  /**
   * Closes a share (1 − keep) of the positions fed by venue `vi`. A merged book is fed by every
   * venue with the same factor in the same bar, so it is closed once, by its first venue.
   */
  private closeFeeds(vi: number, keep: number, ts: number): void {
    const venue = this.params.venues[vi]
    for (const feed of this._layout.feeds[vi]) {
      if (this.info[feed.book].venues[0] !== venue) continue
      const b = this.books[feed.book]
      this.ledger.decayedUsd += b.settle(ts)
      this.ledger.closedUsd += b.multiply(keep)
    }
  }

  private seedVenue(vi: number, usd: number, bar: ModelBar, span: Span): void {
    const p = this.params
    const n = this._entries.fill(span, p.entrySpread, this._coord)
    const hist = this._entries.hist
    const j0 = this._entries.j0
    this.setWeights(bar.takerBuyShare)
    const wLong = this._wLong
    const wShort = this._wShort
    const ring = this._ring
    const ts = bar.ts
    const ledger = this.ledger
    for (const feed of this._layout.feeds[vi]) {
      const k = feed.book
      const info = this.info[k]
      const offs = feed.offsets
      const amount = usd * (info.side === 'long' ? wLong : wShort)[info.rung]
      if (!(amount > 0) || offs.length === 0) continue
      const book = this.books[k]
      ledger.decayedUsd += book.settle(ts)
      const per = amount / offs.length
      const onAdd = ring
        ? (bin: number, s: number) => ring.push(k, bin, s, book.epoch, ts)
        : undefined
      for (let j = 0; j < offs.length; j++) book.addHist(hist, n, j0 + offs[j], per, ts, onAdd)
      ledger.seededUsd += amount
      this._seededThisBar = true
    }
  }

  private initGrid(price: number): void {
    const half = Math.ceil(LN_SPAN / this.w)
    this._size = 2 * half
    this.origin = Math.floor(Math.log(price) / this.w) - half
    for (let k = 0; k < this.info.length; k++)
      this.books.push(
        new LevelBook(
          this._size,
          this.info[k].side === 'long',
          this.track,
          this.params.halfLifeHours[this.info[k].rung] * HOUR,
          this._layout.exits?.[k],
        ),
      )
  }

  /** Grows the grid (doubling, centred) until the bar's levels fit. */
  private ensureRange(low: number, high: number): void {
    for (;;) {
      const a = this.coord(low) + this._layout.minOff - 2
      const b = this.coord(high) + this._layout.maxOff + 2
      if (a >= 0 && b < this._size) return
      const shift = this._size / 2
      const newSize = this._size * 2
      for (const book of this.books) book.regrid(newSize, shift)
      this._ring?.shiftBins(shift)
      this._hourly.shiftBins(shift)
      this.origin -= shift
      this._size = newSize
    }
  }

  /** The snapshot nearest to `freshHours` ago (undefined when history is shorter). */
  pastSnapshot(): Snapshot | undefined {
    return this._hourly.past(this._lastBar?.ts)
  }
}
