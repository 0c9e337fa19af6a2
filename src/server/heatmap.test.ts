import { DEFAULT_PARAMS } from '../model/index.ts'
import { unzlibSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeHeatmap, splitEnvelope } from '../../web/client/decode-heatmap.ts'
import { syntheticMarket, testApp, TF, type TestApp } from './testing.ts'

const data = syntheticMarket(12)
let t: TestApp

beforeAll(async () => {
  t = testApp(data)
  await t.app.ready()
})
afterAll(async () => {
  await t.app.close()
})

interface Grid {
  times: number[]
  rows: number
  columnMs: number
  priceMin: number
  priceMax: number
  long: number[]
  short: number[]
  maxCell: number
  candles: { time: number; close: number; high: number; low: number }[]
  estimated: boolean
}

async function grid(qs: string): Promise<Grid> {
  const r = await t.app.inject({ url: `/api/heatmap?symbol=BTCUSDT&${qs}` })
  expect(r.statusCode, r.body).toBe(200)
  return r.json() as Grid
}

const sum = (a: number[]) => a.reduce((x, y) => x + y, 0)

describe('GET /api/heatmap (JSON)', () => {
  it('defaults to the last 7 days of 5m columns, 200 rows, estimated', async () => {
    const g = await grid('')
    expect(g.estimated).toBe(true)
    expect(g.rows).toBe(200)
    expect(g.columnMs).toBe(TF)
    expect(g.times).toHaveLength((7 * 86_400_000) / TF)
    expect(g.long).toHaveLength(g.times.length * 200)
    const last = data.bars[data.bars.length - 1]
    expect(g.times[g.times.length - 1]).toBe(last.ts)
    expect(g.candles[g.candles.length - 1].close).toBe(last.close)
    for (let i = 1; i < g.times.length; i++) expect(g.times[i] - g.times[i - 1]).toBe(TF)
    // price path inside the axis; longs sit below the close, shorts above (mostly)
    expect(g.priceMin).toBeLessThan(Math.min(...g.candles.map((c) => c.low)))
    expect(g.priceMax).toBeGreaterThan(Math.max(...g.candles.map((c) => c.high)))
    expect(sum(g.long)).toBeGreaterThan(0)
    expect(sum(g.short)).toBeGreaterThan(0)
    const c = g.times.length - 1
    const step = (g.priceMax - g.priceMin) / g.rows
    let longBelow = 0
    let longAbove = 0
    for (let r = 0; r < g.rows; r++) {
      const price = g.priceMin + (r + 0.5) * step
      const v = g.long[c * g.rows + r]
      if (price < last.close) longBelow += v
      else longAbove += v
    }
    expect(longBelow).toBeGreaterThan(10 * longAbove)
  })

  it('aggregates to a coarser tf on boundaries', async () => {
    const g = await grid('tf=1h&lookback=3d&rows=100')
    expect(g.columnMs).toBe(3_600_000)
    for (const ts of g.times) expect(ts % 3_600_000).toBe(0)
    expect(g.times.length).toBeGreaterThanOrEqual(72)
    expect(g.rows).toBe(100)
  })

  it('a leverage or venue subset holds less than the whole', async () => {
    const all = sum((await grid('lookback=2d')).long)
    const high = sum((await grid('lookback=2d&leverage=50,100')).long)
    const bin = sum((await grid('lookback=2d&exchanges=binance')).long)
    expect(high).toBeGreaterThan(0)
    expect(high).toBeLessThan(all * 0.9)
    expect(bin).toBeGreaterThan(0)
    expect(bin).toBeLessThan(all * 0.9)
    const every = sum(
      (
        await grid(
          `lookback=2d&exchanges=binance,bybit,okx,hyperliquid&leverage=${DEFAULT_PARAMS.leverages.join(',')}`,
        )
      ).long,
    )
    expect(every).toBeCloseTo(all, -3)
  })

  it('a shorter half-life leaves less standing', async () => {
    const base = sum((await grid('lookback=2d')).long)
    const short = sum((await grid('lookback=2d&halfLife=2')).long)
    expect(short).toBeLessThan(base * 0.8)
  })

  it('keeps a live grid current as bars close (last column follows the new bar)', async () => {
    const before = await grid('lookback=1d&rows=50')
    const prev = data.bars[data.bars.length - 1]
    const ts = prev.ts + TF
    t.hub.bar(
      'BTCUSDT',
      {
        ts,
        open: prev.close,
        high: prev.close * 1.001,
        low: prev.close * 0.999,
        close: prev.close,
        volume: 10,
      },
      true,
    )
    const after = await grid('lookback=1d&rows=50')
    expect(after.times[after.times.length - 1]).toBe(ts)
    expect(after.times.length).toBe(before.times.length)
    expect(after.times[0]).toBe(before.times[0] + TF)
    expect(after.candles[after.candles.length - 1].close).toBe(prev.close)
    // the appended column matches a fresh build of the same window within 2 %
    const fresh = await grid(`from=${after.times[0]}&rows=50`)
    expect(fresh.times).toEqual(after.times)
    const c = after.times.length - 1
    const a = sum(after.long.slice(c * 50, (c + 1) * 50))
    const f = sum(fresh.long.slice(c * 50, (c + 1) * 50))
    expect(Math.abs(a - f) / f).toBeLessThan(0.02)
  })
})

