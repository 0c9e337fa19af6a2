import { describe, expect, it } from 'vitest'
import type { Bar } from '../../core/types.ts'
import { BarRollup } from './rollup.ts'

const M = 60_000
const T = Date.UTC(2026, 0, 1, 10, 0)
const bar = (i: number, o: number, h: number, l: number, c: number, v: number): Bar => ({
  ts: T + i * M,
  open: o,
  high: h,
  low: l,
  close: c,
  volume: v,
})

describe('BarRollup (1m → 5m)', () => {
  it('closes the 5m bar with the 5th closed minute, with OHLC and summed volume', () => {
    const r = new BarRollup(5 * M)
    const mins = [
      bar(0, 100, 103, 99, 101, 1),
      bar(1, 101, 102, 97, 98, 2),
      bar(2, 98, 99, 96, 99, 3),
      bar(3, 99, 105, 98, 104, 4),
      bar(4, 104, 104, 100, 102, 5),
    ]
    const outs = mins.flatMap((b) => r.push(b, M, true))
    expect(outs.slice(0, 4).every((o) => !o.closed)).toBe(true)
    expect(outs[4]).toEqual({
      closed: true,
      bar: { ts: T, open: 100, high: 105, low: 96, close: 102, volume: 15 },
    })
  })

  it('reports a forming bucket including the forming minute, without double-counting it', () => {
    const r = new BarRollup(5 * M)
    r.push(bar(0, 100, 101, 99, 100, 1), M, true)
    const f1 = r.push(bar(1, 100, 110, 100, 108, 2), M, false)
    expect(f1).toEqual([
      { closed: false, bar: { ts: T, open: 100, high: 110, low: 99, close: 108, volume: 3 } },
    ])
    const f2 = r.push(bar(1, 100, 110, 100, 107, 2.5), M, false)
    expect(f2[0].bar.volume).toBe(3.5)
    const c = r.push(bar(1, 100, 110, 100, 107, 2.5), M, true)
    expect(c[0].bar.volume).toBe(3.5)
  })

  it('closes a bucket whose last minute never came when the next bucket starts, and drops late minutes', () => {
    const r = new BarRollup(5 * M)
    r.push(bar(0, 100, 101, 99, 100, 1), M, true)
    r.push(bar(1, 100, 102, 99, 101, 1), M, true)
    const next = r.push(bar(5, 101, 101, 100, 100, 1), M, false)
    expect(next[0]).toMatchObject({ closed: true, bar: { ts: T, close: 101, volume: 2 } })
    expect(next[1]).toMatchObject({ closed: false, bar: { ts: T + 5 * M } })
    expect(r.push(bar(3, 1, 1, 1, 1, 1), M, true)).toEqual([])
  })
})
