import { describe, expect, it } from 'vitest'
import type { MarketData } from '../core/types.ts'
import { adverseMoveBaseline, priorDayBaseline } from './baselines.ts'
import { realizedPerBar } from './evaluate.ts'
import { pearson, ranks, spearman } from './stats.ts'

describe('stats', () => {
  it('computes Pearson and Spearman on known series', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12)
    expect(pearson([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12)
    // Spearman is 1 for any monotone relation, Pearson is not.
    expect(spearman([1, 2, 3, 4, 5], [1, 8, 27, 64, 125])).toBeCloseTo(1, 12)
    expect(pearson([1, 2, 3, 4, 5], [1, 8, 27, 64, 125])).toBeLessThan(0.99)
    expect(Number.isNaN(pearson([1, 1, 1], [1, 2, 3]))).toBe(true)
  })
  it('averages tied ranks', () => {
    expect(Array.from(ranks([10, 20, 20, 30]))).toEqual([1, 2.5, 2.5, 4])
  })
})

const H = 3_600_000
const bar = (i: number, open: number, high: number, low: number, oi?: number) => ({
  ts: Date.UTC(2025, 0, 1) + i * H,
  open,
  high,
  low,
  close: open,
  oi,
})

describe('baselines', () => {
  it('adverse move × OI uses the OI at the bar open', () => {
    const rows = adverseMoveBaseline([bar(0, 100, 110, 90, 5), bar(1, 100, 102, 95, 7)])
    expect(rows[1].longUsd).toBeCloseTo(0.05 * 5 * 100, 9)
    expect(rows[1].shortUsd).toBeCloseTo(0.02 * 5 * 100, 9)
  })
  it('beyond the prior UTC day uses the previous calendar day extremes, × 1 without OI', () => {
    const day1 = Array.from({ length: 24 }, (_, i) => bar(i, 100, 105, 95))
    const rows = priorDayBaseline([...day1, bar(24, 100, 108, 90), bar(25, 100, 104, 96)])
    expect(rows[0].longUsd).toBe(0) // first day: no prior day
    expect(rows[24].longUsd).toBeCloseTo(0.05, 12)
    expect(rows[24].shortUsd).toBeCloseTo(0.03, 12)
    expect(rows[25].longUsd).toBe(0)
  })
})

describe('realized liquidations per bar', () => {
  const base: MarketData = {
    symbol: 'BTCUSDT',
    timeframeMs: H,
    bars: Array.from({ length: 60 }, (_, i) => bar(i, 100, 101, 99)),
    openInterest: [],
    funding: [],
    liquidationBars: [],
    liquidationEvents: [],
    report: {
      files: [],
      inputsUsed: {
        bars: true,
        volume: false,
        takerSplit: false,
        openInterest: false,
        funding: false,
        liquidations: true,
      },
      issues: [],
      skippedRows: 0,
    },
  }
  const ev = (h: number, side: 'long' | 'short', usd: number) => ({
    ts: Date.UTC(2025, 0, 1) + h * H + 60_000,
    venue: 'bybit',
    symbol: 'BTCUSDT',
    side,
    price: 100,
    qty: usd / 100,
    usd,
  })

  it('sums events per bar and leaves a long silent hole out instead of counting zeros', () => {
    const events = [
      ev(0, 'long', 10),
      ev(1, 'short', 5),
      ev(1, 'long', 1),
      ev(3, 'long', 2),
      ev(40, 'long', 7),
      ev(41, 'short', 3),
    ]
    const r = realizedPerBar({ ...base, liquidationEvents: events })
    expect(r.get(base.bars[1].ts)).toEqual({ long: 1, short: 5 })
    expect(r.get(base.bars[2].ts)).toEqual({ long: 0, short: 0 }) // inside coverage, no event
    expect(r.has(base.bars[20].ts)).toBe(false) // 37 h without events: a hole
    expect(r.get(base.bars[40].ts)).toEqual({ long: 7, short: 0 })
  })
})
