/**
 * Test helpers: a seeded synthetic market (random-walk 5m bars with volume, taker split, open
 * interest and funding) and an app around it with a fixed source, for in-process tests.
 * @module
 */
import type { Bar, FundingPoint, MarketData, OpenInterestPoint } from '../core/types.ts'
import { buildApp, type App } from './app.ts'
import { MarketHub } from './market-hub.ts'
import type { SourceInfo } from './context.ts'
import type { StreamStatus } from './source.ts'
import { MemoryTemplateStore } from './templates-store.ts'

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const T0 = Date.UTC(2025, 9, 1)
export const TF = 300_000

/** `days` of 5m bars from T0, seeded. */
export function syntheticMarket(days = 10, seed = 7, symbol = 'BTCUSDT'): MarketData {
  const rnd = mulberry32(seed)
  const n = Math.round((days * 86_400_000) / TF)
  const bars: Bar[] = []
  const openInterest: OpenInterestPoint[] = []
  const funding: FundingPoint[] = []
  let price = 100_000
  let oi = 80_000
  for (let i = 0; i < n; i++) {
    const ts = T0 + i * TF
    const open = price
    const drift = (rnd() - 0.5) * 0.006 * price
    const close = Math.max(1000, open + drift)
    const high = Math.max(open, close) * (1 + rnd() * 0.002)
    const low = Math.min(open, close) * (1 - rnd() * 0.002)
    const volume = 50 + rnd() * 400
    bars.push({
      ts,
      open,
      high,
      low,
      close,
      volume,
      quoteVolume: volume * close,
      takerBuyVolume: volume * (0.3 + rnd() * 0.4),
    })
    oi = Math.max(10_000, oi * (1 + (rnd() - 0.48) * 0.004))
    openInterest.push({ ts: ts + TF, oi, oiUsd: oi * close })
    if (i % 96 === 0) funding.push({ ts, rate: (rnd() - 0.4) * 2e-4, intervalHours: 8 })
    price = close
  }
  return {
    symbol,
    timeframeMs: TF,
    bars,
    openInterest,
    funding,
    liquidationEvents: [],
    liquidationBars: [],
    report: {
      files: [],
      inputsUsed: {
        bars: true,
        volume: true,
        takerSplit: true,
        openInterest: true,
        funding: true,
        liquidations: false,
      },
      issues: [],
      skippedRows: 0,
    },
  }
}

export interface TestApp extends App {
  readonly hub: MarketHub
  setStatus(s: StreamStatus[]): void
  /** Moves the fake wall clock. */
  advance(ms: number): void
}

/** An app over `data` (history only; push more with `hub.bar`). */
export function testApp(
  data: MarketData | undefined,
  opts: { token?: string; clock?: number } = {},
): TestApp {
  let now = opts.clock ?? Date.UTC(2030, 0, 1)
  const clock = () => now
  const hub = new MarketHub(clock)
  if (data) hub.loadHistory(data, { venues: ['binance'] })
  let streams: StreamStatus[] = [{ name: 'test', state: 'open', lastEventAt: now }]
  const source: SourceInfo = {
    kind: 'replay',
    description: 'test data',
    expectedIntervalMs: 5_000,
    status: () => streams,
  }
  const built = buildApp({
    hub,
    source,
    templates: new MemoryTemplateStore(),
    now: clock,
    ...(opts.token ? { token: opts.token } : {}),
  })
  return {
    ...built,
    hub,
    setStatus: (s) => {
      streams = s
    },
    advance: (ms) => {
      now += ms
    },
  }
}
