/**
 * Local order books kept in sync with each venue's sequence rules:
 * - Binance: buffer `depthUpdate`s, take a REST snapshot (`lastUpdateId`), drop events with
 *   `u < lastUpdateId`, the first applied must have `U ≤ lastUpdateId ≤ u`, then every `pu` must
 *   equal the previous `u`; otherwise resync from a new snapshot.
 * - Bybit: `snapshot` (or any message with `u = 1`, a service restart) resets, `delta`s apply;
 *   a delta whose `u` is not above the last one is a replay and is dropped.
 * - OKX: a snapshot has `prevSeqId = -1`; each update's `prevSeqId` must equal the last `seqId`
 *   (heartbeat updates keep `seqId == prevSeqId`; after maintenance `seqId` may restart lower and
 *   is accepted when `prevSeqId` matches); otherwise resubscribe for a new snapshot.
 * - Hyperliquid: every `l2Book` message is a full snapshot; older ones (by time) are dropped.
 * Sizes are absolute; size 0 deletes a level; deleting an unknown level is normal.
 * @module
 */
import type { BookUpdate } from './types.ts'

type Level = readonly [number, number]

export class LocalBook {
  readonly bids = new Map<number, number>()
  readonly asks = new Map<number, number>()

  clear(): void {
    this.bids.clear()
    this.asks.clear()
  }

  apply(bids: readonly Level[], asks: readonly Level[]): void {
    for (const [p, q] of bids) {
      if (q === 0) this.bids.delete(p)
      else this.bids.set(p, q)
    }
    for (const [p, q] of asks) {
      if (q === 0) this.asks.delete(p)
      else this.asks.set(p, q)
    }
  }

  /** Best `n` levels per side, best first. */
  top(n: number): { bids: [number, number][]; asks: [number, number][] } {
    const bids = [...this.bids.entries()].sort((a, b) => b[0] - a[0]).slice(0, n)
    const asks = [...this.asks.entries()].sort((a, b) => a[0] - b[0]).slice(0, n)
    return { bids, asks }
  }
}

/**
 * `applied` = the book changed and is consistent; `pending` = waiting for a snapshot;
 * `dropped` = stale/replayed message ignored; `gap` = sequence broken, the book was cleared and the
 * feed must resync (new snapshot or resubscribe).
 */
export type SyncResult = 'applied' | 'pending' | 'dropped' | 'gap'

export interface BookSync {
  readonly book: LocalBook
  apply(u: BookUpdate): SyncResult
  reset(): void
}

/** Binance USDⓈ-M diff-depth rules (U/u/pu + REST snapshot). */
export class BinanceBookSync implements BookSync {
  readonly book = new LocalBook()
  private _buffer: BookUpdate[] = []
  private _lastU: number | undefined
  private _snapshotId: number | undefined

  reset(): void {
    this.book.clear()
    this._buffer = []
    this._lastU = undefined
    this._snapshotId = undefined
  }

  /** True while no snapshot is applied (events are buffered). */
  get needsSnapshot(): boolean {
    return this._snapshotId === undefined
  }

  apply(u: BookUpdate): SyncResult {
    if (this._snapshotId === undefined) {
      this._buffer.push(u)
      if (this._buffer.length > 10_000) this._buffer.shift()
      return 'pending'
    }
    return this._step(u)
  }

  /** Applies a REST snapshot, then the buffered events; `gap` when they do not bridge it. */
  setSnapshot(lastUpdateId: number, bids: readonly Level[], asks: readonly Level[]): SyncResult {
    this.book.clear()
    this.book.apply(bids, asks)
    this._snapshotId = lastUpdateId
    this._lastU = undefined
    const buffered = this._buffer
    this._buffer = []
    let result: SyncResult = 'applied'
    for (const u of buffered) {
      const r = this._step(u)
      if (r === 'gap') return 'gap'
      if (r === 'applied') result = 'applied'
    }
    return result
  }

  private _step(u: BookUpdate): SyncResult {
    const snap = this._snapshotId ?? 0
    if (u.seq < snap) return 'dropped'
    if (this._lastU === undefined) {
      const first = u.firstSeq ?? u.seq
      if (!(first <= snap && snap <= u.seq)) return this._gap()
    } else if (u.prevSeq !== this._lastU) {
      if (u.seq <= this._lastU) return 'dropped'
      return this._gap()
    }
    this.book.apply(u.bids, u.asks)
    this._lastU = u.seq
    return 'applied'
  }

  private _gap(): SyncResult {
    this.reset()
    return 'gap'
  }
}

/** Bybit v5 orderbook rules (snapshot/delta, u = 1 reset). */
export class BybitBookSync implements BookSync {
  readonly book = new LocalBook()
  private _lastU: number | undefined

  reset(): void {
    this.book.clear()
    this._lastU = undefined
  }

  apply(u: BookUpdate): SyncResult {
    if (u.kind === 'snapshot' || u.seq === 1) {
      this.book.clear()
      this.book.apply(u.bids, u.asks)
      this._lastU = u.seq
      return 'applied'
    }
    if (this._lastU === undefined) return 'pending'
    if (u.seq <= this._lastU) return 'dropped'
    this.book.apply(u.bids, u.asks)
    this._lastU = u.seq
    return 'applied'
  }
}

/** OKX v5 books rules (seqId/prevSeqId chain). */
export class OkxBookSync implements BookSync {
  readonly book = new LocalBook()
  private _lastSeq: number | undefined

  reset(): void {
    this.book.clear()
    this._lastSeq = undefined
  }

  apply(u: BookUpdate): SyncResult {
    if (u.kind === 'snapshot') {
      this.book.clear()
      this.book.apply(u.bids, u.asks)
      this._lastSeq = u.seq
      return 'applied'
    }
    if (this._lastSeq === undefined) return 'pending'
    if (u.prevSeq !== this._lastSeq) {
      // A replay of something already applied is harmless; anything else breaks the chain.
      if (u.seq <= this._lastSeq && u.prevSeq !== undefined && u.prevSeq < this._lastSeq)
        return 'dropped'
      this.reset()
      return 'gap'
    }
    this.book.apply(u.bids, u.asks)
    this._lastSeq = u.seq
    return 'applied'
  }
}

/** Hyperliquid: full snapshots only. */
export class SnapshotBookSync implements BookSync {
  readonly book = new LocalBook()
  private _lastSeq = -Infinity

  reset(): void {
    this.book.clear()
    this._lastSeq = -Infinity
  }

  apply(u: BookUpdate): SyncResult {
    if (u.seq < this._lastSeq) return 'dropped'
    this.book.clear()
    this.book.apply(u.bids, u.asks)
    this._lastSeq = u.seq
    return 'applied'
  }
}
