import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { syntheticMarket, testApp, TF, T0, type TestApp } from './testing.ts'

const data = syntheticMarket(8)
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

describe('GET /api/map', () => {
  it('returns per-bin long/short with cumulative curves running away from price', async () => {
    const { status, body } = await get('/api/map?symbol=BTCUSDT&bins=100&range=10')
    expect(status).toBe(200)
    expect(body.estimated).toBe(true)
    const long = body.long as number[]
    const cumLong = body.cumLong as number[]
    const cumShort = body.cumShort as number[]
    expect(long).toHaveLength(100)
    const price = body.price as number
    expect(price).toBe(data.bars[data.bars.length - 1].close)
    const step = body.step as number
    const priceMin = body.priceMin as number
    // cumulative long grows as price falls (bins further below), cumulative short as it rises
    const below = [...Array(100).keys()].filter((i) => priceMin + (i + 1) * step < price)
    for (let k = 1; k < below.length; k++)
      expect(cumLong[below[k - 1]]).toBeGreaterThanOrEqual(cumLong[below[k]])
    const above = [...Array(100).keys()].filter((i) => priceMin + i * step > price)
    for (let k = 1; k < above.length; k++)
      expect(cumShort[above[k]]).toBeGreaterThanOrEqual(cumShort[above[k - 1]])
    expect(Math.max(...cumLong)).toBeGreaterThan(0)
  })

  it('answers for a past instant with that instant’s price', async () => {
    const at = T0 + 4 * 86_400_000
    const { status, body } = await get(`/api/map?symbol=BTCUSDT&at=${at}`)
    expect(status).toBe(200)
    const bar = data.bars.find((b) => b.ts + TF === at)
    expect(body.price).toBe(bar?.close)
  })

  it.each([
    ['/api/map?symbol=BTCUSDT&at=2020-01-01', 400, 'at', /before the data starts/],
    ['/api/map?symbol=BTCUSDT&at=soon', 400, 'at', /not a time/],
    ['/api/map?symbol=BTCUSDT&bins=2', 400, 'bins', /at least 10/],
    ['/api/map?symbol=BTCUSDT&range=90', 400, 'range', /at most 50/],
    ['/api/map?symbol=BTCUSDT&leverage=3', 400, 'leverage', /ladder/],
    ['/api/map?symbol=XRPUSDT', 404, 'symbol', /unknown symbol/],
    ['/api/map', 400, 'symbol', /required/],
  ])('%s → %i naming %s', async (url, status, parameter, reason) => {
    const r = await get(url)
    expect(r.status).toBe(status)
    expect(r.body).toMatchObject({ parameter, reason: expect.stringMatching(reason) })
  })
})

describe('GET /api/clusters', () => {
  it('lists up to three clusters each side, on the right side of price, with the data age', async () => {
    const { status, body } = await get('/api/clusters?symbol=BTCUSDT')
    expect(status).toBe(200)
    const price = body.price as number
    const above = body.above as {
      peakPrice: number
      side: string
      notionalUsd: number
      distancePct: number
    }[]
    const below = body.below as {
      peakPrice: number
      side: string
      notionalUsd: number
      distancePct: number
    }[]
    expect(above.length).toBeGreaterThan(0)
    expect(above.length).toBeLessThanOrEqual(3)
    expect(below.length).toBeGreaterThan(0)
    expect(below.length).toBeLessThanOrEqual(3)
    for (const c of above) {
      expect(c.side).toBe('short')
      expect(c.peakPrice).toBeGreaterThan(price)
      expect(c.distancePct).toBeCloseTo(((c.peakPrice - price) / price) * 100, 6)
    }
    for (const c of below) {
      expect(c.side).toBe('long')
      expect(c.peakPrice).toBeLessThan(price)
    }
    for (let i = 1; i < above.length; i++)
      expect(above[i].peakPrice).toBeGreaterThan(above[i - 1].peakPrice)
    expect(body.asymmetry).toMatchObject({ windowPct: 2 })
    expect(typeof body.dataAgeMs).toBe('number')
    expect(body.freshness).toMatchObject({ stale: false })
  })

  it('filters by leverage', async () => {
    const all = (await get('/api/clusters?symbol=BTCUSDT')).body.asymmetry as {
      longBelowUsd: number
    }
    const some = (await get('/api/clusters?symbol=BTCUSDT&leverage=100&window=2')).body
      .asymmetry as { longBelowUsd: number }
    expect(some.longBelowUsd).toBeLessThan(all.longBelowUsd)
  })

  it.each([
    ['/api/clusters?symbol=BTCUSDT&window=0', 'window', /at least 0.5/],
    ['/api/clusters?symbol=BTCUSDT&exchanges=mtgox', 'exchanges', /not one of/],
    ['/api/clusters?symbol=BTCUSDT&at=1', 'at', /unknown parameter/],
  ])('%s → 400 naming %s', async (url, parameter, reason) => {
    const r = await get(url)
    expect(r.status).toBe(400)
    expect(r.body).toMatchObject({ parameter, reason: expect.stringMatching(reason) })
  })
})