describe('GET /api/heatmap?format=binary', () => {
  it('decodes to the JSON grid within the quantisation error and stays small', async () => {
    const json = await grid('lookback=3d&tf=15m')
    const r = await t.app.inject({
      url: '/api/heatmap?symbol=BTCUSDT&lookback=3d&tf=15m&format=binary',
    })
    expect(r.statusCode).toBe(200)
    expect(r.headers['content-type']).toBe('application/octet-stream')
    const fresh = JSON.parse(String(r.headers['x-liqheat-freshness'])) as {
      stale: boolean
      asOf: number
    }
    expect(fresh.asOf).toBeGreaterThan(0)
    const bytes = new Uint8Array(r.rawPayload)
    expect(bytes.length).toBeLessThan(json.long.length) // under half a byte per cell (two sides)
    const env = splitEnvelope(bytes)
    expect(env.compressed).toBe(true)
    const d = await decodeHeatmap(bytes, unzlibSync)
    expect(env.header.estimated).toBe(true)
    expect(Array.from(d.times)).toEqual(json.times)
    expect(d.candles.map((c) => c.close)).toEqual(json.candles.map((c) => Math.fround(c.close)))
    const maxL = Math.max(...json.long)
    for (let i = 0; i < json.long.length; i++) {
      // q = round(255·√(v/max)), at least 1: error ≤ max·(√(v/max)/255 + 1/255²)
      const tol = maxL * (Math.sqrt(json.long[i] / maxL) / 255 + 1 / 65025) + 1
      expect(Math.abs(d.long[i] - json.long[i])).toBeLessThanOrEqual(tol)
      if (json.long[i] >= 1) expect(d.long[i]).toBeGreaterThan(0)
    }
  })
})

describe('binary form of a live grid', () => {
  it('re-sends the encoded history and a short tail after bars close, decoding to the JSON grid', async () => {
    const t2 = testApp(syntheticMarket(9, 21))
    const url = '/api/heatmap?symbol=BTCUSDT&lookback=2d&rows=60'
    await t2.app.inject({ url: `${url}&format=binary` })
    const m = t2.hub.get('BTCUSDT')
    for (let i = 0; i < 3; i++) {
      const prev = m?.bars[m.bars.length - 1]
      if (!prev) throw new Error('no bars')
      t2.hub.bar(
        'BTCUSDT',
        {
          ts: prev.ts + TF,
          open: prev.close,
          high: prev.close * 1.001,
          low: prev.close * 0.999,
          close: prev.close * 1.0005,
          volume: 5,
        },
        true,
      )
    }
    const r = await t2.app.inject({ url: `${url}&format=binary` })
    const bytes = new Uint8Array(r.rawPayload)
    const env = splitEnvelope(bytes)
    expect(env.header.segments).toHaveLength(2)
    expect(env.header.skip).toBe(3)
    expect(env.header.segments[1].columns).toBe(4) // the old last column, now final, and the 3 new
    const d = await decodeHeatmap(bytes, unzlibSync)
    const json = (await t2.app.inject({ url })).json() as Grid
    expect(Array.from(d.times)).toEqual(json.times)
    const max = Math.max(...json.short)
    for (let i = 0; i < json.short.length; i++) {
      const tol = max * (Math.sqrt(json.short[i] / max) / 255 + 1 / 65025) + 1
      expect(Math.abs(d.short[i] - json.short[i])).toBeLessThanOrEqual(tol)
    }
    await t2.app.close()
  })
})

describe('GET /api/heatmap errors', () => {
  it.each([
    ['rows=5', 'rows', /at least 10/],
    ['rows=1001', 'rows', /at most 1000 \(the limit\)/],
    ['rows=12.5', 'rows', /whole number/],
    [
      'rows=1000&lookback=7d',
      'rows',
      /2016 columns × 1000 rows = 2016000 cells exceeds the limit of 1000000/,
    ],
    ['lookback=12d&tf=5m&from=2025-10-01', 'lookback', /either/],
    ['tf=2m', 'tf', /not one of/],
    ['leverage=7', 'leverage', /not on the model's ladder \(5, 10, 20, 25, 50, 75, 100, 125\)/],
    ['leverage=abc', 'leverage', /not a leverage/],
    ['leverage=500', 'leverage', /between 1 and 200/],
    ['exchanges=binance,ftx', 'exchanges', /'ftx' is not one of/],
    ['format=png', 'format', /not one of json, binary/],
    ['halfLife=0', 'halfLife', /at least 0.5/],
    ['halfLife=abc', 'halfLife', /not a number/],
    ['from=2031-01-01', 'from', /no whole/],
  ])('%s → 400 naming %s', async (qs, parameter, reason) => {
    const r = await t.app.inject({ url: `/api/heatmap?symbol=BTCUSDT&${qs}` })
    const body = r.json() as { parameter: string; reason: string }
    expect(r.statusCode).toBe(400)
    expect(body.parameter).toBe(parameter)
    expect(body.reason).toMatch(reason)
  })

  it('refuses more columns than the limit, naming it', async () => {
    const long = testApp(syntheticMarket(20, 3))
    const r = await long.app.inject({ url: '/api/heatmap?symbol=BTCUSDT&lookback=19d&tf=5m' })
    expect(r.statusCode).toBe(400)
    expect(r.json()).toMatchObject({
      parameter: 'tf',
      reason: expect.stringMatching(/5472 columns exceeds the limit of 5000/),
    })
    await long.app.close()
  })

  it('404s an unknown symbol', async () => {
    const r = await t.app.inject({ url: '/api/heatmap?symbol=ETHUSDT' })
    expect(r.statusCode).toBe(404)
    expect(r.json()).toMatchObject({ error: 'not found', parameter: 'symbol' })
  })
})
