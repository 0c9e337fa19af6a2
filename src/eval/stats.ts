/** Correlation statistics for the accuracy evaluation. Pure. @module */

/** Pearson correlation; NaN when either series is constant or shorter than `minLength` (3). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>, minLength = 3): number {
  const n = x.length
  if (n !== y.length) throw new RangeError(`pearson: lengths ${n} ≠ ${y.length}`)
  if (n < minLength) return Number.NaN
  let mx = 0
  let my = 0
  for (let i = 0; i < n; i++) {
    mx += x[i]
    my += y[i]
  }
  mx /= n
  my /= n
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx
    const dy = y[i] - my
    sxy += dx * dy
    sxx += dx * dx
    syy += dy * dy
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Number.NaN
}

/** Ranks 1..n with ties given their average rank. */
export function ranks(x: ArrayLike<number>): Float64Array {
  const n = x.length
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b])
  const r = new Float64Array(n)
  let i = 0
  while (i < n) {
    let j = i
    while (j + 1 < n && x[idx[j + 1]] === x[idx[i]]) j++
    const avg = (i + j) / 2 + 1
    for (let k = i; k <= j; k++) r[idx[k]] = avg
    i = j + 1
  }
  return r
}

/** Spearman rank correlation (Pearson on tie-averaged ranks). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return pearson(ranks(x), ranks(y))
}
