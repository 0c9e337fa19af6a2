/**
 * The model's side of the truth evaluation: its liquidation map at each sample instant, built from
 * the public bars only.
 * @module
 */
import { LiquidationModel, type ModelBar, type ModelParams } from '../../model/index.ts'
import type { TruthEvalConfig } from './config.ts'
import type { SideMaps } from './samples.ts'

/** The model's map at the sample bars `at` (ascending), on each sample's grid. */
export function modelMaps(
  bars: readonly ModelBar[],
  at: readonly number[],
  params: Partial<ModelParams> | undefined,
  c: TruthEvalConfig,
): SideMaps[] {
  const model = new LiquidationModel(params, { track: false })
  const out: SideMaps[] = []
  let k = 0
  for (let i = 0; i < bars.length && k < at.length; i++) {
    model.append(bars[i])
    if (i !== at[k]) continue
    const map = model.map({ bins: c.bins, rangePct: c.rangePct })
    out.push({ long: Float64Array.from(map.long), short: Float64Array.from(map.short) })
    k++
  }
  return out
}
