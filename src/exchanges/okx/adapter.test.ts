import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BookEvent, MarketEvent } from '../../core/events.ts'
import { fixtureLines, waitFor } from '../../../test/fakes/fake-server.ts'
import { FakeOkx, OKX_CT_VAL } from '../../../test/fakes/okx.ts'
import { barAt, fundingAt, oiAt } from '../../../test/fakes/series.ts'
import { createAdapter } from '../registry.ts'
import { consume, count, fakeAdapter, pages, testClock, until } from '../test-helpers.ts'
import type { VenueAdapter } from '../types.ts'
import { eventProblems } from '../validate.ts'

const FIX = new URL('./fixtures/', import.meta.url)
const PUB = fixtureLines(new URL('ws-public.ndjson', FIX))
const BIZ = fixtureLines(new URL('ws-business.ndjson', FIX))
const BOOKS = fixtureLines(new URL('ws-books.ndjson', FIX))
const T0 = 1780000020000
const M = 60_000
const NOW = T0 + 10 * 86_400_000

let fake: FakeOkx
let clock: ReturnType<typeof testClock>
let adapter: VenueAdapter
let ctrl: AbortController

beforeEach(async () => {
  clock = testClock(T0 + 120_000)
  fake = await new FakeOkx().start()
  adapter = fakeAdapter('okx', clock, { restUrl: fake.url, wsUrl: `${fake.wsUrl}/ws/v5` })
  ctrl = new AbortController()
})
afterEach(async () => {
  ctrl.abort()
  await fake.close()
})

const lastBook = (ev: readonly MarketEvent[]): BookEvent | undefined =>
  ev.filter((e): e is BookEvent => e.type === 'book').at(-1)

describe('okx adapter against the fake (live)', () => {
  it('normal flow: public + business endpoints, contracts → base units, valid events', async () => {
    const { events } = consume(adapter.stream({ symbols: ['BTCUSDT'], signal: ctrl.signal }))
    await waitFor(() => fake.subscribed.length === 7, 5000, 'subscriptions')
    expect(fake.subscribed.map((a) => a.channel).sort()).toEqual([
      'books',
      'candle1m',
      'funding-rate',
      'liquidation-orders',
      'mark-price',
      'open-interest',
      'trades',
    ])
    for (const l of PUB) fake.send(l, '/ws/v5/public')
    for (const l of BOOKS) fake.send(l, '/ws/v5/public')
    for (const l of BIZ) fake.send(l, '/ws/v5/business')
    await until(
      events,
      (ev) => count(ev, 'liquidation') === 2 && count(ev, 'bar') === 2 && count(ev, 'book') === 3,
      'all channels',
    )
    const book = lastBook(events)
    expect(book?.bids.map((l) => l[0])).toEqual([64999.9, 64999.8])
    expect(book?.asks[0][1]).toBeCloseTo(0.8, 12)
    expect(events.find((e) => e.type === 'trade')).toMatchObject({
      symbol: 'BTCUSDT',
      takerSide: 'buy',
    })
    for (const e of events) expect(eventProblems(e), JSON.stringify(e)).toEqual([])
    expect(adapter.status().every((s) => !s.note?.includes('venue error'))).toBe(true)
    clock.advance(25_000)
    await waitFor(
      () => fake.sockets.every((s) => s.received.includes('ping')),
      5000,
      'text ping on both connections',
    )
  })

  it('a broken seqId chain resubscribes books and rebuilds from the new snapshot', async () => {
    fake.booksSnapshot = JSON.stringify({
      arg: { channel: 'books', instId: 'BTC-USDT-SWAP' },
      action: 'snapshot',
      data: [
        {
          asks: [['66000.0', '10', '0', '1']],
          bids: [['64000.0', '20', '0', '1']],
          ts: String(T0 + 900),
          checksum: 0,
          prevSeqId: -1,
          seqId: 500,
        },
      ],
    })
    const { events } = consume(
      adapter.stream({ symbols: ['BTC-USDT-SWAP'], channels: ['book'], signal: ctrl.signal }),
    )
    await until(events, (ev) => count(ev, 'book') === 1, 'first snapshot')
    fake.send(
      JSON.stringify({
        arg: { channel: 'books', instId: 'BTC-USDT-SWAP' },
        action: 'update',
        data: [
          {
            asks: [],
            bids: [['64000.0', '0', '0', '0']],
            ts: String(T0 + 950),
            checksum: 0,
            prevSeqId: 499,
            seqId: 510,
          },
        ],
      }),
    )
    await waitFor(
      () => fake.unsubscribed.length === 1 && fake.subscribed.length === 2,
      5000,
      'resubscribe',
    )
    await until(events, (ev) => count(ev, 'book') === 2, 'rebuilt book')
    expect(lastBook(events)).toMatchObject({ bids: [[64000, 0.2]], asks: [[66000, 0.1]] })
  })

  it('disconnect mid-stream: both connections come back', async () => {
    const { events } = consume(
      adapter.stream({ symbols: ['BTCUSDT'], channels: ['trades', 'bars'], signal: ctrl.signal }),
    )
    await waitFor(
      () => fake.sockets.length === 2 && fake.subscribed.length === 2,
      5000,
      'connections',
    )
    fake.dropAll()
    await until(events, (ev) => count(ev, 'disconnect') === 2, 'disconnects')
    await waitFor(() => fake.subscribed.length === 4, 5000, 'resubscribed')
    fake.send(PUB[0], '/ws/v5/public')
    await until(events, (ev) => count(ev, 'trade') === 1, 'trade after reconnect')
  })
})

