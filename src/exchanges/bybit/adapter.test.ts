import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BookEvent, MarketEvent } from '../../core/events.ts'
import { FakeBybit } from '../../../test/fakes/bybit.ts'
import { fixtureLines, waitFor } from '../../../test/fakes/fake-server.ts'
import { barAt, fundingAt, oiAt } from '../../../test/fakes/series.ts'
import { createAdapter } from '../registry.ts'
import { consume, count, fakeAdapter, pages, testClock, until } from '../test-helpers.ts'
import type { VenueAdapter } from '../types.ts'
import { eventProblems } from '../validate.ts'

const FIX = new URL('./fixtures/', import.meta.url)
const WS = fixtureLines(new URL('ws.ndjson', FIX))
const BOOK = fixtureLines(new URL('ws-book.ndjson', FIX))
const T0 = 1780000020000
const M = 60_000
const NOW = T0 + 10 * 86_400_000

let fake: FakeBybit
let clock: ReturnType<typeof testClock>
let adapter: VenueAdapter
let ctrl: AbortController

beforeEach(async () => {
  clock = testClock(T0 + 120_000)
  fake = await new FakeBybit().start()
  adapter = fakeAdapter('bybit', clock, {
    restUrl: fake.url,
    wsUrl: `${fake.wsUrl}/v5/public/linear`,
  })
  ctrl = new AbortController()
})
afterEach(async () => {
  ctrl.abort()
  await fake.close()
})

const lastBook = (ev: readonly MarketEvent[]): BookEvent | undefined =>
  ev.filter((e): e is BookEvent => e.type === 'book').at(-1)

describe('bybit adapter against the fake (live)', () => {
  it('normal flow: topics, all channels, book, valid events; ping every 20 s', async () => {
    const { events } = consume(adapter.stream({ symbols: ['BTCUSDT'], signal: ctrl.signal }))
    await waitFor(() => fake.topics.length === 5, 5000, 'subscriptions')
    expect(fake.topics).toEqual([
      'publicTrade.BTCUSDT',
      'kline.1.BTCUSDT',
      'tickers.BTCUSDT',
      'allLiquidation.BTCUSDT',
      'orderbook.200.BTCUSDT',
    ])
    expect(fake.hits('/v5/market/instruments-info')).toHaveLength(1)
    for (const l of [...WS, ...BOOK]) fake.send(l)
    await until(
      events,
      (ev) =>
        count(ev, 'liquidation') === 2 && count(ev, 'bar') === 2 && lastBook(ev)?.asks.length === 3,
      'all channels',
    )
    expect(
      events
        .filter((e) => e.type === 'liquidation')
        .map((e) => (e.type === 'liquidation' ? e.side : '')),
    ).toEqual(['long', 'short'])
    expect(
      events
        .filter((e) => e.type === 'open_interest')
        .map((e) => (e.type === 'open_interest' ? e.oi : 0)),
    ).toEqual([50000, 50005])
    expect(lastBook(events)).toMatchObject({
      bids: [
        [64999.9, 2],
        [64999.8, 3],
      ],
      asks: [
        [65000.1, 0.8],
        [65000.2, 1.5],
        [65000.3, 2.5],
      ],
    })
    for (const e of events) expect(eventProblems(e), JSON.stringify(e)).toEqual([])
    clock.advance(20_000)
    await waitFor(
      () => fake.sockets[0]?.received.some((t) => t.includes('"op":"ping"')) === true,
      5000,
      'ping',
    )
  })

  it('disconnect mid-stream resubscribes; duplicate liquidation batch dropped', async () => {
    const { events } = consume(
      adapter.stream({ symbols: ['BTCUSDT'], channels: ['liquidations'], signal: ctrl.signal }),
    )
    await waitFor(() => fake.topics.length === 1, 5000, 'subscription')
    fake.send(WS[4])
    await until(events, (ev) => count(ev, 'liquidation') === 2, 'liquidations')
    fake.dropAll()
    await until(events, (ev) => count(ev, 'disconnect') === 1, 'disconnect')
    await waitFor(() => fake.topics.length === 2, 5000, 'resubscribe')
    fake.send(WS[4])
    fake.send(
      '{"topic":"allLiquidation.BTCUSDT","type":"snapshot","ts":1780000030000,"data":[{"T":1780000029000,"s":"BTCUSDT","S":"Sell","v":"0.1","p":"66000"}]}',
    )
    await until(events, (ev) => count(ev, 'liquidation') === 3, 'new liquidation')
    expect(adapter.status()[0]).toMatchObject({ reconnects: 1, duplicates: 2 })
  })
})

