/**
 * Clusters: peaks of standing liquidation notional on each side of price, found on the model's
 * per-bin profile, plus the asymmetry ratio. See docs/model.md §Clusters for the rules.
 * @module
 */
import type { Side } from '../core/types.ts'
import type { ModelEngine } from './engine.ts'
import { buildProfile, type SideProfile } from './profile.ts'
import type { Cluster, ClusterReport, ModelFilter } from './types.ts'

export interface ClusterOptions {
  readonly filter?: ModelFilter
  /** Asymmetry window, % of price each side. Default 2. */
  readonly windowPct?: number
  /** Clusters are searched within ±rangePct of price. Default 10. */
  readonly rangePct?: number
  /** Round-number step; default a "round" step for the price (1000 at 90,000). */
  readonly roundStep?: number
  /** Smallest cluster, as a share of the side's notional within the range. Default 0.01. */
  readonly minShare?: number
}

const HOUR = 3_600_000

export function autoRoundStep(price: number): number {
  return Math.pow(10, Math.floor(Math.log10(price)) - 1)
}

/** Centred moving average of width 2h+1 (h bins each side). */
function smooth(v: Float64Array, h: number): Float64Array {
  const n = v.length
  const out = new Float64Array(n)
  let acc = 0
  for (let i = 0; i < Math.min(n, h); i++) acc += v[i]
  for (let i = 0; i < n; i++) {
    if (i + h < n) acc += v[i + h]
    if (i - h - 1 >= 0) acc -= v[i - h - 1]
    const lo = Math.max(0, i - h)
    const hi = Math.min(n - 1, i + h)
    out[i] = acc / (hi - lo + 1)
  }
  return out
}

interface Segment {
  a: number
  z: number
  peak: number
}

/**
 * Splits the runs of the profile at or above `floor` into segments, cutting at a valley when it is
 * below `dip` × the peak on each side of it.
 */
export function segments(s: Float64Array, floor: number, dip = 0.6): Segment[] {
  const out: Segment[] = []
  const n = s.length
  let i = 0
  while (i < n) {
    while (i < n && !(s[i] >= floor && s[i] > 0)) i++
    if (i >= n) break
    let a = i
    let peak = i
    let valley = -1
    for (; i < n && s[i] >= floor && s[i] > 0; i++) {
      if (valley < 0) {
        if (s[i] >= s[peak]) peak = i
        else valley = i
      } else if (s[i] < s[valley]) {
        valley = i
      } else if (s[valley] < dip * s[peak] && s[valley] < dip * s[i]) {
        out.push({ a, z: valley, peak })
        a = valley + 1
        peak = i
        valley = -1
      } else if (s[i] >= s[peak]) {
        peak = i
        valley = -1
      }
    }
    out.push({ a, z: i - 1, peak })
  }
  return out
}

export function findClusters(engine: ModelEngine, opts: ClusterOptions = {}): ClusterReport {
  const bar = engine.lastBar
  const windowPct = opts.windowPct ?? 2
  const freshHours = engine.freshMs / HOUR
  if (!bar) {
    return {
      at: 0,
      price: 0,
      freshHours,
      above: [],
      below: [],
      all: [],
      asymmetry: { windowPct, longBelowUsd: 0, shortAboveUsd: 0, ratio: 1 },
    }
  }
  const price = bar.close
  const range = (opts.rangePct ?? 10) / 100
  const prof = buildProfile(engine, price * (1 - range), price * (1 + range), opts.filter)
  const roundStep = opts.roundStep ?? autoRoundStep(price)
  const now = bar.ts
  const binPrice = (k: number): number => engine.binPrice(prof.first + k)
  const make = (side: Side, sp: SideProfile, seg: Segment): Cluster => {
    const peakPrice = Math.sqrt(binPrice(seg.peak) * binPrice(seg.peak + 1))
    let usd = 0
    let tsum = 0
    let fresh = 0
    let past = 0
    for (let k = seg.a; k <= seg.z; k++) {
      usd += sp.usd[k]
      tsum += sp.tsum[k]
      fresh += sp.fresh[k]
      past += sp.past[k]
    }
    const lo = binPrice(seg.a)
    const hi = binPrice(seg.z + 1)
    const meanTs = usd > 0 && tsum > 0 ? tsum / usd : now
    return {
      side,
      priceLow: lo,
      priceHigh: hi,
      peakPrice,
      notionalUsd: usd,
      ageHours: Math.max(0, (now - meanTs) / HOUR),
      freshShare: usd > 0 ? Math.min(1, fresh / usd) : 0,
      growthUsdPerHour: prof.hasPast ? (usd - past) / ((now - prof.pastTs) / HOUR || 1) : 0,
      distancePct: ((peakPrice - price) / price) * 100,
      roundNumber: Math.floor(hi / roundStep) * roundStep >= lo,
    }
  }
  const all: Cluster[] = []
  const minShare = opts.minShare ?? 0.01
  const h = Math.max(1, Math.round(0.1 / engine.params.binPct)) // ±0.1 % smoothing
  for (const side of ['long', 'short'] as const) {
    const sp = side === 'long' ? prof.long : prof.short
    let total = 0
    let max = 0
    const s = smooth(sp.usd, h)
    for (let k = 0; k < prof.n; k++) {
      total += sp.usd[k]
      if (s[k] > max) max = s[k]
    }
    if (total <= 0) continue
    for (const seg of segments(s, max * 0.05)) {
      const c = make(side, sp, seg)
      if (c.notionalUsd >= minShare * total) all.push(c)
    }
  }
  const above = all
    .filter((c) => c.side === 'short' && c.peakPrice > price)
    .sort((a, b) => a.peakPrice - b.peakPrice)
    .slice(0, 3)
  const below = all
    .filter((c) => c.side === 'long' && c.peakPrice < price)
    .sort((a, b) => b.peakPrice - a.peakPrice)
    .slice(0, 3)
  let longBelowUsd = 0
  let shortAboveUsd = 0
  const wLo = price * (1 - windowPct / 100)
  const wHi = price * (1 + windowPct / 100)
  for (let k = 0; k < prof.n; k++) {
    const p = Math.sqrt(binPrice(k) * binPrice(k + 1))
    if (p >= wLo && p <= price) longBelowUsd += prof.long.usd[k]
    if (p >= price && p <= wHi) shortAboveUsd += prof.short.usd[k]
  }
  const ratio =
    shortAboveUsd > 0
      ? longBelowUsd / shortAboveUsd
      : longBelowUsd > 0
        ? Number.POSITIVE_INFINITY
        : 1
  return {
    at: now,
    price,
    freshHours,
    above,
    below,
    all: all.sort((a, b) => a.peakPrice - b.peakPrice),
    asymmetry: { windowPct, longBelowUsd, shortAboveUsd, ratio },
  }
}
