/**
 * Opt-in tests against the real venues (public endpoints only, no keys): skipped unless
 * RUN_LIVE_TESTS=1. Per venue: markets list BTC, one hour of 1m bars and a day of funding come
 * back complete and valid, tiers parse, and a short live stream yields valid trades.
 * Geo-blocks (Binance 451, Bybit 403) fail these tests by design: run them from an allowed region.
 * @module
 */
import { describe, expect, it } from 'vitest'
import type { MarketEvent } from '../../src/core/events.ts'
import { VENUES } from '../../src/core/types.ts'
import { createAdapter } from '../../src/exchanges/registry.ts'
import { eventProblems } from '../../src/exchanges/validate.ts'

const LIVE = process.env.RUN_LIVE_TESTS === '1'
const M = 60_000

describe.skipIf(!LIVE).each(VENUES)('%s (live)', (venue) => {
  const adapter = createAdapter(venue)

  it('markets include BTCUSDT with a tick size and contract size', async () => {
    const btc = (await adapter.markets()).find((m) => m.symbol === 'BTCUSDT')
    expect(btc?.tickSize).toBeGreaterThan(0)
    expect(btc?.contractSize).toBeGreaterThan(0)
  }, 60_000)

  it('an hour of 1m bars and a day of funding, complete and valid', async () => {
    const to = Math.floor(Date.now() / M) * M - M
    const bars: MarketEvent[] = []
    for await (const p of adapter.backfill({
      symbol: 'BTCUSDT',
      kind: 'bars',
      from: to - 60 * M,
      to,
    }))
      bars.push(...p)
    expect(bars).toHaveLength(60)
    const funding: MarketEvent[] = []
    for await (const p of adapter.backfill({
      symbol: 'BTCUSDT',
      kind: 'funding',
      from: to - 86_400_000,
      to,
    }))
      funding.push(...p)
    expect(funding.length).toBeGreaterThan(0)
    for (const e of [...bars, ...funding]) expect(eventProblems(e)).toEqual([])
  }, 120_000)

  it('tiers parse into a contiguous table', async () => {
    const t = await adapter.tiers('BTCUSDT')
    expect(t.tiers.length).toBeGreaterThan(0)
    t.tiers.forEach((x, i) => i > 0 && expect(x.floorUsd).toBe(t.tiers[i - 1].capUsd))
  }, 60_000)

  it('live trades for 20 s are valid', async () => {
    const ctrl = new AbortController()
    const timer = setTimeout(() => ctrl.abort(), 20_000)
    const seen: MarketEvent[] = []
    for await (const e of adapter.stream({
      symbols: ['BTCUSDT'],
      channels: ['trades', 'book'],
      signal: ctrl.signal,
    }))
      seen.push(e)
    clearTimeout(timer)
    const trades = seen.filter((e) => e.type === 'trade')
    expect(trades.length).toBeGreaterThan(0)
    for (const e of seen) expect(eventProblems(e)).toEqual([])
  }, 60_000)
})
