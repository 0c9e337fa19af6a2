/**
 * `simulate(opts)`: runs the market for a number of days and returns the public series (shaped as
 * `MarketData`) and the ground truth.
 * @module
 */
import { UsageError } from '../core/errors.ts'
import type {
  Bar,
  FundingPoint,
  LiquidationBar,
  LiquidationEvent,
  MarketData,
  OpenInterestPoint,
} from '../core/types.ts'
import { MarketSim } from './engine.ts'
import { SCENARIOS, type SimParams } from './params.ts'
import type { SimBar, SimOptions, SimResult, TruthBar } from './types.ts'

const DAY = 86_400_000
/** Default first bar: 2026-01-01T00:00:00Z. */
export const DEFAULT_SIM_START = Date.UTC(2026, 0, 1)

/** Scenario overrides, then the caller's. */
export function scenarioParams(opts: Pick<SimOptions, 'scenario' | 'params'>): Partial<SimParams> {
  const name = opts.scenario ?? 'default'
  if (!(name in SCENARIOS)) {
    throw new UsageError(
      `--scenario: '${String(name)}' is not one of ${Object.keys(SCENARIOS).join(', ')}`,
      '--scenario',
    )
  }
  return { ...SCENARIOS[name], ...(opts.params ?? {}) }
}

/** Collects published bars into MarketData-shaped arrays. */
export class SeriesCollector {
  readonly bars: Bar[] = []
  readonly counts: number[] = []
  readonly openInterest: OpenInterestPoint[] = []
  readonly funding: FundingPoint[] = []
  readonly liquidationEvents: LiquidationEvent[] = []
  readonly liquidationBars: LiquidationBar[] = []
  readonly truthBars: TruthBar[] = []

  add(b: SimBar): void {
    this.bars.push(b.bar)
    this.counts.push(b.count)
    if (b.oi) this.openInterest.push(b.oi)
    for (const f of b.funding) this.funding.push(f)
    for (const e of b.liquidations) this.liquidationEvents.push(e)
    this.liquidationBars.push(b.liquidationBar)
    this.truthBars.push(b.truth)
  }

  market(symbol: string, tfMs: number): MarketData {
    return {
      symbol,
      timeframeMs: tfMs,
      bars: this.bars,
      openInterest: this.openInterest,
      funding: this.funding,
      liquidationEvents: this.liquidationEvents,
      liquidationBars: this.liquidationBars,
      report: {
        files: [],
        inputsUsed: {
          bars: true,
          volume: true,
          takerSplit: true,
          openInterest: this.openInterest.length > 0,
          funding: this.funding.length > 0,
          liquidations: true,
        },
        issues: [],
        skippedRows: 0,
      },
    }
  }
}

/** Runs the simulation. Deterministic: the same options give the same result. */
export function simulate(opts: SimOptions): SimResult {
  const tfMs = opts.tfMs ?? 60_000
  if (!(opts.days > 0) || !Number.isFinite(opts.days))
    throw new UsageError(`--days: ${opts.days} is not a positive number of days`, '--days')
  const startTs = opts.startTs ?? DEFAULT_SIM_START
  const sim = new MarketSim({ seed: opts.seed, params: scenarioParams(opts), tfMs, startTs })
  sim.burnIn()
  const nBars = Math.round((opts.days * DAY) / tfMs)
  if (nBars < 1) throw new UsageError(`--days: ${opts.days} days is less than one bar`, '--days')
  const out = new SeriesCollector()
  for (let k = 0; k < nBars; k++) out.add(sim.nextBar())
  const truth = sim.truth
  if (!truth) throw new Error('internal: simulate runs with the truth log on')
  return {
    symbol: sim.params.symbol,
    seed: opts.seed,
    params: sim.params,
    tfMs,
    startTs,
    endTs: startTs + nBars * tfMs,
    market: out.market(sim.params.symbol, tfMs),
    counts: out.counts,
    truthBars: out.truthBars,
    truth,
    burnInStartTs: sim.burnInStartTs,
    stats: { ...sim.stats },
  }
}