describe('GET /api/overlays', () => {
  it('volume profile sums to the window’s volume', async () => {
    const { status, body } = await get(
      '/api/overlays?symbol=BTCUSDT&kind=volume-profile&lookback=1d&bins=40',
    )
    expect(status).toBe(200)
    expect(body.available).toBe(true)
    const vol = body.volume as number[]
    expect(vol).toHaveLength(40)
    const to = data.bars[data.bars.length - 1].ts + TF
    const want = data.bars
      .filter((b) => b.ts >= to - 86_400_000)
      .reduce((a, b) => a + (b.volume ?? 0), 0)
    expect(vol.reduce((a, b) => a + b, 0)).toBeCloseTo(want, 3)
  })

  it('OI delta per bucket equals the change of the last sample', async () => {
    const { body } = await get('/api/overlays?symbol=BTCUSDT&kind=oi-delta&lookback=6h&tf=1h')
    const points = body.points as { time: number; oi: number; delta: number }[]
    expect(points.length).toBeGreaterThanOrEqual(6)
    for (let i = 1; i < points.length; i++)
      expect(points[i].delta).toBeCloseTo(points[i].oi - points[i - 1].oi, 6)
    const p = points[1]
    const last = data.openInterest.filter((o) => o.ts < p.time + 3_600_000).pop()
    expect(p.oi).toBe(last?.oi)
  })

  it('funding and CVD are available from the data; depth says why not', async () => {
    const f = (await get('/api/overlays?symbol=BTCUSDT&kind=funding&lookback=3d')).body
    expect(f.available).toBe(true)
    expect((f.points as unknown[]).length).toBe(9) // one every 8 h
    const c = (await get('/api/overlays?symbol=BTCUSDT&kind=cvd&lookback=1h')).body
    const pts = c.points as { cvd: number }[]
    const to = data.bars[data.bars.length - 1].ts + TF
    const bars = data.bars.filter((b) => b.ts >= to - 3_600_000)
    const want = bars.reduce((a, b) => a + 2 * (b.takerBuyVolume ?? 0) - (b.volume ?? 0), 0)
    expect(pts[pts.length - 1].cvd).toBeCloseTo(want, 6)
    const d = (await get('/api/overlays?symbol=BTCUSDT&kind=depth')).body
    expect(d).toMatchObject({ available: false, reason: expect.stringMatching(/no order book/) })
  })

  it('depth sums the book inside each cluster once a book arrives', async () => {
    const clusters = (await get('/api/clusters?symbol=BTCUSDT')).body
    const c = (clusters.below as { priceLow: number; priceHigh: number }[])[0]
    const mid = (c.priceLow + c.priceHigh) / 2
    t.hub.book('BTCUSDT', {
      type: 'book',
      venue: 'binance',
      symbol: 'BTCUSDT',
      ts: 0,
      localTs: 0,
      bids: [
        [mid, 2],
        [c.priceLow - 1e6, 5],
      ],
      asks: [],
    })
    const d = (await get('/api/overlays?symbol=BTCUSDT&kind=depth')).body
    expect(d.available).toBe(true)
    const lvl = (d.levels as { priceLow: number; bidQty: number }[]).find(
      (l) => l.priceLow === c.priceLow,
    )
    expect(lvl?.bidQty).toBe(2)
  })

  it.each([
    ['/api/overlays?symbol=BTCUSDT', 'kind', /required/],
    ['/api/overlays?symbol=BTCUSDT&kind=rsi', 'kind', /not one of volume-profile/],
    ['/api/overlays?symbol=BTCUSDT&kind=cvd&tf=3d', 'tf', /not one of/],
  ])('%s → 400 naming %s', async (url, parameter, reason) => {
    const r = await get(url)
    expect(r.status).toBe(400)
    expect(r.body).toMatchObject({ parameter, reason: expect.stringMatching(reason) })
  })

  it('says what is missing when the source lacks it', async () => {
    const bare = syntheticMarket(2, 9)
    const noOi = testApp({
      ...bare,
      openInterest: [],
      funding: [],
      bars: bare.bars.map(({ takerBuyVolume: _t, ...b }) => b),
    })
    const oi = (await noOi.app.inject({ url: '/api/overlays?symbol=BTCUSDT&kind=oi-delta' })).json()
    expect(oi).toMatchObject({ available: false, reason: 'the source has no open interest' })
    const cvd = (await noOi.app.inject({ url: '/api/overlays?symbol=BTCUSDT&kind=cvd' })).json()
    expect(cvd).toMatchObject({
      available: false,
      reason: 'the source has no taker buy/sell split',
    })
    await noOi.app.close()
  })
})
