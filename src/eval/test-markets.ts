/** Test fixtures for the calibration tests. @module */
import type { LiquidationBar, MarketData } from '../core/types.ts'
import { runSweeps, toModelBars, type ModelParams } from '../model/index.ts'
import { generateMarket } from '../synth/generate.ts'

/** A synthetic market whose realized liquidations are the model's own sweeps under `params`. */
export function plantedMarket(params: Partial<ModelParams>): MarketData {
  const m = generateMarket({ days: 6, barMs: 1_800_000, oiMs: 1_800_000, seed: 11 })
  const sweeps = runSweeps(toModelBars(m), params)
  const liquidationBars: LiquidationBar[] = sweeps.map((s) => ({
    ts: s.ts,
    intervalS: 1800,
    venues: 'binance',
    longUsd: s.longUsd,
    shortUsd: s.shortUsd,
  }))
  return { ...m, liquidationBars }
}
