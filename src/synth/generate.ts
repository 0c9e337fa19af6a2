/**
 * A small synthetic market generator for benchmarks, examples and tests: a random-walk price with
 * volatility clustering and jumps, open interest that builds in calm and flushes on big moves,
 * and a taker split that follows the move. Deterministic for a seed. Not the agent-based
 * simulator (src/sim): no ground truth here, just realistic-looking public series.
 * @module
 */
import type { Bar, FundingPoint, MarketData, OpenInterestPoint } from '../core/types.ts'

export interface SynthOptions {
  readonly days: number
  /** Bar length, ms. Default 60 000 (1m). */
  readonly barMs?: number
  /** Open-interest sample spacing, ms. Default 300 000 (5m). */
  readonly oiMs?: number
  readonly seed?: number
  readonly startPrice?: number
  /** First bar open time. Default 2025-01-01T00:00Z. */
  readonly start?: number
  readonly symbol?: string
}

/** mulberry32: a tiny, fast, seedable PRNG returning [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function generateMarket(opts: SynthOptions): MarketData {
  const barMs = opts.barMs ?? 60_000
  const oiMs = opts.oiMs ?? 300_000
  const rnd = mulberry32(opts.seed ?? 1)
  const gauss = (): number => {
    const u = Math.max(rnd(), 1e-12)
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd())
  }
  const n = Math.round((opts.days * 86_400_000) / barMs)
  const start = opts.start ?? Date.UTC(2025, 0, 1)
  const bars: Bar[] = new Array(n)
  const oi: OpenInterestPoint[] = []
  const funding: FundingPoint[] = []
  let price = opts.startPrice ?? 90_000
  let logOi = Math.log(90_000) // BTC
  const baseVol = 0.00045 * Math.sqrt(barMs / 60_000)
  let vol = baseVol
  for (let i = 0; i < n; i++) {
    const ts = start + i * barMs
    // Volatility clusters around `baseVol` (mean of the shock is 1), with rare bursts.
    const shock = Math.abs(gauss()) * 1.25 * (rnd() < 0.01 ? 5 : 0.96)
    vol = Math.max(baseVol * 0.3, 0.98 * vol + 0.02 * baseVol * shock)
    const jump = rnd() < 0.0015 ? gauss() * vol * 12 : 0
    const ret = gauss() * vol + jump
    const open = price
    const close = open * Math.exp(ret)
    const wick = Math.abs(gauss()) * vol * 0.6
    const high = Math.max(open, close) * (1 + wick * rnd())
    const low = Math.min(open, close) * (1 - wick * rnd())
    const volume = 40 + 4000 * Math.abs(ret) * 100 * (0.5 + rnd())
    const takerBuyShare = Math.min(0.95, Math.max(0.05, 0.5 + ret / (vol * 8) + gauss() * 0.05))
    // Open interest (log): builds slowly, mean-reverts to its level, flushes on large moves.
    const flush = Math.abs(ret) > 3 * vol ? Math.min(0.03, Math.abs(ret) * 2) : 0
    logOi += 0.00015 * gauss() + 0.00003 - 0.0005 * (logOi - Math.log(90_000)) - flush
    const oiBase = Math.exp(logOi)
    bars[i] = {
      ts,
      open,
      high,
      low,
      close,
      volume,
      quoteVolume: volume * close,
      takerBuyVolume: volume * takerBuyShare,
      takerBuyQuoteVolume: volume * takerBuyShare * close,
    }
    const closeTs = ts + barMs
    if (closeTs % oiMs === 0) oi.push({ ts: closeTs, oi: oiBase, oiUsd: oiBase * close })
    if (closeTs % 28_800_000 === 0)
      funding.push({ ts: closeTs, rate: 0.0001 + gauss() * 0.00005, intervalHours: 8 })
    price = close
  }
  return {
    symbol: opts.symbol ?? 'BTCUSDT',
    timeframeMs: barMs,
    bars,
    openInterest: oi,
    funding,
    liquidationEvents: [],
    liquidationBars: [],
    report: {
      files: ['(synthetic)'],
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
