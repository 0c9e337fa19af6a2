/**
 * What a finished bar publishes (the bar, open interest on its sample grid, funding, liquidations,
 * their per-bar sums) and its truth aggregates.
 * @module
 */
import type { FundingPoint, OpenInterestPoint } from '../core/types.ts'
import type { BarAcc } from './bar-acc.ts'
import type { MarketSim } from './engine.ts'
import { LOTS_PER_UNIT } from './truth-log.ts'
import type { SimBar, TruthBar } from './types.ts'

const r2 = (x: number): number => Math.round(x * 100) / 100

/** Open-interest sample period for a bar length: the configured period, or the bar when longer. */
export function oiPeriod(oiIntervalMs: number, tfMs: number): number {
  return Math.max(oiIntervalMs, tfMs)
}

export function finishBar(
  sim: MarketSim,
  acc: BarAcc,
  end: number,
  funding: FundingPoint[],
): SimBar {
  const passive = sim.ms.passiveLots()
  const oiLots = Math.max(sim.longLots, sim.shortLots) + passive
  const truth: TruthBar = {
    ts: end,
    longQty: sim.longLots / LOTS_PER_UNIT,
    shortQty: sim.shortLots / LOTS_PER_UNIT,
    makerQty: (sim.shortLots - sim.longLots) / LOTS_PER_UNIT,
    passiveQty: passive / LOTS_PER_UNIT,
    oi: oiLots / LOTS_PER_UNIT,
    openPositions: sim.openCount,
    cascadeDepth: acc.cascadeDepth,
  }
  const bar = acc.bar()
  let oi: OpenInterestPoint | undefined
  if (end % oiPeriod(sim.params.oiIntervalMs, sim.tfMs) === 0) {
    oi = { ts: end, oi: truth.oi, oiUsd: r2(truth.oi * bar.close) }
  }
  return {
    bar,
    count: acc.count,
    oi,
    funding,
    liquidations: acc.liquidations,
    liquidationBar: {
      ts: acc.ts,
      intervalS: sim.tfMs / 1000,
      venues: sim.params.venues.join('+'),
      longUsd: r2(acc.longLiqUsd),
      shortUsd: r2(acc.shortLiqUsd),
    },
    truth,
  }
}
