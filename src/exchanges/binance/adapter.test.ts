import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BookEvent, MarketEvent } from '../../core/events.ts'
import { fixtureLines, waitFor } from '../../../test/fakes/fake-server.ts'
import { FakeBinance } from '../../../test/fakes/binance.ts'
import { createAdapter } from '../registry.ts'
import { consume, count, fakeAdapter, testClock, until } from '../test-helpers.ts'
import type { VenueAdapter } from '../types.ts'
import { eventProblems } from '../validate.ts'

const FIX = new URL('./fixtures/', import.meta.url)
const MARKET = fixtureLines(new URL('ws-market.ndjson', FIX))
const DEPTH = fixtureLines(new URL('ws-depth.ndjson', FIX))
const T0 = 1780000020000

let fake: FakeBinance
let clock: ReturnType<typeof testClock>
let adapter: VenueAdapter
let ctrl: AbortController

beforeEach(async () => {
  clock = testClock(T0 + 60_000)
  fake = await new FakeBinance({ now: clock.now }).start()
  adapter = fakeAdapter(
    'binance',
    clock,
    { restUrl: fake.url, wsUrl: fake.wsUrl },
    { oiPollMs: 50 },
  )
  ctrl = new AbortController()
})
afterEach(async () => {
  ctrl.abort()
  await fake.close()
})

const lastBook = (ev: readonly MarketEvent[]): BookEvent | undefined =>
  ev.filter((e): e is BookEvent => e.type === 'book').at(-1)

