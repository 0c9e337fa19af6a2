/**
 * A level book: the standing liquidation notional of one (venue, leverage, side) as a histogram
 * over log-price bins, with lazy multiplicative scaling so decay and open-interest closures cost
 * O(1) per bar. Bin i covers log-prices [(origin + i)·w, (origin + i + 1)·w).
 * Stored values are `actual / scale`; `total` is the actual USD standing.
 * @module
 */

const RENORM_BELOW = 1e-150

/**
 * Price-distance exits of a book (take-profits and stop-losses): the share of new positions that
 * carry each, and where it sits, as a whole number of bins from the liquidation level.
 */
export interface BookExits {
  /** Share of new notional with a take-profit (0 = none tracked). */
  readonly tpShare: number
  /** Bins from the liquidation level to the entry, plus entry to take-profit (≥ 0). */
  readonly tpBins: number
  /** Share of new notional with a stop-loss (0 = none tracked). */
  readonly slShare: number
  /** Bins from the liquidation level back to the stop (≥ 0; the stop is nearer the entry). */
  readonly slBins: number
}

export class LevelBook {
  /** Stored notional per bin (actual = stored × scale). */
  x: Float64Array
  /** Stored notional × seed time (ms) per bin, for ages; undefined when not tracked. */
  t: Float64Array | undefined
  /** Stored notional seeded within the freshness window per bin; undefined when not tracked. */
  f: Float64Array | undefined
  /** Time (ms) of the last sweep per bin, for freshness bookkeeping; undefined when not tracked. */
  sweptAt: Float64Array | undefined
  /**
   * Stored notional per bin with no take-profit pending: what stood there when a bar last reached
   * the bin's take-profit (every position left then had none). Positions added since carry
   * `tpShare` pending, so pending = tpShare × (x − tp): seeding writes nothing here. Undefined
   * without take-profits.
   */
  tp: Float64Array | undefined
  /** The same for stop-losses (pending = slShare × (x − sl)). */
  sl: Float64Array | undefined
  /**
   * Exit fronts: every bin on the far side of a front (take-profit: long ≤ tpFront, short ≥;
   * stop: long ≥ slFront, short ≤) holds no position whose exit is pending, so a bar scans only
   * the bins between the front and its threshold.
   */
  tpFront: number
  slFront: number
  scale = 1
  /** Product of all renormalisation factors applied (converts old stored deltas). */
  epoch = 1
  /** Bounds of possibly non-zero bins (lo > hi: empty). */
  lo: number
  hi: number
  /** Bins whose stored values changed since `clearDirty()` (dirtyLo > dirtyHi: none). */
  dirtyLo = Infinity
  dirtyHi = -Infinity
  /** Actual USD standing (as of `settledTs`). */
  total = 0
  /** Time up to which decay has been applied. */
  settledTs = Number.NaN
  private _decayDt = Number.NaN
  private _decayFactor = 1

  constructor(
    size: number,
    readonly isLong: boolean,
    track: boolean,
    /** Half-life of positions that close without a trace, ms. */
    readonly halfLifeMs: number = Infinity,
    /** Take-profits and stop-losses; none when omitted. */
    readonly exits?: BookExits,
  ) {
    this.x = new Float64Array(size)
    this.t = track ? new Float64Array(size) : undefined
    this.f = track ? new Float64Array(size) : undefined
    this.sweptAt = track ? new Float64Array(size).fill(-Infinity) : undefined
    this.tp = exits && exits.tpShare > 0 ? new Float64Array(size) : undefined
    this.sl = exits && exits.slShare > 0 ? new Float64Array(size) : undefined
    this.lo = size
    this.hi = -1
    // Nothing is pending: every bin is beyond both fronts.
    this.tpFront = isLong ? size : -1
    this.slFront = isLong ? -1 : size
  }

  get size(): number {
    return this.x.length
  }

  markDirty(a: number, b: number): void {
    if (a < this.dirtyLo) this.dirtyLo = a
    if (b > this.dirtyHi) this.dirtyHi = b
  }

