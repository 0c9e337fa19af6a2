/**
 * A price-bucketed index of trigger levels (liquidation prices, stops, take-profits, resting limit
 * orders), one entry per id. `below` fires an entry when the price falls to or under its level
 * (long liquidations and stops, buy limits); `above` fires when the price rises to or over it.
 *
 * Buckets are equal steps of log-price, each bucket a doubly linked list on typed arrays. `collect`
 * walks only the buckets between the highest possibly-occupied bucket and the price's bucket, and
 * compares levels only inside the price's own bucket, so a check costs O(buckets crossed + fired +
 * entries in one bucket), not O(entries).
 * @module
 */

const LN_MIN = Math.log(1e-3)
const LN_MAX = Math.log(1e9)

export type TriggerDirection = 'below' | 'above'

export class TriggerIndex {
  readonly direction: TriggerDirection
  private readonly _sign: number
  private readonly _invWidth: number
  private readonly _offset: number
  private readonly _nBuckets: number
  private readonly _head: Int32Array
  private readonly _next: Int32Array
  private readonly _prev: Int32Array
  private readonly _bucketOf: Int32Array
  private readonly _level: Float64Array
  /** Highest bucket that may hold entries (an upper bound; lowered by `collect`). */
  private _top = -1
  private _count = 0

  /** `capacity` = largest id + 1; `bucketLogWidth` = bucket width in log-price (0.0005 ≈ 0.05 %). */
  constructor(capacity: number, direction: TriggerDirection, bucketLogWidth = 0.0005) {
    this.direction = direction
    this._sign = direction === 'below' ? 1 : -1
    this._invWidth = 1 / bucketLogWidth
    this._nBuckets = Math.ceil((LN_MAX - LN_MIN) * this._invWidth) + 2
    // key = sign·ln(p); map [min key, max key] to [0, nBuckets).
    const minKey = this._sign > 0 ? LN_MIN : -LN_MAX
    this._offset = -Math.floor(minKey * this._invWidth)
    this._head = new Int32Array(this._nBuckets).fill(-1)
    this._next = new Int32Array(capacity)
    this._prev = new Int32Array(capacity)
    this._bucketOf = new Int32Array(capacity).fill(-1)
    this._level = new Float64Array(capacity)
  }

  get size(): number {
    return this._count
  }

  has(id: number): boolean {
    return this._bucketOf[id] >= 0
  }

  level(id: number): number {
    return this._level[id]
  }

  private _bucket(price: number): number {
    const b = Math.floor(this._sign * Math.log(price) * this._invWidth) + this._offset
    return b < 0 ? 0 : b >= this._nBuckets ? this._nBuckets - 1 : b
  }

  /** Adds (or moves) `id` at `level` (> 0). The caller makes sure it has not already fired. */
  insert(id: number, level: number): void {
    if (!(level > 0) || !Number.isFinite(level))
      throw new RangeError(`trigger level must be a positive price, got ${level}`)
    if (this._bucketOf[id] >= 0) this.remove(id)
    const b = this._bucket(level)
    const h = this._head[b]
    this._next[id] = h
    this._prev[id] = -1
    if (h >= 0) this._prev[h] = id
    this._head[b] = id
    this._bucketOf[id] = b
    this._level[id] = level
    if (b > this._top) this._top = b
    this._count++
  }

  remove(id: number): void {
    const b = this._bucketOf[id]
    if (b < 0) return
    const n = this._next[id]
    const p = this._prev[id]
    if (p >= 0) this._next[p] = n
    else this._head[b] = n
    if (n >= 0) this._prev[n] = p
    this._bucketOf[id] = -1
    this._count--
  }

  /** True when an entry at `level` would fire at `price`. */
  crosses(level: number, price: number): boolean {
    return this._sign > 0 ? price <= level : price >= level
  }

  /**
   * Removes every entry whose level the price has reached and writes their ids to `out` from
   * `start`; returns the new end. `out` must have room for all entries (capacity).
   */
  collect(price: number, out: Int32Array, start: number): number {
    const pb = this._bucket(price)
    if (this._top < pb) return start
    let k = start
    for (let b = this._top; b > pb; b--) {
      let id = this._head[b]
      while (id >= 0) {
        out[k++] = id
        this._bucketOf[id] = -1
        this._count--
        id = this._next[id]
      }
      this._head[b] = -1
    }
    let id = this._head[pb]
    while (id >= 0) {
      const nx = this._next[id]
      if (this.crosses(this._level[id], price)) {
        out[k++] = id
        this.remove(id)
      }
      id = nx
    }
    this._top = pb
    return k
  }
}
