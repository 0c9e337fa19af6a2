/**
 * `LiquidationModel`: the engine plus its query views (map, clusters, one heatmap column).
 * @module
 */
import { findClusters, type ClusterOptions } from './clusters.ts'
import { ModelEngine } from './engine.ts'
import { liquidationMap, type MapOptions } from './map.ts'
import { bookMatches } from './profile.ts'
import { accumulate, buildRowMap } from './rows.ts'
import type { ClusterReport, LiquidationMap, ModelBar, ModelFilter, SweepRow } from './types.ts'

export class LiquidationModel extends ModelEngine {
  map(opts?: MapOptions): LiquidationMap {
    return liquidationMap(this, opts)
  }

  clusters(opts?: ClusterOptions): ClusterReport {
    return findClusters(this, opts)
  }

  /** The current state projected onto `rows` price rows in [priceMin, priceMax]. */
  column(opts: { filter?: ModelFilter; rows: number; priceMin: number; priceMax: number }): {
    long: Float32Array
    short: Float32Array
  } {
    const long = new Float32Array(opts.rows)
    const short = new Float32Array(opts.rows)
    if (this.size === 0) return { long, short }
    this.settleAll()
    const rowMap = buildRowMap(
      opts,
      (i) => this.binPrice(i),
      (p) => this.coord(p),
      this.size,
    )
    accumulate(
      this.books.filter((_, k) => bookMatches(this.info[k], opts.filter)),
      rowMap,
      long,
      short,
    )
    return { long, short }
  }

  /** Appends many bars; returns their sweeps. */
  appendAll(bars: readonly ModelBar[]): SweepRow[] {
    return bars.map((b) => this.append(b))
  }
}

/** Predicted liquidations per bar over a whole series. */
export function runSweeps(
  bars: readonly ModelBar[],
  params?: ConstructorParameters<typeof ModelEngine>[0],
  filter?: ModelFilter,
): SweepRow[] {
  const merge = !bars.some((b) => b.oiByVenue !== undefined)
  const engine = new ModelEngine(params, { track: false, mergeVenues: merge, filter })
  return bars.map((b) => engine.append(b))
}
