import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatReport } from './report.ts'
import { loadDataDir } from './load-dir.ts'

const REAL = path.resolve(import.meta.dirname, '../../../shared/data/real')
const present = existsSync(REAL)
const title = present
  ? 'real data folders (../shared/data/real)'
  : `real data folders: SKIPPED, ${REAL} is missing (CI puts shared/ beside the repo)`

/** Data lines of a file (lines minus the header), counted here independently of the importer. */
function dataLines(folder: string, file: string): number {
  const text = readFileSync(path.join(REAL, folder, file), 'utf8')
  return text.split('\n').filter((l) => l.trim() !== '').length - 1
}

describe.skipIf(!present)(title, () => {
  it('w1: 30m spot klines without volume, Binance OI, funding, aggregated liquidations', async () => {
    const md = await loadDataDir(path.join(REAL, 'w1-2026-05-30m'))
    expect(md.symbol).toBe('BTCUSDT')
    expect(md.timeframeMs).toBe(30 * 60_000)
    expect(md.bars.length).toBe(437)
    expect(md.bars.length).toBe(dataLines('w1-2026-05-30m', 'BTCUSDT-30m.csv'))
    expect(md.bars[0]).toEqual({
      ts: 1779357600000,
      open: 77633.03,
      high: 77678.01,
      low: 77190.09,
      close: 77383.3,
      volume: undefined,
      quoteVolume: undefined,
      takerBuyVolume: undefined,
      takerBuyQuoteVolume: undefined,
    })
    expect(md.bars.at(-1)?.ts).toBe(1780142400000)
    expect(md.bars.every((b) => b.volume === undefined)).toBe(true)
    expect(md.openInterest.length).toBe(dataLines('w1-2026-05-30m', 'BTCUSDT-metrics.csv'))
    expect(md.openInterest[0]).toEqual({
      ts: Date.UTC(2026, 4, 21, 10, 30),
      oi: 100865.443,
      oiUsd: 7805300840,
      venue: 'binance',
    })
    expect(md.funding.length).toBe(437)
    expect(md.funding[0]).toEqual({ ts: 1779359400000, rate: 0.00005762, intervalHours: 8 })
    expect(md.liquidationBars.length).toBe(437)
    expect(md.liquidationBars[0]).toEqual({
      ts: 1779357600000,
      intervalS: 1800,
      venues: 'binance+bybit+okx',
      longUsd: 553140.26,
      shortUsd: 10549.66,
    })
    expect(md.report.inputsUsed).toEqual({
      bars: true,
      volume: false,
      takerSplit: false,
      openInterest: true,
      funding: true,
      liquidations: true,
    })
    expect(md.report.issues).toEqual([])
    expect(md.report.skippedRows).toBe(0)
    const text = formatReport(md.report)
    expect(text).toContain('no taker split: aggressor tilt off')
    expect(text).toContain('no volume')
  })

  it('w2: 1h spot klines with taker split, no open interest', async () => {
    const md = await loadDataDir(path.join(REAL, 'w2-2025-11-1h'))
    expect(md.timeframeMs).toBe(3_600_000)
    expect(md.bars.length).toBe(1674)
    expect(md.bars.length).toBe(dataLines('w2-2025-11-1h', 'BTCUSDT-1h.csv'))
    expect(md.bars[0].ts).toBe(1763877600000)
    expect(md.bars.at(-1)?.ts).toBe(1769900400000)
    expect(md.bars[0].volume).toBe(546.56485)
    expect(md.bars[0].takerBuyVolume).toBe(226.67433)
    expect(md.bars[0].quoteVolume).toBe(47081215.0352601)
    expect(md.openInterest).toEqual([])
    expect(md.funding).toEqual([])
    expect(md.liquidationBars.length).toBe(1674)
    expect(md.report.inputsUsed).toMatchObject({
      volume: true,
      takerSplit: true,
      openInterest: false,
      funding: false,
      liquidations: true,
    })
    expect(formatReport(md.report)).toContain('no open interest: seeding from volume')
  })

  it('w3: Bybit liquidation events with the price outliers flagged', async () => {
    const dir = path.join(REAL, 'w3-2024-bybit-events')
    const md = await loadDataDir(dir)
    const lines = dataLines('w3-2024-bybit-events', 'liquidations-bybit.csv')
    expect(lines).toBe(30630)
    expect(md.bars.length).toBe(2976)
    expect(md.bars[0].ts).toBe(1706745600000)
    expect(md.bars.at(-1)?.ts).toBe(1717455600000)
    // Lines found by a separate script: price > 1.03 × high or < 0.97 × low of the 1h kline.
    const expected = [9947, 10893, 10894, 10895, 14665, 16220, 17244, 19777, 22294]
    expect(md.report.outliers.map((o) => o.line)).toEqual(expected)
    expect(md.report.outliers[4].event.price).toBe(86108.7)
    expect(md.liquidationEvents.length).toBe(lines - expected.length)
    expect(md.liquidationEvents[0]).toEqual({
      ts: 1707756333999,
      venue: 'bybit',
      symbol: 'BTCUSDT',
      side: 'long',
      price: 49306.3,
      qty: 1.496,
      usd: 49306.3 * 1.496,
    })
    expect(md.liquidationEvents.at(-1)?.ts).toBe(1717367186001)
    expect(md.report.inputsUsed).toMatchObject({ openInterest: false, liquidations: true })
    expect(formatReport(md.report)).toContain('9 liquidation event(s)')

    const all = await loadDataDir(dir, { keepOutliers: true })
    expect(all.liquidationEvents.length).toBe(lines)
    expect(all.report.outliers.length).toBe(9)
  })

  it('w4: 5m perp klines with volume but no taker split, 8h funding, no liquidations', async () => {
    const md = await loadDataDir(path.join(REAL, 'w4-2025-10-5m'))
    expect(md.timeframeMs).toBe(300_000)
    expect(md.bars.length).toBe(11123)
    expect(md.bars.length).toBe(dataLines('w4-2025-10-5m', 'BTCUSDT-5m.csv'))
    expect(md.bars[0].ts).toBe(1758240000000)
    expect(md.bars.at(-1)?.ts).toBe(1761576600000)
    expect(md.bars.every((b) => b.volume !== undefined && b.takerBuyVolume === undefined)).toBe(
      true,
    )
    expect(md.funding.length).toBe(115)
    expect(md.funding[0]).toEqual({ ts: 1758240000000, rate: -2.31e-6, intervalHours: 8 })
    expect(md.report.inputsUsed).toEqual({
      bars: true,
      volume: true,
      takerSplit: false,
      openInterest: false,
      funding: true,
      liquidations: false,
    })
    const text = formatReport(md.report)
    expect(text).toContain('no taker split: aggressor tilt off')
    expect(text).toContain('no open interest: seeding from volume')
  })

  it('from/to keep bars with from <= ts < to', async () => {
    const from = 1758240000000 + 10 * 300_000
    const to = from + 24 * 300_000
    const md = await loadDataDir(path.join(REAL, 'w4-2025-10-5m'), { from, to })
    expect(md.bars.length).toBe(24)
    expect(md.bars[0].ts).toBe(from)
    expect(md.bars.at(-1)?.ts).toBe(to - 300_000)
  })
})
