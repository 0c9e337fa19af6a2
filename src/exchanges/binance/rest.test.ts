import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MarketEvent } from '../../core/events.ts'
import { FakeBinance } from '../../../test/fakes/binance.ts'
import { barAt, fundingAt, oiAt } from '../../../test/fakes/series.ts'
import { createAdapter } from '../registry.ts'
import { pages, testClock, tsOf } from '../test-helpers.ts'
import type { VenueAdapter } from '../types.ts'
import { eventProblems } from '../validate.ts'

const M = 60_000
const DAY = 86_400_000
const NOW = 1780000020000 + 30 * DAY
let fake: FakeBinance
let clock: ReturnType<typeof testClock>
let adapter: VenueAdapter

beforeEach(async () => {
  clock = testClock(NOW)
  fake = await new FakeBinance({ now: clock.now }).start()
  adapter = createAdapter('binance', {
    restUrl: fake.url,
    now: clock.now,
    sleep: clock.sleep,
    enableRateLimit: false,
  })
})
afterEach(() => fake.close())

function flat(p: MarketEvent[][]): MarketEvent[] {
  return p.flat()
}

describe('binance REST backfill against the fake', () => {
  it('klines: 3 000 bars in two pages of 1 500, oldest first, every field from the venue row', async () => {
    const from = NOW - 3000 * M
    const p = await pages(adapter.backfill({ symbol: 'BTCUSDT', kind: 'bars', from, to: NOW }))
    expect(p.map((x) => x.length)).toEqual([1500, 1500])
    const bars = flat(p)
    for (const e of bars) expect(eventProblems(e)).toEqual([])
    bars.forEach((b, i) => {
      const want = barAt(from + i * M, M)
      expect(b).toMatchObject({
        type: 'bar',
        ts: want.ts,
        open: want.open,
        high: want.high,
        low: want.low,
        close: want.close,
        volume: want.volume,
        takerBuyVolume: want.takerBuy,
        closed: true,
      })
    })
    const q = fake.hits('/fapi/v1/klines')[0].query
    expect([
      q.get('symbol'),
      q.get('interval'),
      q.get('limit'),
      q.get('startTime'),
      q.get('endTime'),
    ]).toEqual(['BTCUSDT', '1m', '1500', String(from), String(from + 1500 * M - 1)])
  })

  it('429 then 418, each with Retry-After, then recovery: waits as told and loses nothing', async () => {
    fake.limitNext(1, {
      status: 429,
      headers: { 'Retry-After': '2' },
      body: {
        code: -1003,
        msg: 'Too many requests; current limit is 2400 request weight per 1 MINUTE.',
      },
    })
    fake.limitNext(1, {
      status: 418,
      headers: { 'Retry-After': '120' },
      body: { code: -1003, msg: 'Way too many requests; IP banned until 1780000140000.' },
    })
    const from = NOW - 100 * M
    const bars = flat(
      await pages(adapter.backfill({ symbol: 'BTCUSDT', kind: 'bars', from, to: NOW })),
    )
    expect(bars).toHaveLength(100)
    expect(clock.sleeps.slice(0, 2)).toEqual([2000, 120_000])
    expect(fake.hits('/fapi/v1/klines')).toHaveLength(3)
  })

  it('used weight near the 2 400/min budget waits for the next minute', async () => {
    fake.usedWeight = 2300
    await pages(adapter.backfill({ symbol: 'BTCUSDT', kind: 'bars', from: NOW - 10 * M, to: NOW }))
    expect(clock.sleeps).toEqual([60_000 - (NOW % 60_000) + 500])
  })

  it('open interest: asked only inside the 30-day window, one-sided base units', async () => {
    const oi = flat(
      await pages(
        adapter.backfill({
          symbol: 'BTCUSDT',
          kind: 'open_interest',
          tf: '5m',
          from: NOW - 40 * DAY,
          to: NOW,
        }),
      ),
    )
    expect(tsOf(oi[0])).toBeGreaterThanOrEqual(NOW - 30 * DAY)
    expect(tsOf(oi[oi.length - 1])).toBe(Math.floor((NOW - 1) / (5 * M)) * 5 * M)
    expect(oi.length).toBeGreaterThan(8000)
    for (const e of oi)
      expect(e.type === 'open_interest' && e.oi).toBe(oiAt(e.type === 'open_interest' ? e.ts : 0))
    for (const r of fake.hits('/futures/data/openInterestHist'))
      expect(Number(r.query.get('startTime'))).toBeGreaterThanOrEqual(NOW - 30 * DAY)
  })

  it('funding history: settled rates on the 8 h grid with mark price', async () => {
    const f = flat(
      await pages(
        adapter.backfill({ symbol: 'BTCUSDT', kind: 'funding', from: NOW - 20 * DAY, to: NOW }),
      ),
    )
    expect(f).toHaveLength(60)
    for (const e of f) {
      expect(e).toMatchObject({
        type: 'funding',
        predicted: false,
        intervalHours: 8,
        markPrice: 60000,
      })
      if (e.type === 'funding') expect(e.rate).toBe(fundingAt(e.ts))
    }
  })

  it('resume: an aborted backfill continues from the last stored bar without gaps or repeats', async () => {
    const from = NOW - 4000 * M
    const ctrl = new AbortController()
    const first: number[] = []
    for await (const p of adapter.backfill({
      symbol: 'BTCUSDT',
      kind: 'bars',
      from,
      to: NOW,
      signal: ctrl.signal,
    })) {
      first.push(...p.map((e) => ('ts' in e ? e.ts : 0)))
      ctrl.abort()
    }
    const rest = flat(
      await pages(
        adapter.backfill({
          symbol: 'BTCUSDT',
          kind: 'bars',
          from: (first.at(-1) ?? 0) + M,
          to: NOW,
        }),
      ),
    ).map((e) => ('ts' in e ? e.ts : 0))
    expect([...first, ...rest]).toEqual(Array.from({ length: 4000 }, (_, i) => from + i * M))
  })

  it('a bad row is a DataError naming the call and problem; an unknown timeframe a UsageError naming --tf', async () => {
    await expect(
      pages(
        adapter.backfill({ symbol: 'BTCUSDT', kind: 'bars', tf: '7m', from: NOW - M, to: NOW }),
      ),
    ).rejects.toThrow(/--tf|timeframe '7m'/)
    fake.limitNext(1, {
      body: [[NOW - M, '1', '2', '0.5', '-1', '1', NOW, '1', 1, '0.5', '0.5', '0']],
    })
    await expect(
      pages(adapter.backfill({ symbol: 'BTCUSDT', kind: 'bars', from: NOW - M, to: NOW })),
    ).rejects.toThrow(/binance klines: row at ts \d+: bar OHLC must be > 0/)
  })

  it('markets and tiers', async () => {
    const m = await adapter.markets()
    expect(m).toEqual([
      { symbol: 'BTCUSDT', venueSymbol: 'BTCUSDT', tickSize: 0.1, contractSize: 1 },
      { symbol: 'ETHUSDT', venueSymbol: 'ETHUSDT', tickSize: 0.01, contractSize: 1 },
    ])
    const t = await adapter.tiers('BTCUSDT')
    expect(t.venue).toBe('binance')
    expect(t.tiers[1]).toMatchObject({ floorUsd: 300000, mmr: 0.005, maintAmountUsd: 300 })
    await expect(adapter.tiers('DOGEUSDT')).rejects.toThrow(/needs an API key/)
  })
})