describe('okx REST against the fake', () => {
  beforeEach(() => {
    clock = testClock(NOW)
    adapter = createAdapter('okx', {
      restUrl: fake.url,
      now: clock.now,
      sleep: clock.sleep,
      enableRateLimit: false,
    })
  })

  it('history-candles: after/before windows of 100, contracts → base volume', async () => {
    const from = NOW - 250 * M
    const bars = (
      await pages(adapter.backfill({ symbol: 'BTCUSDT', kind: 'bars', from, to: NOW }))
    ).flat()
    expect(bars.map((b) => ('ts' in b ? b.ts : 0))).toEqual(
      Array.from({ length: 250 }, (_, i) => from + i * M),
    )
    const w = barAt(from, M)
    expect(bars[0]).toMatchObject({ symbol: 'BTCUSDT', open: w.open, close: w.close })
    expect(bars[0].type === 'bar' && bars[0].volume).toBeCloseTo(
      Math.round(w.volume / OKX_CT_VAL) * OKX_CT_VAL,
      9,
    )
    const q = fake.hits('/api/v5/market/history-candles')[0].query
    expect([q.get('instId'), q.get('bar'), q.get('before'), q.get('after')]).toEqual([
      'BTC-USDT-SWAP',
      '1m',
      String(from - 1),
      String(from + 100 * M),
    ])
  })

  it('429 / 50011 then recovery', async () => {
    fake.limitNext(2, { status: 429, body: { code: '50011', msg: 'Too Many Requests', data: [] } })
    const oi = (
      await pages(
        adapter.backfill({
          symbol: 'BTCUSDT',
          kind: 'open_interest',
          from: NOW - 300 * 5 * M,
          to: NOW,
        }),
      )
    ).flat()
    expect(oi).toHaveLength(300)
    for (const e of oi) if (e.type === 'open_interest') expect(e.oi).toBe(oiAt(e.ts))
    expect(clock.sleeps).toHaveLength(2)
  })

  it('funding history', async () => {
    const f = (
      await pages(
        adapter.backfill({
          symbol: 'BTCUSDT',
          kind: 'funding',
          from: NOW - 30 * 86_400_000,
          to: NOW,
        }),
      )
    ).flat()
    expect(f).toHaveLength(90)
    for (const e of f)
      if (e.type === 'funding')
        expect([e.rate, e.intervalHours, e.predicted]).toEqual([fundingAt(e.ts), 8, false])
  })

  it('markets (linear swaps) and position tiers converted to USD at mark', async () => {
    expect(await adapter.markets()).toEqual([
      { symbol: 'BTCUSDT', venueSymbol: 'BTC-USDT-SWAP', tickSize: 0.1, contractSize: 0.01 },
      { symbol: 'ETHUSDT', venueSymbol: 'ETH-USDT-SWAP', tickSize: 0.01, contractSize: 0.1 },
    ])
    const t = await adapter.tiers('BTCUSDT')
    expect(t.tiers).toEqual([
      { tier: 1, floorUsd: 0, capUsd: 650_000, maxLeverage: 100, mmr: 0.004, maintAmountUsd: 0 },
      {
        tier: 2,
        floorUsd: 650_000,
        capUsd: 3_250_000,
        maxLeverage: 50,
        mmr: 0.008,
        maintAmountUsd: 0,
      },
    ])
    expect(t.liquidationFeeRate).toBe(0.0005)
    expect(fake.hits('/api/v5/public/position-tiers')[0].query.get('instFamily')).toBe('BTC-USDT')
  })
})
