/**
 * The liquidation model: per (venue, leverage, side) a level book of standing liquidation
 * notional, updated bar by bar — sweep, close on open-interest falls, decay, seed. Pure: no I/O.
 * See docs/model.md for every formula.
 * @module
 */
import type { Side, Venue } from '../core/types.ts'
import { liquidationRatio } from '../margin/index.ts'
import { LevelBook } from './book.ts'
import { FreshRing } from './fresh-ring.ts'
import { resolveParams, type ModelParams } from './params.ts'
import type { ModelBar, ModelFilter, SweepRow } from './types.ts'

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

export interface BookInfo {
  /** Venues whose positions the book holds (one, unless venues are merged). */
  readonly venues: readonly Venue[]
  readonly leverage: number
  readonly side: Side
  /** Rung index in the ladder. */
  readonly rung: number
  /** Liquidation price / entry price of each sub-level, per venue. */
  readonly ratios: Readonly<Partial<Record<Venue, readonly number[]>>>
}

/** One venue's seeds into one book: whole-bin offsets of its sub-levels. */
interface Feed {
  readonly book: number
  readonly offsets: Int32Array
}

const HOUR = 3_600_000

/** What a bar's open interest (or volume) does: seed USD per side, keep factor, sample ends. */
interface OiChange {
  seed: number
  keep: number
  sampleEnds: boolean
}

