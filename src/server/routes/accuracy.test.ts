import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LiquidationEvent, MarketData } from '../../core/types.ts'
import { evaluate } from '../../eval/evaluate.ts'
import { syntheticMarket, testApp, type TestApp } from '../testing.ts'

/** The synthetic market with liquidations reported where bars fall (longs) or rise (shorts). */
function withLiquidations(d: MarketData): MarketData {
  const events: LiquidationEvent[] = []
  d.bars.forEach((b, i) => {
    const move = (b.close - b.open) / b.open
    if (Math.abs(move) < 0.0005 && i % 7 !== 0) return
    const side = move < 0 ? 'long' : 'short'
    const qty = 0.01 + Math.abs(move) * 500 + (i % 5) * 0.01
    events.push({
      ts: b.ts + 1000,
      venue: i % 3 ? 'binance' : 'bybit',
      symbol: d.symbol,
      side,
      price: b.close,
      qty,
      usd: qty * b.close,
    })
  })
  return { ...d, liquidationEvents: events }
}

const data = withLiquidations(syntheticMarket(4))
let t: TestApp
let bare: TestApp

beforeAll(async () => {
  t = testApp(data)
  bare = testApp(syntheticMarket(4))
  await Promise.all([t.app.ready(), bare.app.ready()])
})
afterAll(async () => {
  await Promise.all([t.app.close(), bare.app.close()])
})

async function get(app: TestApp, url: string) {
  const r = await app.app.inject({ url })
  return { status: r.statusCode, body: r.json() as Record<string, unknown> }
}

describe('GET /api/accuracy', () => {
  it('measures the running model over the last hours, as the per-bar evaluation does', async () => {
    const { status, body } = await get(t, '/api/accuracy?symbol=btcusdt&hours=12')
    expect(status).toBe(200)
    expect(body).toMatchObject({
      estimated: true,
      symbol: 'BTCUSDT',
      hours: 12,
      available: true,
      realizedVenues: ['binance', 'bybit'],
    })
    const last = data.bars[data.bars.length - 1]
    const want = evaluate(data, undefined, {
      warmupHours: 24,
      from: last.ts + data.timeframeMs - 12 * 3_600_000,
    })
    expect(body.result).toEqual(JSON.parse(JSON.stringify(want)))
    // 12 h of 5m bars (those with a reported liquidation), and a wider window has more
    const r12 = body.result as { bars: number; rows: { values: Record<string, number> }[] }
    expect(r12.bars).toBeGreaterThan(50)
    expect(r12.bars).toBeLessThanOrEqual(144)
    const wide = (await get(t, '/api/accuracy?symbol=BTCUSDT&hours=48')).body
    expect((wide.result as { bars: number }).bars).toBeGreaterThan(r12.bars)
    expect(r12.rows).toHaveLength(4)
  })

  it('warms the model up on the 14 days before the window, however long the history', async () => {
    const long = withLiquidations(syntheticMarket(20, 11))
    const app = testApp(long)
    await app.app.ready()
    try {
      const { body } = await get(app, '/api/accuracy?symbol=BTCUSDT&hours=24')
      const last = long.bars[long.bars.length - 1]
      const from = last.ts + long.timeframeMs - 24 * 3_600_000
      const start = from - 14 * 86_400_000
      const cut = <T extends { ts: number }>(xs: readonly T[], pad = 0) =>
        xs.filter((x) => x.ts >= start - pad)
      const recent: MarketData = {
        ...long,
        bars: cut(long.bars),
        openInterest: cut(long.openInterest, long.timeframeMs),
        funding: cut(long.funding),
        liquidationEvents: cut(long.liquidationEvents),
      }
      const want = evaluate(recent, undefined, { warmupHours: 24, from })
      expect(body.result).toEqual(JSON.parse(JSON.stringify(want)))
      // and that is not what the whole history gives (the cut matters here)
      const all = evaluate(long, undefined, { warmupHours: 24, from })
      expect(JSON.stringify(all.rows)).not.toBe(JSON.stringify(want.rows))
    } finally {
      await app.app.close()
    }
  })

  it('says why when there is nothing to measure', async () => {
    const { status, body } = await get(bare, '/api/accuracy?symbol=BTCUSDT')
    expect(status).toBe(200)
    expect(body).toMatchObject({ available: false, hours: 24, realizedVenues: [] })
    expect(body.reason).toMatch(/realized liquidations/)
  })

  it('refuses bad parameters by name, and unknown symbols', async () => {
    for (const q of ['hours=0', 'hours=abc', 'hours=3000', 'x=1']) {
      const r = await get(t, `/api/accuracy?symbol=BTCUSDT&${q}`)
      expect(r.status, q).toBe(400)
      expect(JSON.stringify(r.body), q).toMatch(q.startsWith('x') ? /x/ : /hours/)
    }
    expect((await get(t, '/api/accuracy')).status).toBe(400)
    expect((await get(t, '/api/accuracy?symbol=ETHUSDT')).status).toBe(404)
  })
})
