import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { waitFor } from '../../../../test/fakes/fake-server.ts'
import {
  fakeAddress as A,
  FakeHyperliquid,
  isolatedPosition,
  rawPosition,
} from '../../../../test/fakes/hyperliquid.ts'
import { HlPositionsCollector } from './collector.ts'

let fake: FakeHyperliquid
let collector: HlPositionsCollector

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
})
afterEach(async () => {
  await collector.stop()
  await fake.close()
})

describe('HlPositionsCollector against the fake Hyperliquid', () => {
  it('discovers addresses from trades, polls them, and maps their positions exactly', async () => {
    fake.ctx = { markPx: '65000.0', openInterest: '10.0' }
    // Levels from Hyperliquid's formula (src/margin), as the venue would compute them.
    const long = isolatedPosition(1, 65_000, 20) // liq 62 531.65 (docs example)
    const short = isolatedPosition(-0.5, 65_000, 10) // liq 70 617.28 (docs example)
    fake.setPositions(A(1), [long])
    fake.setPositions(A(2), [short])
    fake.setPositions(A(3), [
      rawPosition({
        szi: 2,
        entryPx: 60_000,
        markPx: 65_000,
        liquidationPx: null,
        type: 'cross',
        leverage: 3,
      }),
    ])
    collector.start()
    await waitFor(() => fake.subscriptions.length === 1, 5000, 'subscription')
    expect(fake.subscriptions).toEqual([{ type: 'trades', coin: 'BTC' }])
    fake.sendTrades([
      [A(1), A(2)],
      [A(3), A(4)],
      [A(1), A(4)],
    ])
    fake.send(
      JSON.stringify({
        channel: 'trades',
        data: [{ coin: 'BTC', side: 'B', px: '1', sz: '1', time: 1, tid: 1, users: ['0xa', 'x'] }],
      }),
    )
    await waitFor(
      () => collector.positions.size === 3 && collector.book.stats().neverPolled === 0,
      5000,
      'every address polled, three positions',
    )
    const polled = new Set(fake.infoLog.flatMap((e) => (e.user ? [e.user] : [])))
    expect([...polled].sort()).toEqual([A(1), A(2), A(3), A(4)])

    const map = collector.exactMap({ bins: 20, rangePct: 10 })
    expect(map).toBeDefined()
    if (!map) return
    // Hand-computed: priceMin 58 500, step 650; long 65 000 USD in bin 6, short 32 500 in bin 18.
    const expLong = new Array(20).fill(0)
    expLong[Math.floor((Number(long.liquidationPx) - 58_500) / 650)] = 65_000
    const expShort = new Array(20).fill(0)
    expShort[Math.floor((Number(short.liquidationPx) - 58_500) / 650)] = 32_500
    expect(expLong[6]).toBe(65_000)
    expect(expShort[18]).toBe(32_500)
    expect(map.long).toEqual(expLong)
    expect(map.short).toEqual(expShort)
    // Coverage: (65 000 + 130 000 + 32 500) / (2 × 10 × 65 000).
    expect(map.coverage).toBeCloseTo(227_500 / 1_300_000, 12)
    expect(map).toMatchObject({ exact: true, addresses: 3, noLiquidationUsd: 130_000 })

    const st = collector.status()
    expect(st.addresses).toMatchObject({ known: 4, holding: 3, discoveries: 4 })
    expect(st.discoveredLastMinute).toBe(4)
    expect(st.invalidAddresses).toBe(2)
    expect(st.coverage).toBeCloseTo(227_500 / 1_300_000, 12)
    expect(st.stream).toMatchObject({ stream: 'trades:BTCUSDT', state: 'open' })
    expect(st.requests.callsLastMinute).toBeGreaterThanOrEqual(5)
    expect(st.weightPerMinute).toBe(960)
    // 4 addresses at (960 − 20 burst − 20 mark/OI per min) / 2 weight = 460 polls/min.
    expect(st.rotationMs).toBeCloseTo((4 / 460) * 60_000, 6)

    const d = collector.leverageDistribution([5, 10, 25, 50, 100])
    // long 20× isolated → 25 (ln 20 nearer ln 25); short 10× → 10; cross 3× → 5.
    expect(d.notionalUsd).toEqual([130_000, 32_500, 65_000, 0, 0])
    expect(() => collector.calibratedPrior()).toThrow(/3 positions/)
    expect(collector.calibratedPrior([5, 10, 25, 50, 100], { minPositions: 3 })).toEqual({
      leverages: [5, 10, 25, 50, 100],
      leverageWeights: [130_000 / 227_500, 32_500 / 227_500, 65_000 / 227_500, 0, 0],
    })
  })

  it('stop() ends the stream and the poller', async () => {
    collector.start()
    await waitFor(() => fake.sockets.length === 1, 5000, 'socket')
    await collector.stop()
    expect(collector.status().running).toBe(false)
    await waitFor(() => fake.sockets.length === 0, 5000, 'socket closed')
    expect(() => collector.start()).toThrow(/already started/)
  })
})