describe('binance adapter against the fake (live)', () => {
  it('normal flow: every channel, routed endpoints, synced book, polled OI, valid events', async () => {
    const { events, done } = consume(adapter.stream({ symbols: ['BTCUSDT'], signal: ctrl.signal }))
    await waitFor(() => fake.sockets.length === 2, 5000, 'two connections')
    expect(fake.sockets.map((s) => s.url).sort()).toEqual([
      '/market/stream?streams=btcusdt@aggTrade/btcusdt@kline_1m/btcusdt@markPrice@1s/btcusdt@forceOrder',
      '/public/stream?streams=btcusdt@depth@100ms',
    ])
    for (const l of MARKET) fake.send(l, '/market')
    for (const l of DEPTH) fake.send(l, '/public')
    await until(
      events,
      (ev) =>
        count(ev, 'liquidation') === 2 &&
        lastBook(ev)?.bids[0][0] === 65000.05 &&
        count(ev, 'open_interest') > 0,
      'all channels',
    )
    expect(lastBook(events)).toMatchObject({
      bids: [
        [65000.05, 0.3],
        [65000, 1.2],
        [64999, 3],
      ],
      asks: [
        [65000.2, 1.5],
        [65000.3, 0.7],
        [65001, 4],
      ],
    })
    expect(count(events, 'trade')).toBe(2)
    expect(count(events, 'bar')).toBe(2)
    expect(events.find((e) => e.type === 'open_interest')).toMatchObject({ oi: 81234.567 })
    for (const e of events) expect(eventProblems(e), JSON.stringify(e)).toEqual([])
    const st = adapter.status()
    expect(st.map((s) => s.stream).sort()).toEqual([
      'bars:BTCUSDT',
      'book:BTCUSDT',
      'funding:BTCUSDT',
      'liquidations:BTCUSDT',
      'open_interest:BTCUSDT',
      'trades:BTCUSDT',
    ])
    expect(st.every((s) => s.state === 'open')).toBe(true)
    ctrl.abort()
    await done
    expect(adapter.status().every((s) => s.state === 'closed')).toBe(true)
  })

  it('disconnect mid-stream: DisconnectEvent, reconnect, resubscribe, duplicate replay dropped', async () => {
    const { events } = consume(
      adapter.stream({ symbols: ['BTCUSDT'], channels: ['trades'], signal: ctrl.signal }),
    )
    await waitFor(() => fake.sockets.length === 1, 5000, 'connection')
    fake.send(MARKET[0])
    await until(events, (ev) => count(ev, 'trade') === 1, 'first trade')
    fake.dropAll()
    await until(events, (ev) => count(ev, 'disconnect') === 1, 'disconnect event')
    await waitFor(() => fake.connections === 2 && fake.sockets.length === 1, 5000, 'reconnect')
    fake.send(MARKET[0]) // the venue replays a trade we already have
    fake.send(MARKET[1])
    await until(events, (ev) => count(ev, 'trade') === 2, 'second trade')
    const st = adapter.status().find((s) => s.stream === 'trades:BTCUSDT')
    expect(st).toMatchObject({ reconnects: 1, duplicates: 1, state: 'open' })
    expect(clock.sleeps.some((ms) => ms >= 5 && ms <= 10)).toBe(true) // jittered backoff: [base/2, base]
  })

  it('malformed, partial, duplicate and out-of-order messages; a pu gap resyncs the book from a new snapshot', async () => {
    const { events } = consume(
      adapter.stream({ symbols: ['BTCUSDT'], channels: ['trades', 'book'], signal: ctrl.signal }),
    )
    await waitFor(() => fake.sockets.length === 2, 5000, 'connections')
    await waitFor(() => fake.hits('/fapi/v1/depth').length === 1, 5000, 'snapshot request')
    fake.send('{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","s":"BTC', '/market')
    fake.send('garbage', '/market')
    fake.send(MARKET[1], '/market')
    fake.send(MARKET[1], '/market')
    fake.send(MARKET[0], '/market') // older trade after a newer one: kept, it is a different trade
    for (const l of DEPTH) fake.send(l, '/public')
    await until(
      events,
      (ev) => count(ev, 'trade') === 2 && lastBook(ev)?.bids[0][0] === 65000.05,
      'trades and book',
    )
    expect(
      events.filter((e) => e.type === 'trade').map((e) => (e.type === 'trade' ? e.id : '')),
    ).toEqual(['5933015', '5933014'])
    // a gap: pu does not chain → clear, new snapshot, bridge
    fake.depth = {
      lastUpdateId: 2000,
      bids: [['64000.00', '1.000']],
      asks: [['66000.00', '1.000']],
    }
    const gap = (U: number, u: number, pu: number, px: string): string =>
      JSON.stringify({
        stream: 'btcusdt@depth@100ms',
        data: {
          e: 'depthUpdate',
          E: T0 + 900,
          T: T0 + 900,
          s: 'BTCUSDT',
          U,
          u,
          pu,
          b: [[px, '2.000']],
          a: [],
        },
      })
    fake.send(gap(1990, 1995, 1989, '63000.00'), '/public')
    await waitFor(() => fake.hits('/fapi/v1/depth').length === 2, 5000, 'resync snapshot')
    fake.send(gap(1996, 2005, 1995, '64500.00'), '/public')
    await until(events, (ev) => lastBook(ev)?.bids[0][0] === 64500, 'resynced book')
    expect(lastBook(events)?.bids).toEqual([
      [64500, 2],
      [64000, 1],
    ])
    const trades = adapter.status().find((s) => s.stream === 'trades:BTCUSDT')
    expect(trades).toMatchObject({ malformed: 2, duplicates: 1 })
    expect(adapter.status().find((s) => s.stream === 'book:BTCUSDT')?.note).toContain('resynced 1×')
  })

  it('24-hour rotation: time made to pass reconnects both connections before the venue limit', async () => {
    const { events } = consume(
      adapter.stream({ symbols: ['BTCUSDT'], channels: ['trades', 'book'], signal: ctrl.signal }),
    )
    await waitFor(() => adapter.status().every((s) => s.state === 'open'), 5000, 'connections open')
    clock.advance(23.5 * 3_600_000)
    await until(events, (ev) => count(ev, 'disconnect') === 2, 'two rotations')
    for (const e of events)
      if (e.type === 'disconnect') expect(e.reason).toMatch(/^rotation after 1410 min/)
    await waitFor(
      () => fake.connections === 4 && fake.sockets.length === 2,
      5000,
      'new connections',
    )
    expect(clock.sleeps.filter((ms) => ms === 0).length).toBeGreaterThanOrEqual(2) // no backoff for a rotation
    fake.send(MARKET[0], '/market')
    await until(events, (ev) => count(ev, 'trade') === 1, 'data after rotation')
  })

  it('stale detection: no data within staleAfterMs marks streams stale, then reconnects', async () => {
    adapter = fakeAdapter(
      'binance',
      clock,
      { restUrl: fake.url, wsUrl: fake.wsUrl },
      { staleAfterMs: 5000 },
    )
    const { events } = consume(
      adapter.stream({
        symbols: ['BTCUSDT'],
        channels: ['trades', 'liquidations'],
        signal: ctrl.signal,
      }),
    )
    await waitFor(() => fake.sockets.length === 1, 5000, 'connection')
    fake.send(MARKET[0])
    await until(events, (ev) => count(ev, 'trade') === 1, 'trade')
    clock.advance(6000)
    await until(events, (ev) => count(ev, 'disconnect') === 1, 'stale reconnect')
    expect(events.find((e) => e.type === 'disconnect')).toMatchObject({
      reason: 'stale: no data on any stream',
    })
    expect(adapter.status().find((s) => s.stream === 'liquidations:BTCUSDT')?.state).not.toBe(
      'stale',
    ) // event-driven: never stale
  })

  it('one silent stream is marked stale while the others flow; no reconnect for that', async () => {
    adapter = createAdapter('binance', {
      restUrl: fake.url,
      wsUrl: fake.wsUrl,
      now: clock.now,
      sleep: clock.sleep,
      tickMs: 10,
      staleAfterMs: 5000,
      enableRateLimit: false,
    })
    const { events } = consume(
      adapter.stream({
        symbols: ['BTCUSDT', 'ETHUSDT'],
        channels: ['trades'],
        signal: ctrl.signal,
      }),
    )
    await waitFor(() => fake.sockets.length === 1, 5000, 'connection')
    expect(fake.sockets[0].url).toBe('/market/stream?streams=btcusdt@aggTrade/ethusdt@aggTrade')
    await waitFor(() => adapter.status().every((s) => s.state === 'open'), 5000, 'open')
    // BTC trades keep flowing while time passes in 1 s steps; ETH stays silent.
    for (let i = 0; i < 7; i++) {
      clock.advance(1000)
      fake.send(
        JSON.stringify({
          stream: 'btcusdt@aggTrade',
          data: {
            e: 'aggTrade',
            E: T0 + i,
            s: 'BTCUSDT',
            a: i,
            p: '65000',
            q: '1',
            f: i,
            l: i,
            T: T0 + i,
            m: true,
          },
        }),
      )
      await until(events, (ev) => count(ev, 'trade') === i + 1, `trade ${i}`)
    }
    await waitFor(() => adapter.status().some((s) => s.state === 'stale'), 5000, 'stale status')
    const st = Object.fromEntries(adapter.status().map((s) => [s.stream, s.state]))
    expect(st).toEqual({ 'trades:BTCUSDT': 'open', 'trades:ETHUSDT': 'stale' })
    expect(count(events, 'disconnect')).toBe(0)
  })
})