  clearDirty(): void {
    this.dirtyLo = Infinity
    this.dirtyHi = -Infinity
  }

  /** Re-homes the arrays into a larger grid where old bin i becomes bin i + shift. */
  regrid(newSize: number, shift: number): void {
    const oldSize = this.x.length
    const move = (a: Float64Array, fill = 0): Float64Array => {
      const b = new Float64Array(newSize)
      if (fill !== 0) b.fill(fill)
      b.set(a, shift)
      return b
    }
    this.markDirty(0, newSize - 1)
    this.x = move(this.x)
    if (this.t) this.t = move(this.t)
    if (this.f) this.f = move(this.f)
    if (this.sweptAt) this.sweptAt = move(this.sweptAt, -Infinity)
    if (this.tp) this.tp = move(this.tp)
    if (this.sl) this.sl = move(this.sl)
    // Bins added at either end are empty, so a front that cleared everything still does.
    const prefix = (front: number): number => (front >= oldSize ? newSize : front + shift)
    const suffix = (front: number): number => (front < 0 ? -1 : front + shift)
    this.tpFront = this.isLong ? prefix(this.tpFront) : suffix(this.tpFront)
    this.slFront = this.isLong ? suffix(this.slFront) : prefix(this.slFront)
    if (this.hi >= this.lo) {
      this.lo += shift
      this.hi += shift
    } else {
      this.lo = newSize
      this.hi = -1
    }
  }

  /**
   * Adds `amount` × the entry histogram `hist[0..n)` shifted so that `hist[j]` lands in bin
   * `j0 + j`. Calls `onAdd(bin, storedDelta)` per bin touched when given.
   */
  addHist(
    hist: Float64Array,
    n: number,
    j0: number,
    amount: number,
    ts: number,
    onAdd?: (bin: number, stored: number) => void,
  ): void {
    const k = amount / this.scale
    const x = this.x
    const t = this.t
    const f = this.f
    if (t && f) {
      for (let j = 0; j < n; j++) {
        const s = hist[j] * k
        if (s === 0) continue
        const i = j0 + j
        x[i] += s
        t[i] += s * ts
        f[i] += s
        if (onAdd) onAdd(i, s)
      }
    } else {
      for (let j = 0; j < n; j++) x[j0 + j] += hist[j] * k
    }
    this.addPending(j0, j0 + n - 1)
    if (j0 < this.lo) this.lo = j0
    if (j0 + n - 1 > this.hi) this.hi = j0 + n - 1
    this.markDirty(j0, j0 + n - 1)
    this.total += amount
  }

  /**
   * New positions in bins a..b carry exits: pull the fronts back past them (nothing else is
   * written; see `tp`).
   */
  private addPending(a: number, b: number): void {
    if (!this.exits) return
    if (this.isLong) {
      if (this.tpFront >= a) this.tpFront = a - 1
      if (this.slFront <= b) this.slFront = b + 1
    } else {
      if (this.tpFront <= b) this.tpFront = b + 1
      if (this.slFront >= a) this.slFront = a - 1
    }
  }

  /**
   * Adds `amount` × Σ_k `weights[k]` × the entry histogram shifted by `offsets[k]` bins (one call
   * for every venue and sub-level of a merged book). Untracked books only.
   */
  addKernel(
    hist: Float64Array,
    n: number,
    j0: number,
    offsets: Int32Array,
    weights: Float64Array,
    amount: number,
  ): void {
    const x = this.x
    const inv = amount / this.scale
    let dLo = Infinity
    let dHi = -Infinity
    let total = 0
    for (let k = 0; k < offsets.length; k++) {
      const base = j0 + offsets[k]
      const c = weights[k] * inv
      for (let j = 0; j < n; j++) x[base + j] += hist[j] * c
      if (base < dLo) dLo = base
      if (base + n - 1 > dHi) dHi = base + n - 1
      total += weights[k]
    }
    if (dLo < this.lo) this.lo = dLo
    if (dHi > this.hi) this.hi = dHi
    this.addPending(dLo, dHi)
    this.markDirty(dLo, dHi)
    this.total += amount * total
  }

