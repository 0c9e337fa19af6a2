/**
 * The /udf datafeed against the UDF response formats (TradingView Charting Library "UDF" spec):
 * /config mirrors the JS API's onReady configuration (supports_search xor supports_group_request);
 * /symbols returns a SymbolInfo; /search an array of {symbol, full_name, description, exchange,
 * ticker, type}; /history the table {s:"ok", t, c, o, h, l, v} with t in unix seconds, or
 * {s:"no_data", nextTime?} where nextTime is the closest bar in the past, or {s:"error", errmsg};
 * /marks the table {id, time, color, text, label, labelFontColor, minSize}; /time unix seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { syntheticMarket, testApp, TF, T0, type TestApp } from '../testing.ts'

const data = syntheticMarket(3)
let t: TestApp

beforeAll(async () => {
  t = testApp(data)
  // registered by buildApp (src/server/app.ts)
  await t.app.ready()
})
afterAll(async () => {
  await t.app.close()
})

async function get(
  url: string,
): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const r = await t.app.inject({ url })
  let body: Record<string, unknown> = {}
  try {
    body = r.json() as Record<string, unknown>
  } catch {
    // /time is text
  }
  return { status: r.statusCode, body, text: r.body }
}

const sec = (ms: number): number => Math.floor(ms / 1000)
const isNumArray = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x))

describe('UDF /config, /symbols, /search, /time', () => {
  it('config has the fields the UDF adapter reads', async () => {
    const { status, body } = await get('/udf/config')
    expect(status).toBe(200)
    expect(body.supports_search !== body.supports_group_request).toBe(true)
    expect(body.supports_search).toBe(true)
    expect(body.supports_marks).toBe(true)
    expect(body.supports_time).toBe(true)
    expect(body.supported_resolutions).toEqual([
      '5',
      '15',
      '30',
      '60',
      '120',
      '240',
      '360',
      '720',
      '1D',
      '1W',
    ])
  })

  it('symbols resolves a ticker (with or without the exchange prefix) to a SymbolInfo', async () => {
    for (const q of ['BTCUSDT', 'LIQHEAT:BTCUSDT', 'btcusdt']) {
      const { status, body } = await get(`/udf/symbols?symbol=${encodeURIComponent(q)}`)
      expect(status).toBe(200)
      for (const k of [
        'name',
        'ticker',
        'description',
        'type',
        'session',
        'exchange',
        'listed_exchange',
        'timezone',
      ])
        expect(typeof body[k], k).toBe('string')
      expect(body.name).toBe('BTCUSDT')
      expect(body.session).toBe('24x7')
      expect(body.timezone).toBe('Etc/UTC')
      expect(body.minmov).toBe(1)
      expect(Math.log10(body.pricescale as number) % 1).toBe(0)
      expect(body.has_intraday).toBe(true)
      expect(body.supported_resolutions).toContain('15')
      expect(body.intraday_multipliers).not.toContain('1')
    }
    const unknown = await get('/udf/symbols?symbol=NOPE')
    expect(unknown.status).toBe(404)
    expect(unknown.body.s).toBe('error')
    expect(String(unknown.body.errmsg)).toMatch(/^unknown_symbol/)
  })

  it('search returns symbol rows and honours type, exchange and limit', async () => {
    const { body } = await get('/udf/search?query=btc&type=&exchange=&limit=10')
    const rows = body as unknown as Record<string, unknown>[]
    expect(rows).toHaveLength(1)
    for (const k of ['symbol', 'full_name', 'description', 'exchange', 'ticker', 'type'])
      expect(typeof rows[0][k], k).toBe('string')
    expect(rows[0].full_name).toBe('LIQHEAT:BTCUSDT')
    expect(await get('/udf/search?query=btc&type=stock').then((r) => r.body)).toEqual([])
    expect(await get('/udf/search?query=eth').then((r) => r.body)).toEqual([])
    expect((await get('/udf/search?query=btc&limit=0')).body.parameter).toBe('limit')
  })

  it('time is unix seconds as text', async () => {
    const { text } = await get('/udf/time')
    expect(text).toMatch(/^\d{10}$/)
    expect(Number(text)).toBe(Math.floor(Date.UTC(2030, 0, 1) / 1000))
  })
})

describe('UDF /history', () => {
  it('returns {s:"ok", t,o,h,l,c,v} in seconds, aggregated exactly from the bars', async () => {
    const from = T0 + 6 * 3_600_000
    const to = from + 4 * 3_600_000
    const { status, body } = await get(
      `/udf/history?symbol=BTCUSDT&resolution=15&from=${sec(from)}&to=${sec(to)}`,
    )
    expect(status).toBe(200)
    expect(body.s).toBe('ok')
    for (const k of ['t', 'o', 'h', 'l', 'c', 'v']) expect(isNumArray(body[k]), k).toBe(true)
    const tt = body.t as number[]
    expect(tt).toHaveLength(16)
    for (const k of ['o', 'h', 'l', 'c', 'v']) expect((body[k] as number[]).length).toBe(16)
    expect(
      tt.every(
        (x, i) => x % 900 === 0 && (i === 0 || x > tt[i - 1]) && x >= sec(from) && x < sec(to),
      ),
    ).toBe(true)
    // independent aggregation: three 5m bars per 15m bar
    tt.forEach((ts, i) => {
      const src = data.bars.filter((b) => b.ts >= ts * 1000 && b.ts < ts * 1000 + 900_000)
      expect(src).toHaveLength(3)
      expect((body.o as number[])[i]).toBe(src[0].open)
      expect((body.c as number[])[i]).toBe(src[2].close)
      expect((body.h as number[])[i]).toBe(Math.max(...src.map((b) => b.high)))
      expect((body.l as number[])[i]).toBe(Math.min(...src.map((b) => b.low)))
      expect((body.v as number[])[i]).toBeCloseTo(
        src.reduce((a, b) => a + (b.volume ?? 0), 0),
        9,
      )
    })
  })

  it('countback returns that many bars before `to`', async () => {
    const to = T0 + 24 * 3_600_000
    const { body } = await get(
      `/udf/history?symbol=BTCUSDT&resolution=60&from=${sec(to - 3600)}&to=${sec(to)}&countback=5`,
    )
    expect(body.t).toEqual([1, 2, 3, 4, 5].map((k) => sec(to) - (6 - k) * 3600))
  })

  it('says no_data with the closest earlier bar as nextTime, or without nextTime before the data', async () => {
    const end = T0 + data.bars.length * TF
    const later = await get(
      `/udf/history?symbol=BTCUSDT&resolution=5&from=${sec(end) + 86_400}&to=${sec(end) + 2 * 86_400}`,
    )
    expect(later.body).toEqual({ s: 'no_data', nextTime: sec(end - TF) })
    const before = await get(
      `/udf/history?symbol=BTCUSDT&resolution=5&from=${sec(T0) - 86_400}&to=${sec(T0) - 3600}`,
    )
    expect(before.body).toEqual({ s: 'no_data' })
  })

  it('answers {s:"error"} with 400 naming the parameter', async () => {
    const cases: [string, string][] = [
      ['/udf/history?resolution=5&from=1&to=2', 'symbol'],
      ['/udf/history?symbol=BTCUSDT&from=1&to=2', 'resolution'],
      ['/udf/history?symbol=BTCUSDT&resolution=1M&from=1&to=2', 'resolution'],
      ['/udf/history?symbol=BTCUSDT&resolution=1&from=1&to=2', 'resolution'],
      ['/udf/history?symbol=BTCUSDT&resolution=7&from=1&to=2', 'resolution'],
      ['/udf/history?symbol=BTCUSDT&resolution=5&from=yesterday&to=2', 'from'],
      ['/udf/history?symbol=BTCUSDT&resolution=5&from=10&to=5', 'to'],
      ['/udf/history?symbol=BTCUSDT&resolution=5&from=1&to=2&countback=0', 'countback'],
      ['/udf/marks?symbol=BTCUSDT&resolution=5&from=1', 'to'],
    ]
    for (const [url, parameter] of cases) {
      const r = await get(url)
      expect(r.status, url).toBe(400)
      expect(r.body.s, url).toBe('error')
      expect(typeof r.body.errmsg, url).toBe('string')
      expect(r.body.parameter, url).toBe(parameter)
    }
  })
})

describe('UDF /marks', () => {
  it('marks bars whose realized liquidations reach the threshold, as the UDF table', async () => {
    const base = T0 + 10 * 3_600_000
    const liq = (ts: number, side: 'long' | 'short', usd: number, venue = 'binance') =>
      t.hub.liquidation('BTCUSDT', {
        ts,
        venue,
        symbol: 'BTCUSDT',
        side,
        price: 100_000,
        qty: usd / 100_000,
        usd,
      })
    liq(base + 60_000, 'long', 800_000)
    liq(base + 120_000, 'long', 700_000, 'bybit') // same 5m bar: 1.5M together
    liq(base + 3_600_000, 'short', 2_500_000)
    liq(base + 7_200_000, 'long', 300_000) // under the threshold
    const { status, body } = await get(
      `/udf/marks?symbol=BTCUSDT&resolution=5&from=${sec(base)}&to=${sec(base + 86_400_000)}`,
    )
    expect(status).toBe(200)
    const keys = ['id', 'time', 'color', 'text', 'label', 'labelFontColor', 'minSize']
    for (const k of keys) expect(Array.isArray(body[k]), k).toBe(true)
    for (const k of keys) expect((body[k] as unknown[]).length, k).toBe(2)
    expect(body.time).toEqual([sec(base), sec(base + 3_600_000)])
    expect(body.label).toEqual(['L', 'S'])
    expect(body.color).toEqual(['red', 'green'])
    expect(new Set(body.id as string[]).size).toBe(2)
    expect((body.text as string[])[0]).toMatch(/\$1\.5M.*binance, bybit/)
    expect(isNumArray(body.minSize)).toBe(true)
  })
})
