/**
 * Book sequencing of a feed: one `BookSync` per symbol (created on first use by the feed's
 * `createBookSync` hook), book updates applied in sequence, the top `bookDepth` levels per side
 * emitted as a BookEvent after each applied update, and a broken sequence reported to the feed's
 * `onBookGap` hook (the book was cleared: fetch a snapshot or resubscribe).
 * @module
 */
import type { FeedOptions } from './feed-types.ts'
import type { BookSync } from './orderbook.ts'
import type { StreamTracker } from './stream-status.ts'
import type { BookUpdate } from './types.ts'

/** The feed hooks the books call. */
export interface BookHooks {
  create(symbol: string): BookSync | undefined
  onGap(symbol: string): void
}

export class FeedBooks {
  private readonly _books = new Map<string, BookSync>()
  private _gaps = 0

  constructor(
    private readonly _opts: FeedOptions,
    private readonly _hooks: BookHooks,
  ) {}

  /** The book of `symbol`, created by the hook on first use; undefined when the feed has none. */
  sync(symbol: string): BookSync | undefined {
    let s = this._books.get(symbol)
    if (!s) {
      s = this._hooks.create(symbol)
      if (s) this._books.set(symbol, s)
    }
    return s
  }

  /** Emits the top of the book of `symbol` (nothing when it has no book yet). */
  emit(symbol: string, ts: number, localTs: number): void {
    const sync = this._books.get(symbol)
    if (!sync) return
    const { bids, asks } = sync.book.top(this._opts.bookDepth)
    this._opts.emit({ type: 'book', venue: this._opts.venue, symbol, ts, localTs, bids, asks })
  }

  /** Clears every book (after a disconnect). */
  reset(): void {
    for (const b of this._books.values()) b.reset()
  }

  /** Applies `u` to its book; `t` is the book stream's tracker (undefined: not served). */
  apply(u: BookUpdate, t: StreamTracker | undefined): void {
    const sync = t ? this.sync(u.symbol) : undefined
    if (!t || !sync) return
    t.onMessage(u.localTs)
    const r = sync.apply(u)
    if (r === 'applied') this.emit(u.symbol, u.ts, u.localTs)
    else if (r === 'gap') {
      this._gaps++
      t.note = `book resynced ${this._gaps}×`
      this._hooks.onGap(u.symbol)
    } else if (r === 'dropped') t.duplicates++
  }
}