  /**
   * Long book: removes every bin at or above `bin` (the bar's low entered it). Short book:
   * every bin at or below `bin`. Returns the actual USD removed.
   */
  sweep(bin: number, ts: number): number {
    if (this.hi < this.lo) return 0
    const x = this.x
    const t = this.t
    const f = this.f
    const swept = this.sweptAt
    let a: number
    let b: number
    if (this.isLong) {
      if (bin > this.hi) return 0
      a = Math.max(bin, this.lo)
      b = this.hi
    } else {
      if (bin < this.lo) return 0
      a = this.lo
      b = Math.min(bin, this.hi)
    }
    let s = 0
    for (let i = a; i <= b; i++) {
      s += x[i]
      x[i] = 0
      if (t) t[i] = 0
      if (f) f[i] = 0
      if (swept) swept[i] = ts
    }
    if (this.tp) this.tp.fill(0, a, b + 1)
    if (this.sl) this.sl.fill(0, a, b + 1)
    this.markDirty(a, b)
    if (this.isLong) this.hi = a - 1
    else this.lo = b + 1
    const usd = s * this.scale
    this.total = this.hi < this.lo ? 0 : Math.max(0, this.total - usd)
    return usd
  }

  /** Whether a bar reaching bins kLow..kHigh would close any pending exit (cheap; no state change). */
  exitDue(kLow: number, kHigh: number): boolean {
    const ex = this.exits
    if (!ex || this.hi < this.lo) return false
    if (this.isLong) {
      const a = kHigh - ex.tpBins
      const b = kLow - ex.slBins
      return (
        (this.tp !== undefined && a > this.tpFront && a >= this.lo) ||
        (this.sl !== undefined && b < this.slFront && b <= this.hi)
      )
    }
    const a = kLow + ex.tpBins
    const b = kHigh + ex.slBins
    return (
      (this.tp !== undefined && a < this.tpFront && a <= this.hi) ||
      (this.sl !== undefined && b > this.slFront && b >= this.lo)
    )
  }

  /**
   * Closes the pending take-profits and stops a bar reached; returns the USD closed. The bar's
   * low reached `kLow` and its high `kHigh` (bins). A long's take-profit lies `tpBins` above its
   * liquidation level, its stop `slBins` above it; a short's mirror them. Call `settle` first.
   */
  exit(kLow: number, kHigh: number): number {
    const ex = this.exits
    if (!ex || this.hi < this.lo) return 0
    let s = 0
    const { tp, sl } = this
    if (this.isLong) {
      if (tp) s += this.exitRange(tp, ex.tpShare, this.tpFront + 1, kHigh - ex.tpBins, sl)
      if (sl) s += this.exitRange(sl, ex.slShare, kLow - ex.slBins, this.slFront - 1, tp)
      this.tpFront = Math.max(this.tpFront, kHigh - ex.tpBins)
      this.slFront = Math.min(this.slFront, kLow - ex.slBins)
    } else {
      if (tp) s += this.exitRange(tp, ex.tpShare, kLow + ex.tpBins, this.tpFront - 1, sl)
      if (sl) s += this.exitRange(sl, ex.slShare, this.slFront + 1, kHigh + ex.slBins, tp)
      this.tpFront = Math.min(this.tpFront, kLow + ex.tpBins)
      this.slFront = Math.max(this.slFront, kHigh + ex.slBins)
    }
    const usd = s * this.scale
    this.total = Math.max(0, this.total - usd)
    return usd
  }