/** Prices traded since a venue's previous open-interest sample: where new positions entered. */
interface Span {
  low: number
  high: number
  closeSum: number
  n: number
}
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
  private _feeds: Feed[][] // per venue index
  private _merged: boolean
  private _minOff = 0
  private _maxOff = 0
  private _prevOi: Float64Array
  private readonly _totalSlot: number
  private _spans: Span[]
  private _lastBar: ModelBar | undefined
  private _ring: FreshRing | undefined
  private _hourly: { ts: number; books: { lo: number; vals: Float32Array }[] }[] = []
  private _venueShare: Record<string, number> = {}
  private _hist = new Float64Array(64)
  private _wLong: number[] = []
  private _wShort: number[] = []
  private _wBias = Number.NaN
  private _seededThisBar = false
  private _kernels: { offsets: Int32Array; weights: Float64Array }[] | undefined
  private _histJ0 = 0
  private readonly _change: OiChange = { seed: 0, keep: 1, sampleEnds: true }

  constructor(params?: Partial<ModelParams>, opts: ModelOptions = {}) {
    this.params = resolveParams(params)
    this.track = opts.track ?? true
    this.freshMs = (opts.freshHours ?? 24) * HOUR
    this.w = Math.log(1 + this.params.binPct / 100)
    // Previous open interest per venue, and in the last slot the single series' total.
    this._prevOi = new Float64Array(this.params.venues.length + 1).fill(Number.NaN)
    this._totalSlot = this.params.venues.length
    this._spans = this.params.venues.map(() => ({
      low: Infinity,
      high: -Infinity,
      closeSum: 0,
      n: 0,
    }))
    if (this.track) this._ring = new FreshRing()
    const p = this.params
    const shareSum = p.venues.reduce((a, v) => a + p.venueShares[v], 0)
    for (const v of p.venues) this._venueShare[v] = p.venueShares[v] / shareSum
    const fv = opts.filter?.venues
    const fl = opts.filter?.leverages
    this._merged = opts.mergeVenues ?? false
    this._feeds = p.venues.map(() => [])
    const bookOf = new Map<string, number>()
    const building: {
      venues: Venue[]
      ratios: Partial<Record<Venue, number[]>>
      leverage: number
      side: Side
      rung: number
    }[] = []
    p.venues.forEach((venue, vi) => {
      if (fv && !fv.includes(venue)) return
      p.leverages.forEach((leverage, rung) => {
        if (fl && !fl.includes(leverage)) return
        for (const side of ['long', 'short'] as const) {
          const base = liquidationRatio(venue, side, leverage, p.positionNotionalUsd)
          const ratios = subLevelRatios(base, side, p.levelSpread).filter((r) => r > 0.02)
          const key = this._merged ? `${rung}:${side}` : `${venue}:${rung}:${side}`
          let k = bookOf.get(key)
          if (k === undefined) {
            k = building.length
            bookOf.set(key, k)
            building.push({ venues: [], ratios: {}, leverage, side, rung })
          }
          building[k].venues.push(venue)
          building[k].ratios[venue] = ratios
          // Whole-bin offsets: at most half a bin (binPct / 2) of quantisation.
          const offsets = Int32Array.from(ratios, (r) => Math.round(Math.log(r) / this.w))
          this._feeds[vi].push({ book: k, offsets })
          for (const x of offsets) {
            this._minOff = Math.min(this._minOff, x)
            this._maxOff = Math.max(this._maxOff, x)
          }
        }
      })
    })
    this.info = building
    if (this._merged && !this.track) {
      // One kernel per merged book: every venue's sub-level offsets weighted by its share.
      this._kernels = building.map((_, k) => {
        const offs: number[] = []
        const wts: number[] = []
        p.venues.forEach((venue, vi) => {
          for (const feed of this._feeds[vi]) {
            if (feed.book !== k) continue
            for (const o of feed.offsets) {
              offs.push(o)
              wts.push(this._venueShare[venue] / feed.offsets.length)
            }
          }
        })
        return { offsets: Int32Array.from(offs), weights: Float64Array.from(wts) }
      })
    }
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
    // 1. Sweep: positions standing at the bar's start whose level the bar's range reached.
    const kLow = Math.floor(this.coord(bar.low))
    const kHigh = Math.floor(this.coord(bar.high))
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
    if (this._kernels) this.oiMerged(bar, ts)
    else if (!bar.oiByVenue || p.seedFrom === 'volume') {
      // One series for every venue: decide once from the total (per-venue products of a tiny
      // change can round differently), then split seeds by share; closes are the same fraction.
      const r = this.oiChange(this._totalSlot, bar.oi, bar, 1)
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
        const r = this.oiChange(vi, this.venueOi(bar, venue), bar, share)
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
      this.recordHourly(ts)
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

  /**
   * What a venue's open interest (slot `vi`; the last slot is a single series' total) did in this
   * bar, or its volume without open interest. `seedFrom` volume ignores open interest; both adds
   * the volume seed to what open interest says.
   */
  private oiChange(vi: number, oi: number | undefined, bar: ModelBar, share: number): OiChange {
    const mode = this.params.seedFrom
    const qv = bar.quoteVolume
    const vol = (qv !== undefined && qv > 0 ? qv : 1) * this.params.volumeSeedFraction * share
    if (mode !== 'volume' && oi !== undefined && Number.isFinite(oi)) {
      const extra = mode === 'both' ? vol : 0
      const prevOi = this._prevOi[vi]
      this._prevOi[vi] = oi
      if (Number.isNaN(prevOi)) return this.change(extra, 1, true)
      if (oi === prevOi) return this.change(extra, 1, extra > 0)
      if (oi < prevOi) return this.change(extra, prevOi > 0 ? oi / prevOi : 1, true)
      return this.change((oi - prevOi) * bar.close + extra, 1, true)
    }
    return this.change(vol, 1, true)
  }

  /** Fills the one reused result of oiChange (no allocation per bar). */
  private change(seed: number, keep: number, sampleEnds: boolean): OiChange {
    const r = this._change
    r.seed = seed
    r.keep = keep
    r.sampleEnds = sampleEnds
    return r
  }

  /** Merged books: one open-interest series for every venue, one call per book. */
  private oiMerged(bar: ModelBar, ts: number): void {
    const span = this._spans[0]
    extendSpan(span, bar)
    const r = this.oiChange(this._totalSlot, bar.oi, bar, 1)
    const books = this.books
    if (r.keep < 1)
      for (const b of books) {
        this.ledger.decayedUsd += b.settle(ts)
        this.ledger.closedUsd += b.multiply(r.keep)
      }
    if (r.seed > 0) {
      const kernels = this._kernels ?? []
      const n = this.entryHistogram(span, this.params.entrySpread)
      this.setWeights(bar.takerBuyShare)
      const info = this.info
      for (let k = 0; k < books.length; k++) {
        const book = books[k]
        const amount = r.seed * (book.isLong ? this._wLong : this._wShort)[info[k].rung]
        if (!(amount > 0) || kernels[k].offsets.length === 0) continue
        this.ledger.decayedUsd += book.settle(ts)
        const before = book.total
        book.addKernel(this._hist, n, this._histJ0, kernels[k].offsets, kernels[k].weights, amount)
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
    for (const feed of this._feeds[vi]) {
      if (this.info[feed.book].venues[0] !== venue) continue
      const b = this.books[feed.book]
      this.ledger.decayedUsd += b.settle(ts)
      this.ledger.closedUsd += b.multiply(keep)
    }
  }

  private seedVenue(vi: number, usd: number, bar: ModelBar, span: Span): void {
    const p = this.params
    const n = this.entryHistogram(span, p.entrySpread)
    const hist = this._hist
    const j0 = this._histJ0
    this.setWeights(bar.takerBuyShare)
    const wLong = this._wLong
    const wShort = this._wShort
    const ring = this._ring
    const ts = bar.ts
    const ledger = this.ledger
    for (const feed of this._feeds[vi]) {
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

  /**
   * Fills `_hist` with the entry distribution of one seed (sums to 1): `1 − e` at the mean close
   * of the span, `e` spread evenly over [low, high]; `_histJ0` is the bin of hist[0]. Returns its length.
   */
  private entryHistogram(span: Span, e: number): number {
    const uc = this.coord(span.closeSum / span.n)
    const ua = this.coord(span.low)
    const ub = this.coord(span.high)
    const i0 = Math.floor(Math.min(ua, uc))
    const i1 = Math.floor(Math.max(ub, uc))
    const n = i1 - i0 + 1
    if (this._hist.length < n) this._hist = new Float64Array(n * 2)
    const h = this._hist
    h.fill(0, 0, n)
    h[Math.floor(uc) - i0] += 1 - e
    if (e > 0) {
      const a0 = Math.floor(ua)
      const a1 = Math.floor(ub)
      if (a1 === a0 || ub - ua < 1e-9) h[a0 - i0] += e
      else {
        const per = e / (ub - ua)
        for (let i = a0; i <= a1; i++)
          h[i - i0] += per * ((i === a1 ? ub : i + 1) - (i === a0 ? ua : i))
      }
    }
    this._histJ0 = i0
    return n
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
        ),
      )
  }

  /** Grows the grid (doubling, centred) until the bar's levels fit. */
  private ensureRange(low: number, high: number): void {
    for (;;) {
      const a = this.coord(low) + this._minOff - 2
      const b = this.coord(high) + this._maxOff + 2
      if (a >= 0 && b < this._size) return
      const shift = this._size / 2
      const newSize = this._size * 2
      for (const book of this.books) book.regrid(newSize, shift)
      this._ring?.shiftBins(shift)
      for (const h of this._hourly) for (const hb of h.books) hb.lo += shift
      this.origin -= shift
      this._size = newSize
    }
  }

  /** Keeps one snapshot per hour boundary for growth, pruned to the window. */
  private recordHourly(ts: number): void {
    const last = this._hourly[this._hourly.length - 1]
    if (last && Math.floor(last.ts / HOUR) === Math.floor(ts / HOUR)) return
    this.settleAll()
    this._hourly.push({
      ts,
      books: this.books.map((b) => {
        const lo = Math.max(0, b.lo)
        const vals = new Float32Array(Math.max(0, b.hi - lo + 1))
        for (let i = 0; i < vals.length; i++) vals[i] = b.x[lo + i] * b.scale
        return { lo, vals }
      }),
    })
    while (this._hourly.length > 1 && this._hourly[1].ts <= ts - this.freshMs) this._hourly.shift()
  }

  /** The snapshot nearest to `freshHours` ago (undefined when history is shorter). */
  pastSnapshot(): { ts: number; books: readonly { lo: number; vals: Float32Array }[] } | undefined {
    const h = this._hourly[0]
    const last = this._lastBar
    if (!h || !last || last.ts - h.ts < this.freshMs * 0.9) return undefined
    return h
  }
}

function extendSpan(span: Span, bar: ModelBar): void {
  if (bar.low < span.low) span.low = bar.low
  if (bar.high > span.high) span.high = bar.high
  span.closeSum += bar.close
  span.n++
}

function resetSpan(span: Span): void {
  span.low = Infinity
  span.high = -Infinity
  span.closeSum = 0
  span.n = 0
}

/**
 * Liquidation/entry ratios of a rung's sub-levels: the formula distance d from entry spread evenly
 * over [d·(1 − spread), d·(1 + spread)] by 2m + 1 equally weighted points, m = max(1, round(3·spread)).
 */
export function subLevelRatios(base: number, side: Side, spread: number): number[] {
  if (spread <= 0) return [base]
  const dist = side === 'long' ? 1 - base : base - 1
  const m = Math.max(1, Math.round(3 * spread))
  const out: number[] = []
  for (let k = -m; k <= m; k++) {
    const d = dist * (1 + (spread * k) / m)
    out.push(side === 'long' ? 1 - d : 1 + d)
  }
  return out
}

/** Ladder weights tilted toward high leverage by `bias` ∈ [−1, 1] (see ModelParams.aggressorTilt). */
export function tiltedWeights(
  weights: readonly number[],
  tilt: number,
  bias: number,
  out: number[] = [],
): number[] {
  const n = weights.length
  out.length = n
  let s = 0
  for (let i = 0; i < n; i++) {
    const x = n === 1 ? 0 : (2 * i) / (n - 1) - 1
    out[i] = weights[i] * Math.max(0, 1 + tilt * bias * x)
    s += out[i]
  }
  for (let i = 0; i < n; i++) out[i] = s > 0 ? out[i] / s : weights[i]
  return out
}
