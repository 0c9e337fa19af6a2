/**
 * Distances between two binned liquidation-level distributions on the same price grid: the
 * Wasserstein-1 distance, Pearson correlation, cluster (peak) positions, and the share of realized
 * liquidations that fell in a map's top-decile bins. Pure; every function takes plain arrays.
 * @module
 */
import { pearson } from '../stats.ts'

/**
 * Wasserstein-1 distance between two non-negative mass vectors on the same grid of bin width
 * `step`, each normalised to total 1, with masses at bin centres: `step · Σ |CDF_a − CDF_b|`.
 * NaN when either total is 0.
 */
export function wasserstein1(a: ArrayLike<number>, b: ArrayLike<number>, step: number): number {
  if (a.length !== b.length) throw new RangeError(`wasserstein1: lengths ${a.length} ≠ ${b.length}`)
  let sa = 0
  let sb = 0
  for (let i = 0; i < a.length; i++) {
    sa += a[i]
    sb += b[i]
  }
  if (!(sa > 0) || !(sb > 0)) return Number.NaN
  let ca = 0
  let cb = 0
  let acc = 0
  for (let i = 0; i < a.length - 1; i++) {
    ca += a[i] / sa
    cb += b[i] / sb
    acc += Math.abs(ca - cb)
  }
  return acc * step
}

/** Pearson correlation; NaN when either vector is constant or they are shorter than 2. */
export function pearsonCorr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return pearson(a, b, 2)
}

/** A peak of a binned distribution: the hill between two valleys. */
export interface Peak {
  /** Bin of the (smoothed) maximum. */
  readonly index: number
  /** Sum of the raw values over the hill. */
  readonly mass: number
}

/**
 * Peaks of `values`: local maxima of the centred moving average of width 2·`smooth`+1, each with
 * the raw mass between its neighbouring valleys; the `k` largest by mass (mass > 0), largest
 * first. A plateau counts once (at its middle bin). An all-equal distribution has no peak.
 */
export function findPeaks(values: ArrayLike<number>, k: number, smooth = 1): Peak[] {
  const n = values.length
  const s = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let acc = 0
    let m = 0
    for (let j = Math.max(0, i - smooth); j <= Math.min(n - 1, i + smooth); j++) {
      acc += values[j]
      m++
    }
    s[i] = acc / m
  }
  const peaks: Peak[] = []
  let i = 0
  while (i < n) {
    // Walk a plateau [i, j) of equal smoothed values.
    let j = i + 1
    while (j < n && s[j] === s[i]) j++
    const left = i > 0 ? s[i - 1] : -Infinity
    const right = j < n ? s[j] : -Infinity
    if (s[i] > 0 && s[i] > left && s[i] > right && !(i === 0 && j === n)) {
      // Hill bounds: walk down to the valleys on each side.
      let lo = i
      while (lo > 0 && s[lo - 1] <= s[lo]) lo--
      let hi = j - 1
      while (hi < n - 1 && s[hi + 1] <= s[hi]) hi++
      let mass = 0
      for (let q = lo; q <= hi; q++) mass += values[q]
      if (mass > 0) peaks.push({ index: Math.floor((i + j - 1) / 2), mass })
    }
    i = j
  }
  peaks.sort((x, y) => y.mass - x.mass || x.index - y.index)
  return peaks.slice(0, k)
}

/**
 * Mean, over the true peaks, of the distance from each to the nearest estimated peak, in bins.
 * NaN when either list is empty.
 */
export function peakDistanceBins(truth: readonly Peak[], est: readonly Peak[]): number {
  if (truth.length === 0 || est.length === 0) return Number.NaN
  let acc = 0
  for (const t of truth) {
    let best = Infinity
    for (const e of est) best = Math.min(best, Math.abs(t.index - e.index))
    acc += best
  }
  return acc / truth.length
}

/**
 * USD of `realized` (per bin, same grid as `map`) that fell in the top `share` of `map`'s bins by
 * value. Ties at the threshold get fractional credit (the expectation under random tie-breaking),
 * so a flat map scores `share` of the realized mass. `count = ceil(share · n)` bins are "top".
 */
export function topShareCaptured(
  map: ArrayLike<number>,
  realized: ArrayLike<number>,
  share = 0.1,
): number {
  const n = map.length
  if (n !== realized.length)
    throw new RangeError(`topShareCaptured: lengths ${n} ≠ ${realized.length}`)
  if (n === 0) return 0
  const count = Math.ceil(share * n)
  const sorted = Array.from(map).sort((x, y) => y - x)
  const threshold = sorted[count - 1]
  let above = 0
  for (let i = 0; i < n; i++) if (map[i] > threshold) above++
  let tied = 0
  for (let i = 0; i < n; i++) if (map[i] === threshold) tied++
  const tieCredit = tied > 0 ? (count - above) / tied : 0
  let captured = 0
  for (let i = 0; i < n; i++) {
    if (map[i] > threshold) captured += realized[i]
    else if (map[i] === threshold) captured += realized[i] * tieCredit
  }
  return captured
}
