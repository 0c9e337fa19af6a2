/**
 * Binary searches over time-ordered rows (`ts` ascending), and a Map kept to a size.
 * @module
 */

/** Index of the first row of `xs[0..end)` with ts ≥ t (`end` when none). */
export function lowerBound(xs: readonly { ts: number }[], t: number, end = xs.length): number {
  let lo = 0
  let hi = end
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (xs[mid].ts < t) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Index of the first row of `xs[0..end)` with ts > t (`end` when none). */
export function upperBound(xs: readonly { ts: number }[], t: number, end = xs.length): number {
  let lo = 0
  let hi = end
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (xs[mid].ts <= t) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Sets `key` in `map` and drops the oldest entries (insertion order) beyond `max`. For an LRU,
 * delete a key before setting it again on a hit.
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.set(key, value)
  while (map.size > max) {
    const oldest = map.keys().next().value
    if (oldest === undefined) break
    map.delete(oldest)
  }
}
