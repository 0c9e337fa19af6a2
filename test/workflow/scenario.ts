/**
 * A deterministic market for the workflow tests: 5m BTC-like bars ranging around 100 000 for two
 * and a half days while open interest grows (so the model piles up liquidation levels on both
 * sides), then a 2.5 % slide that approaches and sweeps the long clusters, a climb through the
 * short clusters, and a quiet tail. Written as Binance Vision CSVs for the CLI tests.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Bar, MarketData, OpenInterestPoint } from '../../src/core/types.ts'

export const T0 = Date.UTC(2025, 2, 1)
export const TF = 300_000
export const SYMBOL = 'BTCUSDT'

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

export interface ScenarioShape {
  /** Ranging bars before the slide (default 720 = 2.5 days). */
  readonly range?: number
  /** Bars of the slide, the climb and the tail (default 72, 144, 72). */
  readonly slide?: number
  readonly climb?: number
  readonly tail?: number
  /** Fractional moves of the slide (default −0.025) and of the climb from the slide's low (+0.05). */
  readonly slidePct?: number
  readonly climbPct?: number
  readonly seed?: number
}

/** Closes of each phase, before noise: the path the bars follow. */
function path(s: Required<ScenarioShape>): number[] {
  const out: number[] = []
  for (let i = 0; i < s.range; i++)
    out.push(100_000 * (1 + 0.003 * Math.sin((2 * Math.PI * i) / 48)))
  const start = out[out.length - 1]
  const low = start * (1 + s.slidePct)
  for (let i = 1; i <= s.slide; i++) out.push(start + ((low - start) * i) / s.slide)
  const high = low * (1 + s.climbPct)
  for (let i = 1; i <= s.climb; i++) out.push(low + ((high - low) * i) / s.climb)
  for (let i = 0; i < s.tail; i++) out.push(high * (1 + 0.001 * Math.sin(i / 3)))
  return out
}

export function scenario(shape: ScenarioShape = {}): MarketData {
  const s: Required<ScenarioShape> = {
    range: 720,
    slide: 72,
    climb: 144,
    tail: 72,
    slidePct: -0.025,
    climbPct: 0.05,
    seed: 11,
    ...shape,
  }
  const rnd = mulberry32(s.seed)
  const closes = path(s)
  const bars: Bar[] = []
  const openInterest: OpenInterestPoint[] = []
  let prev = closes[0]
  let oi = 70_000
  closes.forEach((target, i) => {
    const close = target * (1 + (rnd() - 0.5) * 0.0006)
    const open = prev
    const high = Math.max(open, close) * (1 + rnd() * 0.0008)
    const low = Math.min(open, close) * (1 - rnd() * 0.0008)
    const volume = 80 + rnd() * 200
    const ts = T0 + i * TF
    bars.push({
      ts,
      open,
      high,
      low,
      close,
      volume,
      quoteVolume: volume * close,
      takerBuyVolume: volume * (0.45 + rnd() * 0.1),
    })
    oi *= i < s.range ? 1 + 0.0004 + (rnd() - 0.5) * 0.0004 : 1 - 0.0002
    openInterest.push({ ts: ts + TF, oi, oiUsd: oi * close })
    prev = close
  })
  return {
    symbol: SYMBOL,
    timeframeMs: TF,
    bars,
    openInterest,
    funding: [],
    liquidationEvents: [],
    liquidationBars: [],
    report: {
      files: [],
      inputsUsed: {
        bars: true,
        volume: true,
        takerSplit: true,
        openInterest: true,
        funding: false,
        liquidations: false,
      },
      issues: [],
      skippedRows: 0,
    },
  }
}

const KLINE_HEADER =
  'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore'

/** Writes `BTCUSDT-5m.csv` and `BTCUSDT-metrics.csv` into `dir`. */
export function writeScenarioCsv(dir: string, data: MarketData): void {
  mkdirSync(dir, { recursive: true })
  const k = [KLINE_HEADER]
  for (const b of data.bars) {
    const v = b.volume ?? 0
    const tb = b.takerBuyVolume ?? 0
    k.push(
      [
        b.ts,
        b.open.toFixed(2),
        b.high.toFixed(2),
        b.low.toFixed(2),
        b.close.toFixed(2),
        v.toFixed(3),
        b.ts + data.timeframeMs - 1,
        (b.quoteVolume ?? 0).toFixed(2),
        100,
        tb.toFixed(3),
        (tb * b.close).toFixed(2),
        0,
      ].join(','),
    )
  }
  writeFileSync(join(dir, `${data.symbol}-5m.csv`), `${k.join('\n')}\n`)
  const m = ['create_time,symbol,sum_open_interest,sum_open_interest_value']
  for (const p of data.openInterest)
    m.push(`${p.ts},${data.symbol},${p.oi.toFixed(4)},${(p.oiUsd ?? 0).toFixed(2)}`)
  writeFileSync(join(dir, `${data.symbol}-metrics.csv`), `${m.join('\n')}\n`)
}
