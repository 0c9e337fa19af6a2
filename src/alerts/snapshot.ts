/**
 * What the alert rules observe: the market at one closed bar (its prices, the model's clusters and
 * standing notional in any span now and N hours earlier), and the data's freshness. Snapshots are
 * built from a running `LiquidationModel` plus lagged copies of it (`LaggedModels`), so growth over
 * N hours compares the same price span at two instants exactly, not two cluster lists.
 * @module
 */
import type { Side, UtcMs } from '../core/types.ts'
import { LiquidationModel, type ModelParams } from '../model/index.ts'
import type { ClusterReport, ModelBar, ModelFilter } from '../model/types.ts'

const HOUR = 3_600_000

export interface MarketSnapshot {
  readonly symbol: string
  /** Open time of the bar that closed. */
  readonly barTs: UtcMs
  /** Open time of the bar before it (undefined for the first bar); rules that compare with the previous observation need it to match. */
  readonly prevBarTs?: UtcMs
  /** Close time of the bar (data time of the observation). */
  readonly at: UtcMs
  readonly high: number
  readonly low: number
  readonly close: number
  /** Clusters after the bar (cached per filter and window). */
  clusters(filter: ModelFilter, windowPct?: number): ClusterReport
  /** Estimated USD of `side` positions with liquidation prices in [lo, hi] after the bar. */
  spanUsd(side: Side, lo: number, hi: number, filter: ModelFilter): number
  /** The same, `hours` before the bar's close; undefined when the data does not reach back that far. */
  spanUsdAgo(
    hours: number,
    side: Side,
    lo: number,
    hi: number,
    filter: ModelFilter,
  ): number | undefined
}

export interface FreshnessSnapshot {
  readonly symbol: string
  /** Wall-clock time of the check. */
  readonly at: UtcMs
  /** Wall-clock ms since the source last delivered anything for the symbol. */
  readonly ageMs: number
  readonly price?: number
  readonly reason?: string
}

function sideUsd(
  model: LiquidationModel,
  side: Side,
  lo: number,
  hi: number,
  filter: ModelFilter,
): number {
  if (!(hi > lo) || model.lastBar === undefined) return 0
  const col = model.column({ filter, rows: 1, priceMin: lo, priceMax: hi })
  return side === 'long' ? col.long[0] : col.short[0]
}

/**
 * Copies of the model that run `hours` behind the newest bar (one per distinct `hours`), fed from
 * the same bar list. A copy restarts when the list's generation changes.
 */
export class LaggedModels {
  private readonly _lagged = new Map<number, { model: LiquidationModel; next: number }>()
  private _generation: unknown

  constructor(private readonly _params?: Partial<ModelParams>) {}

  /**
   * The model holding every bar that closed at or before `atClose − hours`, or undefined when no bar
   * is that old. `bars` is the full list in time order; `generation` changes when it is replaced.
   */
  at(
    hours: number,
    bars: readonly ModelBar[],
    tfMs: number,
    atClose: UtcMs,
    generation: unknown = 0,
  ): LiquidationModel | undefined {
    if (generation !== this._generation) {
      this._lagged.clear()
      this._generation = generation
    }
    const cutoff = atClose - hours * HOUR
    if (bars.length === 0 || bars[0].ts + tfMs > cutoff) return undefined
    let entry = this._lagged.get(hours)
    if (!entry) {
      entry = { model: new LiquidationModel(this._params), next: 0 }
      this._lagged.set(hours, entry)
    }
    let end = entry.next
    while (end < bars.length && bars[end].ts + tfMs <= cutoff) end++
    entry.model.appendHistory(bars, entry.next, end)
    entry.next = end
    return entry.model
  }
}

export interface SnapshotInput {
  readonly symbol: string
  readonly tfMs: number
  /** The bars in time order; `index` is the one that just closed (default: the last). */
  readonly bars: readonly ModelBar[]
  readonly index?: number
  /** The model after the last bar. */
  readonly model: LiquidationModel
  readonly lagged: LaggedModels
  /** Changes when `bars` is replaced (e.g. the server's market generation). */
  readonly generation?: unknown
}

/** The snapshot of bar `input.index`. Clusters and spans are computed on demand. */
export function marketSnapshot(input: SnapshotInput): MarketSnapshot {
  const i = input.index ?? input.bars.length - 1
  const bar = input.bars[i]
  if (!bar) throw new Error('internal: a snapshot needs a bar')
  const prev = i > 0 ? input.bars[i - 1] : undefined
  const at = bar.ts + input.tfMs
  const cache = new Map<string, ClusterReport>()
  const filterKey = (f: ModelFilter): string => JSON.stringify([f.venues ?? [], f.leverages ?? []])
  return {
    symbol: input.symbol,
    barTs: bar.ts,
    ...(prev ? { prevBarTs: prev.ts } : {}),
    at,
    high: bar.high,
    low: bar.low,
    close: bar.close,
    clusters(filter, windowPct = 2) {
      const key = `${filterKey(filter)}:${windowPct}`
      let r = cache.get(key)
      if (!r) {
        r = input.model.clusters({ filter, windowPct })
        cache.set(key, r)
      }
      return r
    },
    spanUsd: (side, lo, hi, filter) => sideUsd(input.model, side, lo, hi, filter),
    spanUsdAgo(hours, side, lo, hi, filter) {
      const m = input.lagged.at(hours, input.bars, input.tfMs, at, input.generation)
      return m ? sideUsd(m, side, lo, hi, filter) : undefined
    },
  }
}
