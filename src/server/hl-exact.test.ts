import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { waitFor } from '../../test/fakes/fake-server.ts'
import {
  fakeAddress as A,
  FakeHyperliquid,
  isolatedPosition,
} from '../../test/fakes/hyperliquid.ts'
import { HlPositionsCollector } from '../exchanges/hyperliquid/positions/collector.ts'
import { buildApp, type App } from './app.ts'
import { HL_NEEDS_LIVE, HL_TURNED_OFF, hlPositionsPlan, type HlExact } from './hl-exact.ts'
import { MarketHub } from './market-hub.ts'
import { serve } from './serve.ts'
import type { SourceKind } from './source.ts'
import { MemoryTemplateStore } from './templates-store.ts'

function appWith(kind: SourceKind, hlExact?: HlExact): App {
  return buildApp({
    hub: new MarketHub(),
    source: { kind, description: 'test', expectedIntervalMs: 5000, status: () => [] },
    templates: new MemoryTemplateStore(),
    ...(hlExact ? { hlExact } : {}),
  })
}

async function get(
  app: App,
  url: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await app.app.inject({ method: 'GET', url })
  return { status: r.statusCode, body: r.json() }
}

describe('when liqheat serve runs the Hyperliquid position collector', () => {
  it('runs it with the live source unless --no-hl-positions, never otherwise', () => {
    expect(hlPositionsPlan('live', undefined)).toEqual({ run: true })
    expect(hlPositionsPlan('live', true)).toEqual({ run: true })
    expect(hlPositionsPlan('live', false)).toEqual({ run: false, reason: HL_TURNED_OFF })
    for (const kind of ['replay', 'demo'] as const)
      for (const flag of [undefined, true, false])
        expect(hlPositionsPlan(kind, flag)).toEqual({ run: false, reason: HL_NEEDS_LIVE })
  })

  it('refuses --hl-positions with a replay, naming the flag', async () => {
    await expect(
      serve({
        source: 'replay',
        data: '/nonexistent',
        host: '127.0.0.1',
        port: 0,
        build: false,
        logger: false,
        log: () => undefined,
        hlPositions: true,
      }),
    ).rejects.toMatchObject({ flag: '--hl-positions', message: /needs --source live/ })
  })
})

describe('GET /api/hl-exact without a collector', () => {
  it('says the live source is needed on a replay or the simulator', async () => {
    for (const kind of ['replay', 'demo'] as const) {
      const app = appWith(kind)
      const r = await get(app, '/api/hl-exact')
      expect(r).toEqual({ status: 200, body: { available: false, reason: HL_NEEDS_LIVE } })
      await app.app.close()
    }
  })

  it('says the collector is off on a live source started without it', async () => {
    const app = appWith('live')
    expect((await get(app, '/api/hl-exact')).body).toEqual({
      available: false,
      reason: HL_TURNED_OFF,
    })
    await app.app.close()
  })
})

describe('GET /api/hl-exact against the fake Hyperliquid', () => {
  let fake: FakeHyperliquid
  let collector: HlPositionsCollector
  let app: App

  beforeEach(async () => {
    fake = await new FakeHyperliquid().start()
    collector = new HlPositionsCollector({
      restUrl: fake.url,
      wsUrl: `${fake.wsUrl}/ws`,
      minRepollMs: 50,
      ctxEveryMs: 60_000,
      tickMs: 10,
      backoff: { baseMs: 10, maxMs: 40 },
    })
    app = appWith('live', { running: true, symbol: 'BTCUSDT', collector })
  })
  afterEach(async () => {
    await collector.stop()
    await app.app.close()
    await fake.close()
  })

  it('is not available before the first mark price, then serves the exact map', async () => {
    const waiting = await get(app, '/api/hl-exact')
    expect(waiting.status).toBe(200)
    expect(waiting.body).toMatchObject({ available: false, reason: /first mark price/ })

    fake.ctx = { markPx: '65000.0', openInterest: '10.0' }
    const long = isolatedPosition(1, 65_000, 20) // liq 62 531.65 (Hyperliquid's formula)
    const short = isolatedPosition(-0.5, 65_000, 10) // liq 70 617.28
    fake.setPositions(A(1), [long])
    fake.setPositions(A(2), [short])
    collector.start()
    await waitFor(() => fake.subscriptions.length === 1, 5000, 'trades subscription')
    fake.sendTrades([[A(1), A(2)]])
    await waitFor(() => collector.positions.size === 2, 5000, 'two positions polled')

    const r = await get(app, '/api/hl-exact?symbol=btcusdt&bins=20&rangePct=10')
    expect(r.status).toBe(200)
    const b = r.body as {
      available: boolean
      exact: boolean
      estimated: boolean
      price: number
      priceMin: number
      step: number
      long: number[]
      short: number[]
      coverage: number
      addresses: number
      oldestAgeMs: number
      status: { positions: number }
    }
    expect(b).toMatchObject({ available: true, exact: true, estimated: false, addresses: 2 })
    // ±10 % around 65 000 in 20 bins: priceMin 58 500, step 650 (by hand)
    expect(b.price).toBe(65_000)
    expect(b.priceMin).toBeCloseTo(58_500, 6)
    expect(b.step).toBeCloseTo(650, 6)
    const expLong = new Array<number>(20).fill(0)
    expLong[Math.floor((Number(long.liquidationPx) - 58_500) / 650)] = 65_000 // 1 BTC × mark
    const expShort = new Array<number>(20).fill(0)
    expShort[Math.floor((Number(short.liquidationPx) - 58_500) / 650)] = 32_500
    expect(b.long).toEqual(expLong)
    expect(b.short).toEqual(expShort)
    // coverage: (65 000 + 32 500) / (2 × 10 BTC one-sided × 65 000)
    expect(b.coverage).toBeCloseTo(97_500 / 1_300_000, 12)
    expect(b.oldestAgeMs).toBeGreaterThanOrEqual(0)
    expect(b.status.positions).toBe(2)

    // the default size matches the model's map (200 bins)
    const d = await get(app, '/api/hl-exact')
    expect((d.body.long as number[]).length).toBe(200)
    // another symbol is not collected
    expect((await get(app, '/api/hl-exact?symbol=ETHUSDT')).body).toMatchObject({
      available: false,
      reason: /BTCUSDT only/,
    })
  })

  it('names a bad parameter', async () => {
    expect(await get(app, '/api/hl-exact?bins=5')).toMatchObject({
      status: 400,
      body: { parameter: 'bins' },
    })
    expect(await get(app, '/api/hl-exact?rangePct=80')).toMatchObject({
      status: 400,
      body: { parameter: 'rangePct' },
    })
    expect(await get(app, '/api/hl-exact?binz=50')).toMatchObject({
      status: 400,
      body: { parameter: 'binz' },
    })
  })
})
