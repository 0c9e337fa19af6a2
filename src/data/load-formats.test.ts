import { strToU8, zipSync } from 'fflate'
import { afterEach, describe, expect, it } from 'vitest'
import { DataError } from '../core/errors.ts'
import { loadDataDir, type LoadOptions } from './load-dir.ts'
import { formatReport } from './report.ts'
import { klineCsv, klineRow, simpleBar, tempDataDir } from './test-utils.ts'

const M = 60_000
const T0 = Date.UTC(2024, 0, 1)
const DAY = 86_400_000
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

async function load(files: Record<string, string | Uint8Array>, opts?: LoadOptions) {
  const { dir, cleanup } = await tempDataDir(files)
  cleanups.push(cleanup)
  return loadDataDir(dir, opts)
}

const bars = (start: number, n: number, step = M): string[] =>
  Array.from({ length: n }, (_, i) => klineRow(simpleBar(start + i * step), step))

describe('accepted files', () => {
  it('headerless and header files give the same bars', async () => {
    const a = await load({ 'BTCUSDT-1m.csv': klineCsv(bars(T0, 4), true) })
    const b = await load({ 'BTCUSDT-1m.csv': klineCsv(bars(T0, 4), false) })
    expect(b.bars).toEqual(a.bars)
    expect(a.bars[1]).toEqual({
      ts: T0 + M,
      open: 100,
      high: 102,
      low: 98,
      close: 101,
      volume: 5,
      quoteVolume: 500,
      takerBuyVolume: 2,
      takerBuyQuoteVolume: 200,
    })
  })

  it('daily files (zip and csv) are joined in time order; the hole between them is a gap', async () => {
    const day1 = klineCsv(bars(T0, 3))
    const day2 = klineCsv(bars(T0 + DAY, 3), false)
    const md = await load({
      'BTCUSDT-1m-2024-01-02.csv': day2,
      'BTCUSDT-1m-2024-01-01.zip': zipSync({ 'BTCUSDT-1m-2024-01-01.csv': strToU8(day1) }),
    })
    expect(md.bars.map((b) => b.ts)).toEqual([
      T0,
      T0 + M,
      T0 + 2 * M,
      T0 + DAY,
      T0 + DAY + M,
      T0 + DAY + 2 * M,
    ])
    expect(md.report.files).toEqual(['BTCUSDT-1m-2024-01-01.zip', 'BTCUSDT-1m-2024-01-02.csv'])
    const gaps = md.report.issues.filter((i) => i.kind === 'gap')
    expect(gaps).toEqual([
      expect.objectContaining({ file: 'BTCUSDT-1m-2024-01-02.csv', line: 1, count: 1437 }),
    ])
  })

  it('an error in a zip names the zip and the line', async () => {
    const rows = bars(T0, 3)
    rows[2] = rows[2].replace(',98,', ',oops,')
    const zip = zipSync({ 'x.csv': strToU8(klineCsv(rows)) })
    const err = await load({ 'BTCUSDT-1m-2024-01-01.zip': zip }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DataError)
    expect((err as DataError).message).toBe(
      "BTCUSDT-1m-2024-01-01.zip:4: field 'low' is 'oops', not a number",
    )
  })

  it('microsecond open times (spot exports since 2025) are converted to ms', async () => {
    const rows = bars(T0, 3).map((r) => {
      const [t, ...rest] = r.split(',')
      return [`${t}000`, ...rest.slice(0, 5), `${rest[5]}999`, ...rest.slice(6)].join(',')
    })
    const md = await load({ 'BTCUSDT-1m.csv': klineCsv(rows, false) })
    expect(md.bars.map((b) => b.ts)).toEqual([T0, T0 + M, T0 + 2 * M])
    expect(md.report.notes).toContain('BTCUSDT-1m.csv: 3 time(s) in microseconds, converted to ms')
  })

  it('empty cells stay undefined, never 0', async () => {
    const row = klineRow({ ts: T0, open: 1, high: 2, low: 0.5, close: 1.5 })
    const md = await load({ 'BTCUSDT-1m.csv': klineCsv([row, klineRow(simpleBar(T0 + M))]) })
    expect(md.bars[0].volume).toBeUndefined()
    expect(md.bars[0].takerBuyVolume).toBeUndefined()
    expect(md.report.inputsUsed.volume).toBe(false)
    expect(md.report.issues).toEqual([
      expect.objectContaining({ kind: 'missing-column', line: 2, count: 1 }),
      expect.objectContaining({ kind: 'missing-column', line: 2, count: 1 }),
    ])
  })

  it('several intervals: the finest is loaded unless another is asked for', async () => {
    const files = {
      'BTCUSDT-1m.csv': klineCsv(bars(T0, 10)),
      'BTCUSDT-5m.csv': klineCsv(bars(T0, 2, 5 * M)),
      'notes.txt': 'hello',
      'other.csv': 'a,b\n1,2\n',
    }
    const md = await load(files)
    expect(md.timeframeMs).toBe(M)
    expect(md.bars.length).toBe(10)
    expect(md.report.ignored).toEqual([
      { name: 'notes.txt', reason: 'not a .csv or .zip file' },
      { name: 'other.csv', reason: 'name not recognised and no known header' },
      { name: 'BTCUSDT-5m.csv', reason: 'kline interval 5m not loaded' },
    ])
    expect(md.report.notes[0]).toContain('klines at 2 intervals (1m, 5m): loaded 1m (the finest)')
    const five = await load(files, { interval: '5m' })
    expect(five.timeframeMs).toBe(5 * M)
    expect(five.bars.length).toBe(2)
    const text = formatReport(md.report)
    expect(text).toContain('files ignored (3): notes.txt (not a .csv or .zip file)')
  })

  it('metrics, funding and liquidation CSVs by name; symbol from the names or the option', async () => {
    const md = await load(
      {
        'ETHUSDT-1m.csv': klineCsv(bars(T0, 3)),
        'ETHUSDT-metrics-2024-01-01.csv':
          'create_time,symbol,sum_open_interest,sum_open_interest_value\n' +
          '2024-01-01 00:05:00,ETHUSDT,1000.5,2001000\n2024-01-01 00:00:00,ETHUSDT,999,\n',
        'ETHUSDT-fundingRate-2024-01.csv': `${T0},8,0.0001\n${T0 + 8 * 3600_000},8,-2e-5\n`,
        'liquidations-okx.csv': `ts,exchange,symbol,side,price,qty\n${T0 + 5},okx,ETHUSDT,short,101,2\n`,
        'liquidations-aggregated.csv': `ts,interval_s,exchanges,long_usd,short_usd\n${T0},60,okx,0,202\n`,
      },
      { symbol: 'ETHUSDT' },
    )
    expect(md.symbol).toBe('ETHUSDT')
    expect(md.openInterest).toEqual([
      { ts: T0, oi: 999, oiUsd: undefined, venue: 'binance' },
      { ts: T0 + 5 * M, oi: 1000.5, oiUsd: 2001000, venue: 'binance' },
    ])
    expect(md.report.issues).toEqual([
      expect.objectContaining({ kind: 'out-of-order', file: 'ETHUSDT-metrics-2024-01-01.csv' }),
    ])
    expect(md.funding.map((f) => f.rate)).toEqual([0.0001, -2e-5])
    expect(md.liquidationEvents).toEqual([
      { ts: T0 + 5, venue: 'okx', symbol: 'ETHUSDT', side: 'short', price: 101, qty: 2, usd: 202 },
    ])
    expect(md.liquidationBars[0].shortUsd).toBe(202)
    expect(md.report.inputsUsed).toMatchObject({
      openInterest: true,
      funding: true,
      liquidations: true,
    })
  })

  it('a liquidation side other than long/short is an error naming the field', async () => {
    const err = await load({
      'BTCUSDT-1m.csv': klineCsv(bars(T0, 2)),
      'liquidations-binance.csv': `ts,exchange,symbol,side,price,qty\n${T0},binance,BTCUSDT,SELL,100,1\n`,
    }).catch((e: unknown) => e)
    expect((err as DataError).message).toBe(
      "liquidations-binance.csv:2: field 'side' is 'SELL', expected 'long' or 'short' (the liquidated position)",
    )
  })

  it('several symbols without a choice is an error', async () => {
    const err = await load({
      'BTCUSDT-1m.csv': klineCsv(bars(T0, 2)),
      'ETHUSDT-1m.csv': klineCsv(bars(T0, 2)),
    }).catch((e: unknown) => e)
    expect((err as DataError).message).toMatch(/klines for several symbols \(BTCUSDT, ETHUSDT\)/)
  })

  it('overlapping daily files: identical rows dropped, conflicting rows name both files', async () => {
    const a = klineCsv(bars(T0, 4))
    const b = klineCsv(bars(T0 + 2 * M, 4))
    const md = await load({ 'BTCUSDT-1m-2024-01-01.csv': a, 'BTCUSDT-1m-2024-01-02.csv': b })
    expect(md.bars.map((x) => (x.ts - T0) / M)).toEqual([0, 1, 2, 3, 4, 5])
    expect(md.report.issues.map((i) => [i.kind, i.file, i.line, i.count])).toEqual([
      ['out-of-order', 'BTCUSDT-1m-2024-01-02.csv', undefined, undefined],
      ['duplicate', 'BTCUSDT-1m-2024-01-02.csv', 2, 2],
    ])
    const changed = b.replace(',100,102,98,101,', ',100,103,98,101,')
    const err = await load({
      'BTCUSDT-1m-2024-01-01.csv': a,
      'BTCUSDT-1m-2024-01-02.csv': changed,
    }).catch((e: unknown) => e)
    expect((err as DataError).message).toBe(
      'BTCUSDT-1m-2024-01-02.csv:2: bar at 2024-01-01T00:02:00Z differs from BTCUSDT-1m-2024-01-01.csv:4 (same time, different values)',
    )
  })

  it('columns are found by header name, in any order, and may be fewer', async () => {
    const text = `close,open_time,low,high,open\n101,${T0},98,102,100\n102,${T0 + M},99,103,101\n`
    const md = await load({ 'BTCUSDT-1m.csv': text })
    expect(md.bars[1]).toEqual({
      ts: T0 + M,
      open: 101,
      high: 103,
      low: 99,
      close: 102,
      volume: undefined,
      quoteVolume: undefined,
      takerBuyVolume: undefined,
      takerBuyQuoteVolume: undefined,
    })
  })

  it('a zip without exactly one CSV, or not a zip at all, is an error naming it', async () => {
    const two = zipSync({ 'a.csv': strToU8('x'), 'b.csv': strToU8('y') })
    let err = await load({ 'BTCUSDT-1m-2024-01-01.zip': two }).catch((e: unknown) => e)
    expect((err as DataError).message).toBe(
      'BTCUSDT-1m-2024-01-01.zip: expected one .csv inside the zip, found a.csv, b.csv',
    )
    err = await load({ 'BTCUSDT-1m-2024-01-01.zip': 'not a zip' }).catch((e: unknown) => e)
    expect((err as DataError).message).toMatch(/^BTCUSDT-1m-2024-01-01\.zip: not a readable zip/)
  })

  it('a kline file named otherwise is read by its header; symbol then comes from the events', async () => {
    const events = `ts,exchange,symbol,side,price,qty\n${T0 + 1},bybit,SOLUSDT,long,100,1\n${T0 + 2},,,short,101,1\n`
    const files = {
      'my-export.csv': klineCsv(bars(T0, 6, 5 * M)),
      'liquidations-bybit.csv': events,
    }
    const md = await load(files)
    expect(md.timeframeMs).toBe(5 * M)
    expect(md.symbol).toBe('SOLUSDT')
    expect(md.liquidationEvents.map((e) => [e.venue, e.symbol, e.side])).toEqual([
      ['bybit', 'SOLUSDT', 'long'],
      ['bybit', 'SOLUSDT', 'short'],
    ])
    const mixed = await load(
      { ...files, 'liquidations-bybit.csv': `${events}${T0 + 3},bybit,ETHUSDT,long,99,1\n` },
      { symbol: 'SOLUSDT' },
    )
    expect(mixed.liquidationEvents.length).toBe(2)
    expect(mixed.report.notes).toContain(
      '1 liquidation event(s) for other symbols (ETHUSDT) not loaded',
    )
  })
})
