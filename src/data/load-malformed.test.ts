import { afterEach, describe, expect, it } from 'vitest'
import { DataError } from '../core/errors.ts'
import { loadDataDir, type LoadOptions } from './load-dir.ts'
import { klineCsv, klineRow, simpleBar, tempDataDir } from './test-utils.ts'

const M = 60_000
const T0 = Date.UTC(2024, 0, 1)
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

async function load(files: Record<string, string | Uint8Array>, opts?: LoadOptions) {
  const { dir, cleanup } = await tempDataDir(files)
  cleanups.push(cleanup)
  return { dir, md: await loadDataDir(dir, opts) }
}

/** The DataError `loadDataDir` throws for `files`. */
async function loadError(files: Record<string, string>, opts?: LoadOptions): Promise<DataError> {
  const { dir, cleanup } = await tempDataDir(files)
  cleanups.push(cleanup)
  try {
    await loadDataDir(dir, opts)
  } catch (err) {
    if (err instanceof DataError) return err
    throw err
  }
  throw new Error('expected a DataError')
}

/** `n` good 1m rows, with `bad` (a raw row) replacing the row at index `at`. */
function rowsWith(at: number, bad: string, n = 5): string[] {
  return Array.from({ length: n }, (_, i) => (i === at ? bad : klineRow(simpleBar(T0 + i * M))))
}

describe('malformed rows name file:line and the field', () => {
  it('non-numeric high', async () => {
    const bad = klineRow({ ...simpleBar(T0 + 2 * M), high: 'abc' })
    const err = await loadError({ 'BTCUSDT-1m.csv': klineCsv(rowsWith(2, bad)) })
    // Header is line 1, so the third data row is line 4.
    expect(err.message).toBe("BTCUSDT-1m.csv:4: field 'high' is 'abc', not a number")
    expect([err.file, err.line, err.field]).toEqual(['BTCUSDT-1m.csv', 4, 'high'])
  })

  it('short row', async () => {
    const err = await loadError({
      'BTCUSDT-1m.csv': klineCsv(rowsWith(1, `${T0 + M},1,2,0.5,1.5,3,4`)),
    })
    expect(err.message).toBe('BTCUSDT-1m.csv:3: expected 12 columns, found 7')
  })

  it('high below low', async () => {
    const bad = klineRow({ ...simpleBar(T0), high: 100, low: 101, open: 100, close: 100 })
    const err = await loadError({ 'BTCUSDT-1m.csv': klineCsv(rowsWith(0, bad)) })
    expect(err.message).toBe("BTCUSDT-1m.csv:2: field 'high' (100) is below field 'low' (101)")
    expect(err.field).toBe('high')
  })

  it('negative volume, NaN close, unparseable time (headerless file)', async () => {
    const negVol = klineRow({ ...simpleBar(T0 + 3 * M), volume: -5 })
    let err = await loadError({ 'BTCUSDT-1m.csv': klineCsv(rowsWith(3, negVol), false) })
    expect(err.message).toBe("BTCUSDT-1m.csv:4: field 'volume' is -5, must not be negative")
    const nan = klineRow({ ...simpleBar(T0 + 4 * M), close: 'NaN' })
    err = await loadError({ 'BTCUSDT-1m.csv': klineCsv(rowsWith(4, nan), false) })
    expect(err.message).toBe("BTCUSDT-1m.csv:5: field 'close' is 'NaN', not a number")
    const badTime = klineRow(simpleBar(T0)).replace(String(T0), 'yesterday')
    err = await loadError({ 'BTCUSDT-1m.csv': klineCsv(rowsWith(0, badTime), false) })
    expect(err.message).toMatch(/^BTCUSDT-1m\.csv:1: field 'open_time' is 'yesterday', not a time/)
  })

  it('lenient skips and counts malformed rows, listing their lines', async () => {
    const rows = rowsWith(1, `${T0 + M},1,2`, 8)
    rows[3] = klineRow({ ...simpleBar(T0 + 3 * M), low: 'x' })
    const { md } = await load({ 'BTCUSDT-1m.csv': klineCsv(rows) }, { lenient: true })
    expect(md.bars.map((b) => (b.ts - T0) / M)).toEqual([0, 2, 4, 5, 6, 7])
    expect(md.report.skippedRows).toBe(2)
    const skipped = md.report.issues.filter((i) => i.kind === 'skipped-row')
    expect(skipped).toEqual([
      expect.objectContaining({ file: 'BTCUSDT-1m.csv', line: 3, count: 2 }),
    ])
    expect(skipped[0].message).toContain('line 3, 5')
    // The two missing bars show up as gaps too.
    expect(md.report.issues.filter((i) => i.kind === 'gap').map((i) => i.count)).toEqual([1, 1])
  })
})

