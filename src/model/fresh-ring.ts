/**
 * A FIFO of recent seeds (book, bin, stored amount, epoch, time) so the freshness layer can drop
 * each seed exactly when it leaves the window. Growable typed arrays, amortised O(1).
 * @module
 */
export class FreshRing {
  private _book = new Int32Array(1024)
  private _bin = new Int32Array(1024)
  private _stored = new Float64Array(1024)
  private _epoch = new Float64Array(1024)
  private _ts = new Float64Array(1024)
  private _head = 0
  private _len = 0

  get length(): number {
    return this._len
  }

  push(book: number, bin: number, stored: number, epoch: number, ts: number): void {
    if (this._len === this._book.length) this.grow()
    const i = (this._head + this._len) % this._book.length
    this._book[i] = book
    this._bin[i] = bin
    this._stored[i] = stored
    this._epoch[i] = epoch
    this._ts[i] = ts
    this._len++
  }

  /** Pops every entry with ts < cutoff, oldest first. */
  drain(
    cutoff: number,
    fn: (book: number, bin: number, stored: number, epoch: number, ts: number) => void,
  ): void {
    const cap = this._book.length
    while (this._len > 0 && this._ts[this._head] < cutoff) {
      const i = this._head
      fn(this._book[i], this._bin[i], this._stored[i], this._epoch[i], this._ts[i])
      this._head = (i + 1) % cap
      this._len--
    }
  }

  /** Shifts every stored bin index (after the grid was re-homed). */
  shiftBins(shift: number): void {
    const cap = this._book.length
    for (let k = 0; k < this._len; k++) this._bin[(this._head + k) % cap] += shift
  }

  private grow(): void {
    const cap = this._book.length
    const n = cap * 2
    const copy = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(n)
      for (let k = 0; k < this._len; k++) b[k] = a[(this._head + k) % cap]
      return b
    }
    this._book = copy(this._book, (m) => new Int32Array(m))
    this._bin = copy(this._bin, (m) => new Int32Array(m))
    this._stored = copy(this._stored, (m) => new Float64Array(m))
    this._epoch = copy(this._epoch, (m) => new Float64Array(m))
    this._ts = copy(this._ts, (m) => new Float64Array(m))
    this._head = 0
  }
}
