/**
 * The live demo source: a simulated market with a pre-generated history, then one new bar per
 * `next()` call, for `liqheat serve --source demo`. Everything it returns is SIMULATED and must be
 * labelled so. Bars are emitted as fast as they are asked for (one call = one bar of `tf`).
 * @module
 */
import { UsageError } from '../core/errors.ts'
import { timeframeToMs } from '../core/time.ts'
import type {
  Bar,
  FundingPoint,
  LiquidationBar,
  LiquidationEvent,
  MarketData,
  OpenInterestPoint,
  UtcMs,
} from '../core/types.ts'
import { MarketSim } from './engine.ts'
import { DEFAULT_SIM_PARAMS, type ScenarioName, type SimParams } from './params.ts'
import { scenarioParams, SeriesCollector } from './simulate.ts'

export interface DemoSourceOptions {
  readonly seed: number | string
  /** Bar length: a timeframe string (`1m`) or ms. */
  readonly tf: string | number
  /** Days of history generated up front. */
  readonly lookbackDays: number
  /** Close instant of the last history bar (default: now, floored to the bar). */
  readonly endTs?: UtcMs
  readonly scenario?: ScenarioName
  readonly params?: Partial<SimParams>
}

/** One new simulated bar and what it published. */
export interface DemoTick {
  readonly bar: Bar
  /** Open interest at the bar's close (the demo samples it every bar). */
  readonly oi: OpenInterestPoint
  /** Funding settled during the bar, if a settlement fell in it. */
  readonly funding: FundingPoint | undefined
  readonly liquidations: readonly LiquidationEvent[]
  readonly liquidationBar: LiquidationBar
}

export interface DemoSource {
  /** Always true: this data is simulated and must be labelled SIMULATED. */
  readonly simulated: true
  readonly label: 'SIMULATED'
  readonly symbol: string
  readonly timeframeMs: number
  readonly history: MarketData
  /** Simulates and returns the next bar (its open = the previous bar's close instant). */
  next(): DemoTick
}

export function createDemoSource(opts: DemoSourceOptions): DemoSource {
  const tfMs = typeof opts.tf === 'number' ? opts.tf : timeframeToMs(opts.tf)
  if (tfMs === undefined || !Number.isInteger(tfMs) || tfMs <= 0)
    throw new UsageError(`--tf: '${String(opts.tf)}' is not a timeframe like 1m or 5m`, '--tf')
  if (!(opts.lookbackDays > 0) || opts.lookbackDays > 365)
    throw new UsageError(`--lookback: ${opts.lookbackDays} days is not in (0, 365]`, '--lookback')
  const end = Math.floor((opts.endTs ?? Date.now()) / tfMs) * tfMs
  const nBars = Math.max(1, Math.round((opts.lookbackDays * 86_400_000) / tfMs))
  const base = scenarioParams(opts)
  const tickMs = base.tickMs ?? DEFAULT_SIM_PARAMS.tickMs
  if (tfMs % tickMs !== 0)
    throw new UsageError(`--tf: ${tfMs} ms is not a multiple of the ${tickMs} ms tick`, '--tf')
  const params = { ...base, oiIntervalMs: tfMs }
  const sim = new MarketSim({
    seed: opts.seed,
    params,
    tfMs,
    startTs: end - nBars * tfMs,
    recordTruth: false,
  })
  sim.burnIn()
  const hist = new SeriesCollector()
  for (let k = 0; k < nBars; k++) hist.add(sim.nextBar())
  return {
    simulated: true,
    label: 'SIMULATED',
    symbol: sim.params.symbol,
    timeframeMs: tfMs,
    history: hist.market(sim.params.symbol, tfMs),
    next(): DemoTick {
      const b = sim.nextBar()
      const oi = b.oi ?? {
        ts: b.truth.ts,
        oi: b.truth.oi,
        oiUsd: Math.round(b.truth.oi * b.bar.close * 100) / 100,
      }
      return {
        bar: b.bar,
        oi,
        funding: b.funding[b.funding.length - 1],
        liquidations: b.liquidations,
        liquidationBar: b.liquidationBar,
      }
    },
  }
}
