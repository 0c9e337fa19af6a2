import { describe, expect, it } from 'vitest'
import type { DataReport } from '../core/types.ts'
import { formatReport, type ImportReport } from './report.ts'

const base: DataReport = {
  files: ['BTCUSDT-5m.csv', 'BTCUSDT-metrics.csv'],
  inputsUsed: {
    bars: true,
    volume: true,
    takerSplit: false,
    openInterest: false,
    funding: true,
    liquidations: false,
  },
  issues: [
    { kind: 'gap', file: 'BTCUSDT-5m.csv', line: 118, count: 3, message: '3 missing bar(s)' },
    { kind: 'out-of-order', file: 'BTCUSDT-metrics.csv', message: 'starts before' },
  ],
  skippedRows: 2,
}

describe('formatReport', () => {
  it('prints files, inputs with what is missing, issues and skipped rows', () => {
    expect(formatReport(base).split('\n')).toEqual([
      'files read (2): BTCUSDT-5m.csv, BTCUSDT-metrics.csv',
      'inputs: bars, volume, funding',
      '  no taker split: aggressor tilt off',
      '  no open interest: seeding from volume',
      '  no realized liquidations: nothing to score the map against',
      'issues (2):',
      '  gap BTCUSDT-5m.csv:118: 3 missing bar(s)',
      '  out-of-order BTCUSDT-metrics.csv: starts before',
      'skipped rows (lenient): 2',
    ])
  })

  it('adds the importer extras: folder, ignored files, counts, notes', () => {
    const r: ImportReport = {
      ...base,
      issues: [],
      skippedRows: 0,
      folder: '/data/w',
      symbol: 'BTCUSDT',
      timeframe: '5m',
      ignored: [{ name: 'a.txt', reason: 'not a .csv or .zip file' }],
      notes: ['klines at 2 intervals (1m, 5m): loaded 1m (the finest)'],
      counts: { bars: 10, openInterest: 0, funding: 1, liquidationEvents: 0, liquidationBars: 0 },
      firstBar: Date.UTC(2024, 0, 1),
      lastBar: Date.UTC(2024, 0, 1, 0, 45),
      outliers: [],
      outliersDropped: true,
    }
    const lines = formatReport(r).split('\n')
    expect(lines[0]).toBe('data: /data/w (BTCUSDT, 5m bars)')
    expect(lines).toContain('files ignored (1): a.txt (not a .csv or .zip file)')
    expect(lines).toContain(
      'bars: 10 × 5m, 2024-01-01T00:00:00Z → 2024-01-01T00:45:00Z; open interest 0, funding 1, liquidation bars 0, liquidation events 0',
    )
    expect(lines).toContain('note: klines at 2 intervals (1m, 5m): loaded 1m (the finest)')
    expect(lines.at(-1)).toBe('issues: none')
  })

  it('says when neither open interest nor volume is there', () => {
    const r = { ...base, inputsUsed: { ...base.inputsUsed, volume: false } }
    expect(formatReport(r)).toContain('  no open interest and no volume')
  })
})
