/**
 * Intensity scaling: maps estimated USD per cell to a unit intensity 0..1 for colouring.
 * The top of the scale is a percentile of the non-zero cells (not the maximum), so one huge
 * cluster does not wash out every other level; values above it saturate at 1.
 * Pure (no I/O), so the browser can share it.
 * @module
 */
import { UsageError } from '../core/errors.ts'

export type Scaling = 'linear' | 'sqrt' | 'log'

export const SCALINGS: readonly Scaling[] = ['linear', 'sqrt', 'log']

/** Decades of dynamic range of the `log` scaling: values below max / 10^LOG_DECADES are faint. */
export const LOG_DECADES = 3

export interface IntensityScale {
  /** USD value that maps to intensity 1 (the clip level); 0 when there is no positive value. */
  readonly max: number
  /** USD → 0..1. NaN, negative and zero map to 0; values ≥ max map to 1. */
  readonly toUnit: (v: number) => number
  /** Inverse of toUnit on 0..1 (for legend ticks): intensity → USD. */
  readonly fromUnit: (u: number) => number
}

export function isScaling(s: string): s is Scaling {
  return (SCALINGS as readonly string[]).includes(s)
}

/**
 * The `p`-th percentile (0 < p ≤ 100) of the positive finite values, by linear interpolation
 * between closest ranks; zeros, negatives and NaN are ignored (a heatmap is mostly empty, and
 * counting empty cells would put the percentile at 0). Returns 0 when no value is positive.
 */
export function positivePercentile(values: Float32Array | readonly number[], p: number): number {
  let n = 0
  for (let i = 0; i < values.length; i++) if (values[i] > 0 && values[i] < Infinity) n++
  if (n === 0) return 0
  const pos = new Float64Array(n)
  let j = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v > 0 && v < Infinity) pos[j++] = v
  }
  const rank = (p / 100) * (n - 1)
  const lo = Math.floor(rank)
  const a = select(pos, lo)
  if (lo + 1 >= n) return a
  // after the selection every value past `lo` is ≥ a: the next rank is their minimum
  let b = Infinity
  for (let i = lo + 1; i < n; i++) if (pos[i] < b) b = pos[i]
  return a + (b - a) * (rank - lo)
}

/**
 * The k-th smallest value of `a` (0-based), reordering `a` so that a[0..k) ≤ a[k] ≤ a(k..]
 * (Hoare's selection, median-of-three pivots): O(n) on average instead of a sort's O(n log n).
 */
function select(a: Float64Array, k: number): number {
  let lo = 0
  let hi = a.length - 1
  while (lo < hi) {
    const x = a[lo]
    const y = a[(lo + hi) >>> 1]
    const z = a[hi]
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y
    let i = lo
    let j = hi
    while (i <= j) {
      while (a[i] < pivot) i++
      while (a[j] > pivot) j--
      if (i <= j) {
        const t = a[i]
        a[i] = a[j]
        a[j] = t
        i++
        j--
      }
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else return a[k]
  }
  return a[k]
}

/**
 * Builds the intensity scale of a set of cell values.
 * `clipPercentile` (0 < p ≤ 100; 100 = the maximum) sets the saturation level.
 * Scalings: `linear` v/max; `sqrt` √(v/max); `log` ln(1 + v/ref) / ln(1 + max/ref) with
 * ref = max / 10^LOG_DECADES, which is 0 at 0 and 1 at max and spreads three decades evenly.
 */
export function intensityScale(
  values: Float32Array | readonly number[],
  opts: { scaling: Scaling; clipPercentile: number },
): IntensityScale {
  const { scaling, clipPercentile } = opts
  if (!isScaling(scaling)) {
    const list = SCALINGS.join(', ')
    throw new UsageError(
      `--scaling: unknown scaling '${String(scaling)}' (one of ${list})`,
      '--scaling',
    )
  }
  if (!(clipPercentile > 0 && clipPercentile <= 100)) {
    throw new UsageError(
      `--clip-percentile: must be a number in (0, 100], got ${String(clipPercentile)}`,
      '--clip-percentile',
    )
  }
  const max = positivePercentile(values, clipPercentile)
  if (max === 0) return { max: 0, toUnit: () => 0, fromUnit: () => 0 }
  const clamp = (x: number) => (x > 0 ? (x < 1 ? x : 1) : 0)
  switch (scaling) {
    case 'linear':
      return { max, toUnit: (v) => clamp(v / max), fromUnit: (u) => clamp(u) * max }
    case 'sqrt':
      return { max, toUnit: (v) => Math.sqrt(clamp(v / max)), fromUnit: (u) => clamp(u) ** 2 * max }
    case 'log': {
      const ref = max / 10 ** LOG_DECADES
      const denom = Math.log1p(max / ref)
      return {
        max,
        toUnit: (v) => clamp(Math.log1p(clamp(v / max) * (max / ref)) / denom),
        fromUnit: (u) => Math.expm1(clamp(u) * denom) * ref,
      }
    }
  }
}
