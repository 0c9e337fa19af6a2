import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadDataDir } from '../data/index.ts'
import { run as runCli } from '../cli/main.ts'
import { createDemoSource, loadTruth, simulate, writeSimFiles, type SimParams } from './index.ts'

const SMALL: Partial<SimParams> = { traders: 1500, burnInDays: 0.5 }
const START = Date.UTC(2026, 2, 1)
const dirs: string[] = []
async function tmp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'liqheat-sim-'))
  dirs.push(d)
  return d
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

const r = simulate({ seed: 'files', days: 1, startTs: START, params: SMALL })

describe('simulation files', () => {
  it('writes the documented headers and the same bytes for the same seed', async () => {
    const [a, b] = [await tmp(), await tmp()]
    await writeSimFiles(r, a)
    await writeSimFiles(simulate({ seed: 'files', days: 1, startTs: START, params: SMALL }), b)
    const names = (await readdir(a)).sort()
    expect(names).toEqual([
      'BTCUSDT-1m.csv',
      'BTCUSDT-fundingRate.csv',
      'BTCUSDT-metrics.csv',
      'liquidations-aggregated.csv',
      'liquidations-sim.csv',
      'truth',
    ])
    const first = async (f: string): Promise<string> =>
      (await readFile(join(a, f), 'utf8')).split('\n')[0]
    expect(await first('BTCUSDT-1m.csv')).toBe(
      'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore',
    )
    expect(await first('BTCUSDT-metrics.csv')).toMatch(
      /^create_time,symbol,sum_open_interest,sum_open_interest_value,/,
    )
    expect(await first('BTCUSDT-fundingRate.csv')).toBe(
      'calc_time,funding_interval_hours,last_funding_rate',
    )
    expect(await first('liquidations-sim.csv')).toBe('ts,exchange,symbol,side,price,qty')
    expect(await first('liquidations-aggregated.csv')).toBe(
      'ts,interval_s,exchanges,long_usd,short_usd',
    )
    expect(await first('truth/positions.csv')).toBe(
      'id,venue,side,leverage,entry_ts,entry_price,qty,extra_margin_usd,liq_price,exit_ts,exit_price,exit_reason',
    )
    const metricsRow = (await readFile(join(a, 'BTCUSDT-metrics.csv'), 'utf8')).split('\n')[1]
    expect(metricsRow).toMatch(/^2026-03-01 00:05:00,BTCUSDT,\d+\.\d{3},\d+\.\d{2},,,,$/)
    for (const f of [
      ...names.filter((n) => n !== 'truth'),
      'truth/positions.csv',
      'truth/bars.csv',
      'truth/meta.json',
    ]) {
      expect(Buffer.compare(await readFile(join(a, f)), await readFile(join(b, f))), f).toBe(0)
    }
  })

  it('loads with loadDataDir into the series the simulator returned', async () => {
    const d = await tmp()
    await writeSimFiles(r, d)
    const data = await loadDataDir(d)
    const m = r.market
    expect(data.timeframeMs).toBe(60_000)
    expect(data.bars.length).toBe(m.bars.length)
    expect(data.bars[100]).toMatchObject({ ...m.bars[100] })
    expect(data.openInterest.map((o) => [o.ts, o.oi])).toEqual(
      m.openInterest.map((o) => [o.ts, o.oi]),
    )
    expect(data.funding.map((f) => [f.ts, f.rate])).toEqual(m.funding.map((f) => [f.ts, f.rate]))
    expect(data.liquidationEvents.length).toBe(m.liquidationEvents.length)
    expect(data.liquidationBars.map((b) => [b.ts, b.longUsd, b.shortUsd])).toEqual(
      m.liquidationBars.map((b) => [b.ts, b.longUsd, b.shortUsd]),
    )
    expect(data.report.issues).toEqual([])
  })

  it('reads the truth back exactly (positions standing in the window)', async () => {
    const d = await tmp()
    await writeSimFiles(r, d)
    const t = await loadTruth(d)
    expect(t.meta.startTs).toBe(START)
    expect(t.bars.length).toBe(r.truthBars.length)
    let n = 0
    for (let id = 0; id < r.truth.length; id++) {
      if (r.truth.exitTs[id] < START) continue
      n++
      expect(t.positions.get(id)).toEqual(r.truth.get(id))
    }
    expect(t.count).toBe(n)
  })

  it('names file, line and field when the truth is malformed', async () => {
    const d = await tmp()
    await writeSimFiles(r, d)
    const p = join(d, 'truth', 'positions.csv')
    const lines = (await readFile(p, 'utf8')).split('\n')
    lines[3] = lines[3].replace(/,(long|short),/, ',sideways,')
    await writeFile(p, lines.join('\n'))
    await expect(loadTruth(d)).rejects.toThrow(/positions\.csv:4: field side 'sideways'/)
  })
})

describe('demo source', () => {
  it('pre-generates the lookback and continues one bar per call, as simulate would', () => {
    const end = START + 86_400_000
    const demo = createDemoSource({
      seed: 9,
      tf: '1m',
      lookbackDays: 0.5,
      endTs: end,
      params: SMALL,
    })
    expect(demo.label).toBe('SIMULATED')
    expect(demo.history.bars.length).toBe(720)
    expect(demo.history.bars[719].ts + 60_000).toBe(end)
    expect(demo.history.openInterest.length).toBe(720)
    const ticks = Array.from({ length: 30 }, () => demo.next())
    const ref = simulate({
      seed: 9,
      days: 0.5 + 30 / 1440,
      startTs: end - 720 * 60_000,
      params: SMALL,
    })
    const refBars = ref.market.bars
    expect(demo.history.bars).toEqual(refBars.slice(0, 720))
    ticks.forEach((t, k) => {
      expect(t.bar).toEqual(refBars[720 + k])
      expect(t.oi.ts).toBe(t.bar.ts + 60_000)
      expect(t.liquidationBar.ts).toBe(t.bar.ts)
    })
    expect(() => createDemoSource({ seed: 1, tf: 'abc', lookbackDays: 1 })).toThrow(/--tf/)
  })
})

describe('liqheat simulate', () => {
  it('writes the files and exits 0; bad flags exit 2', async () => {
    const d = await tmp()
    const err = process.stderr.write.bind(process.stderr)
    process.stderr.write = () => true
    try {
      expect(
        await runCli(['simulate', '--days', '0.2', '--seed', '3', '--traders', '500', '--out', d]),
      ).toBe(0)
      expect(await runCli(['simulate', '--days', 'x', '--seed', '3', '--out', d])).toBe(2)
      expect(
        await runCli(['simulate', '--days', '1', '--seed', '3', '--tf', '1s', '--out', d]),
      ).toBe(2)
      expect(
        await runCli(['simulate', '--days', '1', '--seed', '3', '--scenario', 'calm', '--out', d]),
      ).toBe(2)
    } finally {
      process.stderr.write = err
    }
    expect((await readdir(join(d, 'truth'))).sort()).toEqual([
      'bars.csv',
      'meta.json',
      'positions.csv',
    ])
  })
})
