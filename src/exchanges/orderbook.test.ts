import { describe, expect, it } from 'vitest'
import { BinanceBookSync, BybitBookSync, OkxBookSync, SnapshotBookSync } from './orderbook.ts'
import type { BookUpdate } from './types.ts'

type L = [number, number][]
function u(seq: number, bids: L, asks: L, extra: Partial<BookUpdate> = {}): BookUpdate {
  return {
    type: 'book_update',
    venue: 'binance',
    symbol: 'BTCUSDT',
    ts: 1,
    localTs: 1,
    kind: 'delta',
    bids,
    asks,
    seq,
    ...extra,
  }
}

describe('BinanceBookSync (U/u/pu + snapshot)', () => {
  it('buffers until the snapshot, drops u < lastUpdateId, bridges U ≤ id ≤ u, then follows pu', () => {
    const s = new BinanceBookSync()
    expect(s.apply(u(989, [[1, 9]], [], { firstSeq: 980, prevSeq: 979 }))).toBe('pending')
    expect(s.apply(u(1005, [[100, 1.2]], [[101, 0]], { firstSeq: 990, prevSeq: 989 }))).toBe(
      'pending',
    )
    expect(
      s.setSnapshot(
        1000,
        [
          [100, 1],
          [99, 2],
        ],
        [
          [101, 0.5],
          [102, 1.5],
        ],
      ),
    ).toBe('applied')
    expect(s.book.top(5)).toEqual({
      bids: [
        [100, 1.2],
        [99, 2],
      ],
      asks: [[102, 1.5]],
    })
    expect(s.apply(u(1010, [[99, 0]], [[103, 1]], { firstSeq: 1006, prevSeq: 1005 }))).toBe(
      'applied',
    )
    expect(s.book.top(5)).toEqual({
      bids: [[100, 1.2]],
      asks: [
        [102, 1.5],
        [103, 1],
      ],
    })
  })

  it('a replayed (old) event is dropped; a pu mismatch is a gap that clears the book', () => {
    const s = new BinanceBookSync()
    s.setSnapshot(1000, [[100, 1]], [[101, 1]])
    expect(s.apply(u(1005, [], [], { firstSeq: 1000, prevSeq: 999 }))).toBe('applied')
    expect(s.apply(u(1005, [], [], { firstSeq: 1000, prevSeq: 999 }))).toBe('dropped')
    expect(s.apply(u(1020, [[100, 5]], [], { firstSeq: 1011, prevSeq: 1010 }))).toBe('gap')
    expect(s.book.bids.size).toBe(0)
    expect(s.needsSnapshot).toBe(true)
  })

  it('a snapshot older than every buffered event is a gap (the events do not bridge it)', () => {
    const s = new BinanceBookSync()
    s.apply(u(1100, [], [], { firstSeq: 1090, prevSeq: 1089 }))
    expect(s.setSnapshot(1000, [[100, 1]], [[101, 1]])).toBe('gap')
  })
})

describe('BybitBookSync', () => {
  it('snapshot resets, deltas apply, replays drop, u = 1 resets', () => {
    const s = new BybitBookSync()
    expect(s.apply(u(5, [[100, 1]], []))).toBe('pending')
    expect(
      s.apply(
        u(
          10,
          [
            [100, 1],
            [99, 2],
          ],
          [[101, 1]],
          { kind: 'snapshot' },
        ),
      ),
    ).toBe('applied')
    expect(s.apply(u(11, [[100, 0]], []))).toBe('applied')
    expect(s.apply(u(11, [[98, 1]], []))).toBe('dropped')
    expect(s.book.top(5).bids).toEqual([[99, 2]])
    expect(s.apply(u(1, [[50, 1]], [[51, 1]]))).toBe('applied')
    expect(s.book.top(5)).toEqual({ bids: [[50, 1]], asks: [[51, 1]] })
  })
})

describe('OkxBookSync', () => {
  it('follows the prevSeqId chain, accepts heartbeats and a lower restarted seqId, gaps otherwise', () => {
    const s = new OkxBookSync()
    expect(s.apply(u(10, [[100, 1]], [[101, 1]], { kind: 'snapshot', prevSeq: -1 }))).toBe(
      'applied',
    )
    expect(s.apply(u(15, [[100, 2]], [], { prevSeq: 10 }))).toBe('applied')
    expect(s.apply(u(15, [], [], { prevSeq: 15 }))).toBe('applied')
    expect(s.apply(u(3, [[99, 1]], [], { prevSeq: 15 }))).toBe('applied')
    expect(s.book.top(5).bids).toEqual([
      [100, 2],
      [99, 1],
    ])
    expect(s.apply(u(9, [], [], { prevSeq: 7 }))).toBe('gap')
    expect(s.book.bids.size).toBe(0)
    expect(s.apply(u(12, [], [], { prevSeq: 9 }))).toBe('pending')
  })
})

describe('SnapshotBookSync (Hyperliquid)', () => {
  it('replaces on each snapshot and drops older ones', () => {
    const s = new SnapshotBookSync()
    expect(s.apply(u(200, [[100, 1]], [[101, 1]], { kind: 'snapshot' }))).toBe('applied')
    expect(s.apply(u(100, [[90, 1]], [], { kind: 'snapshot' }))).toBe('dropped')
    expect(s.book.top(5).bids).toEqual([[100, 1]])
  })
})
