import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { syntheticMarket, testApp, TF, T0, type TestApp } from './testing.ts'
import { DEFAULT_PARAMS } from '../model/index.ts'

const data = syntheticMarket(10)
let t: TestApp

beforeAll(async () => {
  t = testApp(data)
  await t.app.ready()
})
afterAll(async () => {
  await t.app.close()
})

async function get(url: string) {
  const r = await t.app.inject({ url })
  return { status: r.statusCode, body: r.json() as Record<string, unknown> }
}

describe('GET /api/health', () => {
  it('reports status, version, source and each stream with its age', async () => {
    t.setStatus([
      {
        name: 'replay BTCUSDT',
        symbol: 'BTCUSDT',
        state: 'open',
        lastEventAt: Date.UTC(2030, 0, 1) - 1500,
      },
    ])
    const { status, body } = await get('/api/health')
    expect(status).toBe(200)
    expect(body.source).toBe('replay')
    expect(body.version).toBe('0.1.0')
    expect(body.status).toBe('ok')
    const streams = body.streams as { name: string; ageMs: number; state: string; stale: boolean }[]
    expect(streams[0]).toMatchObject({
      name: 'replay BTCUSDT',
      state: 'open',
      ageMs: 1500,
      stale: false,
    })
  })

  it('turns degraded and marks the stream stale when the data stops', async () => {
    t.advance(60_000)
    const { body } = await get('/api/health')
    expect(body.status).toBe('degraded')
    const sym = (body.symbols as { freshness: { stale: boolean; reason: string } }[])[0]
    expect(sym.freshness.stale).toBe(true)
    expect(sym.freshness.reason).toMatch(/no update for 60 s/)
    t.advance(-60_000)
  })
})

describe('GET /api/markets', () => {
  it('lists the symbol, its range, timeframes and the leverage ladder', async () => {
    const { status, body } = await get('/api/markets')
    expect(status).toBe(200)
    const s = (body.symbols as Record<string, unknown>[])[0]
    expect(s.symbol).toBe('BTCUSDT')
    expect(s.from).toBe(T0)
    expect(s.to).toBe(data.bars[data.bars.length - 1].ts + TF)
    expect(s.timeframes).toEqual(['5m', '15m', '30m', '1h', '2h', '4h', '6h', '12h', '1d', '1w'])
    expect(body.leverages).toEqual([5, 10, 20, 25, 50, 75, 100, 125])
    expect(body.venues).toEqual(['binance', 'bybit', 'okx', 'hyperliquid'])
  })
})

describe('GET /api/model', () => {
  it('shows every parameter of the model the server runs, labelled estimated', async () => {
    const { status, body } = await get('/api/model')
    expect(status).toBe(200)
    expect(body.estimated).toBe(true)
    expect(body.params).toEqual(JSON.parse(JSON.stringify(DEFAULT_PARAMS)))
    expect(body.calibration).toMatch(/round 2/)
    expect((await get('/api/model?x=1')).status).toBe(400)
  })
})