describe('duplicates, order, gaps', () => {
  it('identical duplicates are dropped and counted', async () => {
    const rows = rowsWith(-1, '')
    rows.splice(2, 0, rows[1])
    const { md } = await load({ 'BTCUSDT-1m.csv': klineCsv(rows) })
    expect(md.bars.length).toBe(5)
    expect(md.report.issues).toEqual([
      expect.objectContaining({ kind: 'duplicate', file: 'BTCUSDT-1m.csv', line: 4, count: 1 }),
    ])
  })

  it('conflicting duplicates fail, or with lenient keep the first and report', async () => {
    const rows = rowsWith(-1, '')
    rows.splice(3, 0, klineRow(simpleBar(T0 + 2 * M, 150)))
    const files = { 'BTCUSDT-1m.csv': klineCsv(rows) }
    const err = await loadError(files)
    expect(err.message).toBe(
      'BTCUSDT-1m.csv:5: bar at 2024-01-01T00:02:00Z differs from BTCUSDT-1m.csv:4 (same time, different values)',
    )
    const { md } = await load(files, { lenient: true })
    expect(md.bars.length).toBe(5)
    expect(md.bars[2].open).toBe(100)
    expect(md.report.issues).toEqual([
      expect.objectContaining({ kind: 'conflict', file: 'BTCUSDT-1m.csv', line: 5 }),
    ])
  })

  it('out-of-order rows are sorted and reported', async () => {
    const rows = rowsWith(-1, '')
    ;[rows[1], rows[3]] = [rows[3], rows[1]]
    const { md } = await load({ 'BTCUSDT-1m.csv': klineCsv(rows) })
    expect(md.bars.map((b) => b.ts)).toEqual([0, 1, 2, 3, 4].map((i) => T0 + i * M))
    expect(md.report.issues).toEqual([
      // Rows 0, 3, 2, 1, 4: lines 4 and 5 each go back in time.
      expect.objectContaining({ kind: 'out-of-order', file: 'BTCUSDT-1m.csv', line: 4, count: 2 }),
    ])
  })

  it('gaps are reported with the number of missing bars', async () => {
    const rows = [0, 1, 5, 6].map((i) => klineRow(simpleBar(T0 + i * M)))
    const { md } = await load({ 'BTCUSDT-1m.csv': klineCsv(rows) })
    expect(md.report.issues).toEqual([
      {
        kind: 'gap',
        file: 'BTCUSDT-1m.csv',
        line: 4,
        count: 3,
        message: '3 missing bar(s) of 1m between 2024-01-01T00:01:00Z and 2024-01-01T00:05:00Z',
      },
    ])
  })
})

describe('folder-level errors', () => {
  it('an empty folder names the folder and what was expected', async () => {
    const err = await loadError({})
    expect(err.message).toMatch(
      /liqheat-data-.*: the folder is empty; expected Binance Vision klines/,
    )
  })

  it('a folder without klines lists what it found', async () => {
    const err = await loadError({
      'liquidations-aggregated.csv': 'ts,interval_s,exchanges,long_usd,short_usd\n',
    })
    expect(err.message).toMatch(
      /: no kline file; expected .*; found: liquidations-aggregated\.csv$/,
    )
  })

  it('a name that disagrees with the header is an error', async () => {
    const err = await loadError({
      'BTCUSDT-1m.csv': klineCsv(rowsWith(-1, '')),
      'BTCUSDT-fundingRate.csv': klineCsv(rowsWith(-1, '')),
    })
    expect(err.message).toBe(
      "BTCUSDT-fundingRate.csv:1: header has no column 'calc_time', 'funding_interval_hours', 'last_funding_rate' needed for funding rates (it looks like klines)",
    )
  })

  it('an interval in the name that the open times contradict is an error', async () => {
    const err = await loadError({ 'BTCUSDT-5m.csv': klineCsv(rowsWith(-1, '')) })
    expect(err.message).toBe(
      'BTCUSDT-5m.csv: the name says 5m bars but most open times are 1m apart',
    )
  })
})