describe('bybit REST against the fake', () => {
  beforeEach(() => {
    clock = testClock(NOW)
    adapter = createAdapter('bybit', {
      restUrl: fake.url,
      now: clock.now,
      sleep: clock.sleep,
      enableRateLimit: false,
    })
  })

  it('kline pages come newest first from the venue and leave oldest first, exact values', async () => {
    const from = NOW - 2500 * M
    const bars = (
      await pages(adapter.backfill({ symbol: 'BTCUSDT', kind: 'bars', from, to: NOW }))
    ).flat()
    expect(bars.map((b) => ('ts' in b ? b.ts : 0))).toEqual(
      Array.from({ length: 2500 }, (_, i) => from + i * M),
    )
    const b = bars[1234]
    const want = barAt(from + 1234 * M, M)
    expect(b).toMatchObject({
      open: want.open,
      close: want.close,
      high: want.high,
      low: want.low,
      volume: want.volume,
    })
    expect(fake.hits('/v5/market/kline')).toHaveLength(3)
  })

  it('retCode 10006 and 403 "access too frequent" wait, then recover', async () => {
    fake.limitNext(1, {
      body: { retCode: 10006, retMsg: 'Too many visits!', result: {}, retExtInfo: {}, time: NOW },
    })
    fake.limitNext(1, { status: 403, body: 'access too frequent' })
    const bars = (
      await pages(
        adapter.backfill({ symbol: 'BTCUSDT', kind: 'bars', from: NOW - 10 * M, to: NOW }),
      )
    ).flat()
    expect(bars).toHaveLength(10)
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(500)
    expect(clock.sleeps[0]).toBeLessThanOrEqual(1000)
    expect(clock.sleeps[1]).toBe(600_000)
  })

  it('open interest: singleOpenInterest, or half of the two-sided openInterest', async () => {
    const range = {
      symbol: 'BTCUSDT',
      kind: 'open_interest' as const,
      tf: '5m',
      from: NOW - 1000 * 5 * M,
      to: NOW,
    }
    const a = (await pages(adapter.backfill(range))).flat()
    fake.singleOi = false
    const b = (await pages(adapter.backfill(range))).flat()
    expect(a.length).toBe(1000)
    for (const x of [...a, ...b])
      expect(x.type === 'open_interest' && x.oi).toBe(oiAt(x.type === 'open_interest' ? x.ts : 0))
  })

  it('funding history with the instrument interval', async () => {
    const f = (
      await pages(
        adapter.backfill({
          symbol: 'BTCUSDT',
          kind: 'funding',
          from: NOW - 100 * 86_400_000,
          to: NOW,
        }),
      )
    ).flat()
    expect(f).toHaveLength(300)
    for (const e of f)
      if (e.type === 'funding') expect([e.rate, e.intervalHours]).toEqual([fundingAt(e.ts), 8])
  })

  it('markets (perpetuals only) and public risk-limit tiers', async () => {
    expect(await adapter.markets()).toEqual([
      { symbol: 'BTCUSDT', venueSymbol: 'BTCUSDT', tickSize: 0.1, contractSize: 1 },
      { symbol: 'ETHUSDT', venueSymbol: 'ETHUSDT', tickSize: 0.01, contractSize: 1 },
    ])
    const t = await adapter.tiers('BTCUSDT')
    expect(t.tiers).toEqual([
      { tier: 1, floorUsd: 0, capUsd: 2_000_000, maxLeverage: 100, mmr: 0.005, maintAmountUsd: 0 },
      {
        tier: 2,
        floorUsd: 2_000_000,
        capUsd: 4_000_000,
        maxLeverage: 57.14,
        mmr: 0.01,
        maintAmountUsd: 10_000,
      },
      {
        tier: 3,
        floorUsd: 4_000_000,
        capUsd: 6_000_000,
        maxLeverage: 40,
        mmr: 0.015,
        maintAmountUsd: 30_000,
      },
    ])
  })
})