describe('GET /api/candles', () => {
  it('aggregates 5m bars into 1h candles on hour boundaries', async () => {
    const from = T0 + 86_400_000
    const to = from + 6 * 3_600_000
    const { status, body } = await get(`/api/candles?symbol=btcusdt&tf=1h&from=${from}&to=${to}`)
    expect(status).toBe(200)
    const candles = body.candles as {
      time: number
      open: number
      high: number
      low: number
      close: number
      volume: number
    }[]
    expect(candles).toHaveLength(6)
    for (let h = 0; h < 6; h++) {
      const bars = data.bars.filter(
        (b) => b.ts >= from + h * 3_600_000 && b.ts < from + (h + 1) * 3_600_000,
      )
      expect(bars).toHaveLength(12)
      expect(candles[h].time).toBe(from + h * 3_600_000)
      expect(candles[h].open).toBe(bars[0].open)
      expect(candles[h].close).toBe(bars[11].close)
      expect(candles[h].high).toBe(Math.max(...bars.map((b) => b.high)))
      expect(candles[h].low).toBe(Math.min(...bars.map((b) => b.low)))
      expect(candles[h].volume).toBeCloseTo(
        bars.reduce((a, b) => a + (b.volume ?? 0), 0),
        6,
      )
    }
  })

  it('defaults to the last 7 days at the data timeframe', async () => {
    const { body } = await get('/api/candles?symbol=BTCUSDT')
    expect(body.tf).toBe('5m')
    expect((body.candles as unknown[]).length).toBe((7 * 86_400_000) / TF)
  })

  it.each([
    ['/api/candles', 400, 'symbol', /required/],
    ['/api/candles?symbol=BTCUSDT&symbol=ETHUSDT', 400, 'symbol', /once/],
    ['/api/candles?symbol=BTC-USDT', 400, 'symbol', /letters or digits/],
    [
      '/api/candles?symbol=DOGEUSDT',
      404,
      'symbol',
      /unknown symbol 'DOGEUSDT'; available: BTCUSDT/,
    ],
    ['/api/candles?symbol=BTCUSDT&exchange=kraken', 400, 'exchange', /not one of binance/],
    ['/api/candles?symbol=BTCUSDT&exchange=okx', 404, 'exchange', /no okx bars/],
    ['/api/candles?symbol=BTCUSDT&tf=7m', 400, 'tf', /not one of 1m/],
    ['/api/candles?symbol=BTCUSDT&tf=1m', 400, 'tf', /whole multiple of the data's 5m/],
    ['/api/candles?symbol=BTCUSDT&from=yesterday', 400, 'from', /not a time/],
    ['/api/candles?symbol=BTCUSDT&to=2025-13-45', 400, 'to', /not a time/],
    ['/api/candles?symbol=BTCUSDT&from=2025-10-05&to=2025-10-04', 400, 'from', /before 'to'/],
    ['/api/candles?symbol=BTCUSDT&to=2025-01-01', 400, 'to', /no whole 5m column/],
    ['/api/candles?symbol=BTCUSDT&from=2025-10-03&lookback=2d', 400, 'lookback', /either/],
    ['/api/candles?symbol=BTCUSDT&lookback=2y', 400, 'lookback', /between 1h and 365d/],
    ['/api/candles?symbol=BTCUSDT&colour=red', 400, 'colour', /unknown parameter/],
  ])('%s → %i naming %s', async (url, status, parameter, reason) => {
    const r = await get(url)
    expect(r.status).toBe(status)
    expect(r.body.parameter).toBe(parameter)
    expect(r.body.reason).toMatch(reason)
    expect(r.body.error).toBe(status === 404 ? 'not found' : 'bad request')
  })
})

describe('errors and documents', () => {
  it('refuses parameters on the parameterless endpoints', async () => {
    for (const url of ['/api/health?verbose=1', '/api/markets?x=1', '/api/templates?all=1']) {
      const r = await get(url)
      expect(r.status).toBe(400)
      expect(r.body.reason).toMatch(/unknown parameter/)
    }
  })

  it('answers unknown routes with a JSON 404', async () => {
    const r = await get('/api/nothing')
    expect(r.status).toBe(404)
    expect(r.body.reason).toBe('no route GET /api/nothing')
  })

  it('serves an OpenAPI document describing every endpoint', async () => {
    const { status, body } = await get('/api/openapi.json')
    expect(status).toBe(200)
    expect(body.openapi).toBe('3.1.0')
    const paths = Object.keys(body.paths as object)
    for (const p of [
      '/api/health',
      '/api/markets',
      '/api/candles',
      '/api/heatmap',
      '/api/map',
      '/api/clusters',
      '/api/overlays',
      '/api/templates/{name}',
      '/api/stream',
    ])
      expect(paths).toContain(p)
    const heatmap = (
      body.paths as Record<string, { get: { parameters: { name: string; required: boolean }[] } }>
    )['/api/heatmap']
    const names = heatmap.get.parameters.map((p) => p.name)
    expect(names).toEqual(
      expect.arrayContaining([
        'symbol',
        'exchanges',
        'tf',
        'from',
        'to',
        'leverage',
        'rows',
        'format',
      ]),
    )
    expect(heatmap.get.parameters.find((p) => p.name === 'symbol')?.required).toBe(true)
  })

  it('serves a placeholder page when the web bundle is not built', async () => {
    const r = await t.app.inject({ url: '/' })
    expect(r.statusCode).toBe(200)
    expect(r.body).toMatch(/npm run build:web/)
  })
})

describe('token', () => {
  const secret = 's3cret-token'
  let a: TestApp
  beforeAll(async () => {
    a = testApp(data, { token: secret })
    await a.app.ready()
  })
  afterAll(async () => {
    await a.app.close()
  })

  it('refuses requests without the token', async () => {
    const r = await a.app.inject({ url: '/api/health' })
    expect(r.statusCode).toBe(401)
    expect(r.json()).toMatchObject({
      parameter: 'token',
      reason: expect.stringMatching(/needs a token/),
    })
    expect((await a.app.inject({ url: '/' })).statusCode).toBe(401)
  })

  it('refuses a wrong token', async () => {
    const r = await a.app.inject({ url: '/api/health', headers: { authorization: 'Bearer nope' } })
    expect(r.statusCode).toBe(401)
    expect(r.json().reason).toBe('wrong token')
  })

  it('accepts the token as a bearer header, a query parameter or the cookie it sets', async () => {
    expect(
      (await a.app.inject({ url: '/api/health', headers: { authorization: `Bearer ${secret}` } }))
        .statusCode,
    ).toBe(200)
    expect((await a.app.inject({ url: `/api/markets?token=${secret}` })).statusCode).toBe(200)
    const page = await a.app.inject({ url: `/?token=${secret}` })
    expect(page.statusCode).toBe(200)
    const cookie = String(page.headers['set-cookie'])
    expect(cookie).toMatch(/liqheat_token=/)
    expect(cookie).toMatch(/HttpOnly/)
    const r = await a.app.inject({ url: '/api/health', headers: { cookie: cookie.split(';')[0] } })
    expect(r.statusCode).toBe(200)
  })
})
