/**
 * A binary min-heap of timed events on typed arrays: `(time, trader, stamp)`. The stamp lets the
 * caller drop stale events lazily (a trader's scheduled exit that a stop already made moot).
 * Ties pop in a fixed order for a fixed push sequence, so simulations stay deterministic.
 * @module
 */

export class EventHeap {
  private _time: Float64Array
  private _trader: Int32Array
  private _stamp: Int32Array
  private _size = 0

  constructor(capacity = 1024) {
    this._time = new Float64Array(capacity)
    this._trader = new Int32Array(capacity)
    this._stamp = new Int32Array(capacity)
  }

  get size(): number {
    return this._size
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTime(): number {
    return this._size > 0 ? this._time[0] : Infinity
  }

  push(time: number, trader: number, stamp: number): void {
    if (this._size === this._time.length) this._grow()
    let i = this._size++
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (this._time[parent] <= time) break
      this._time[i] = this._time[parent]
      this._trader[i] = this._trader[parent]
      this._stamp[i] = this._stamp[parent]
      i = parent
    }
    this._time[i] = time
    this._trader[i] = trader
    this._stamp[i] = stamp
  }

  /** Removes the earliest event; its trader and stamp are then in `poppedTrader`/`poppedStamp`. */
  pop(): number {
    if (this._size === 0) throw new RangeError('EventHeap.pop on an empty heap')
    const t = this._time[0]
    this.poppedTrader = this._trader[0]
    this.poppedStamp = this._stamp[0]
    const n = --this._size
    if (n > 0) {
      const lt = this._time[n]
      const ltr = this._trader[n]
      const ls = this._stamp[n]
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        if (l >= n) break
        const r = l + 1
        const c = r < n && this._time[r] < this._time[l] ? r : l
        if (this._time[c] >= lt) break
        this._time[i] = this._time[c]
        this._trader[i] = this._trader[c]
        this._stamp[i] = this._stamp[c]
        i = c
      }
      this._time[i] = lt
      this._trader[i] = ltr
      this._stamp[i] = ls
    }
    return t
  }

  poppedTrader = -1
  poppedStamp = -1

  private _grow(): void {
    const cap = this._time.length * 2
    const t = new Float64Array(cap)
    t.set(this._time)
    const tr = new Int32Array(cap)
    tr.set(this._trader)
    const s = new Int32Array(cap)
    s.set(this._stamp)
    this._time = t
    this._trader = tr
    this._stamp = s
  }
}