  /**
   * Closes the pending exits of bins a..b (clipped to the standing range): share × (x − spent)
   * of each bin, after which all that stands there is spent. The other exit's spent notional,
   * ages and freshness shrink in proportion.
   */
  private exitRange(
    spent: Float64Array,
    share: number,
    a: number,
    b: number,
    other: Float64Array | undefined,
  ): number {
    const lo = Math.max(a, this.lo)
    const hi = Math.min(b, this.hi)
    if (hi < lo) return 0
    const x = this.x
    const t = this.t
    const f = this.f
    let s = 0
    let dLo = Infinity
    let dHi = -Infinity
    for (let i = lo; i <= hi; i++) {
      const xi = x[i]
      const r = share * (xi - spent[i])
      if (!(r > 0)) {
        spent[i] = xi
        continue
      }
      if (i < dLo) dLo = i
      dHi = i
      const left = xi - r
      const keep = left > 0 ? left / xi : 0
      x[i] = xi * keep
      spent[i] = x[i]
      if (t) t[i] *= keep
      if (f) f[i] *= keep
      if (other) other[i] *= keep
      s += xi - x[i]
    }
    if (dHi >= dLo) this.markDirty(dLo, dHi)
    return s
  }

  /** Applies decay up to `ts`; returns the USD decayed. */
  settle(ts: number): number {
    const last = this.settledTs
    this.settledTs = ts
    if (!(ts > last) || this.total === 0) return 0
    const dt = ts - last
    // Bars mostly arrive a fixed step apart: reuse the factor of the last step.
    if (dt !== this._decayDt) {
      this._decayDt = dt
      this._decayFactor = Math.pow(0.5, dt / this.halfLifeMs)
    }
    return this.multiply(this._decayFactor)
  }

  /**
   * Removes share `q` of every bin at or beyond `bin` on the swept side (long: ≥ bin, short: ≤
   * bin), without marking them swept; returns the USD removed. Used right after seeding, when
   * only the bar's new positions can be there (the old ones were swept at the bar's start).
   */
  sweepShare(bin: number, q: number): number {
    if (this.hi < this.lo || q <= 0) return 0
    const a = this.isLong ? Math.max(bin, this.lo) : this.lo
    const b = this.isLong ? this.hi : Math.min(bin, this.hi)
    if (b < a) return 0
    const x = this.x
    const t = this.t
    const f = this.f
    const keep = 1 - q
    this.markDirty(a, b)
    let s = 0
    const tp = this.tp
    const sl = this.sl
    for (let i = a; i <= b; i++) {
      s += x[i] * q
      x[i] *= keep
      if (t) t[i] *= keep
      if (f) f[i] *= keep
      if (tp) tp[i] *= keep
      if (sl) sl[i] *= keep
    }
    const usd = s * this.scale
    this.total = Math.max(0, this.total - usd)
    return usd
  }

  /** Multiplies every position by f (0 ≤ f ≤ 1); returns the USD removed. */
  multiply(f: number): number {
    if (f >= 1 || this.total === 0) return 0
    const removed = this.total * (1 - f)
    this.total *= f
    this.scale *= f
    if (this.scale < RENORM_BELOW) this.renormalise()
    return removed
  }

  private renormalise(): void {
    const s = this.scale
    const x = this.x
    const t = this.t
    const f = this.f
    const tp = this.tp
    const sl = this.sl
    for (let i = Math.max(0, this.lo); i <= this.hi; i++) {
      x[i] *= s
      if (t) t[i] *= s
      if (f) f[i] *= s
      if (tp) tp[i] *= s
      if (sl) sl[i] *= s
    }
    this.epoch *= s
    this.scale = 1
    this.markDirty(0, this.x.length - 1)
  }

  /**
   * Removes a seed from the freshness layer once it is older than the window: `stored` was added
   * at `epochThen` and time `tsThen`; if the bin was swept since, the seed is already gone.
   */
  expireFresh(bin: number, stored: number, epochThen: number, tsThen: number): void {
    const f = this.f
    const swept = this.sweptAt
    if (!f || !swept || swept[bin] > tsThen) return
    const v = f[bin] - stored * (this.epoch / epochThen)
    f[bin] = v > 0 ? v : 0
  }

  /** Actual USD in bin i. */
  at(i: number): number {
    return this.x[i] * this.scale
  }
}
