/**
 * Resolves the query parameters every data route shares (symbol, venues, leverages, time range,
 * timeframe, decay) against the market the server holds, applying the defaults and the limits.
 * Throws 400/404 HttpErrors naming the parameter.
 * @module
 */
import { VENUES, type UtcMs, type Venue } from '../core/types.ts'
import { isoUtc, msToTimeframe } from '../core/time.ts'
import { DEFAULT_PARAMS, type ModelParams } from '../model/index.ts'
import type { ModelFilter } from '../model/types.ts'
import { bucketStart } from './aggregate.ts'
import { badRequest, notFound } from './http-error.ts'
import type { MarketHub, SymbolMarket } from './market-hub.ts'

const DAY = 86_400_000

/** Largest grid the API builds (columns × rows). */
export const MAX_CELLS = 1_000_000
export const MAX_COLUMNS = 5_000
export const DEFAULT_ROWS = 200
export const MAX_ROWS = 1_000
export const DEFAULT_LOOKBACK_MS = 7 * DAY
/** Columns the default timeframe aims at (about one per screen pixel on a laptop). */
const TARGET_COLUMNS = 2_100

export function marketOr404(hub: MarketHub, symbol: string): SymbolMarket {
  const m = hub.get(symbol)
  if (!m || m.bars.length === 0) {
    const have = hub.symbols()
    throw notFound(
      'symbol',
      `unknown symbol '${symbol}'` +
        (have.length ? `; available: ${have.join(', ')}` : '; no data loaded yet'),
    )
  }
  return m
}

/** Builds the model filter; leverages must be on the model's ladder. */
export function resolveFilter(
  venues: readonly Venue[] | undefined,
  leverages: readonly number[] | undefined,
  ladder: readonly number[] = DEFAULT_PARAMS.leverages,
): ModelFilter {
  if (leverages) {
    for (const l of leverages)
      if (!ladder.includes(l))
        throw badRequest('leverage', `${l} is not on the model's ladder (${ladder.join(', ')})`)
  }
  const allVenues = !venues || VENUES.every((v) => venues.includes(v))
  const allLev = !leverages || ladder.every((l) => leverages.includes(l))
  return {
    ...(allVenues ? {} : { venues: [...(venues ?? [])] }),
    ...(allLev ? {} : { leverages: [...(leverages ?? [])] }),
  }
}

/** Model parameter overrides from the query: a single half-life (hours) for every rung. */
export function resolveParams(halfLife: number | undefined): Partial<ModelParams> | undefined {
  if (halfLife === undefined) return undefined
  return { halfLifeHours: DEFAULT_PARAMS.leverages.map(() => halfLife) }
}

export interface TimeWindow {
  /** Start of the first column (aligned to the timeframe). */
  readonly from: UtcMs
  /** End (exclusive): the data's end for a live window, else a column boundary. */
  readonly to: UtcMs
  readonly tfMs: number
  readonly columns: number
  /** The window ends at the data's end and moves with it. */
  readonly live: boolean
  /** For a live window given as a lookback (not a fixed `from`): its length. */
  readonly spanMs?: number
}

/** End of the data: the close time of the last closed bar. */
export function dataEnd(m: SymbolMarket): UtcMs {
  const last = m.bars[m.bars.length - 1]
  return last ? last.ts + m.timeframeMs : 0
}

/** Picks the default timeframe for a span: the data's own, or coarser so columns stay near TARGET. */
export function defaultTimeframe(spanMs: number, baseMs: number): number {
  const ladder = [
    60_000,
    180_000,
    300_000,
    900_000,
    1_800_000,
    3_600_000,
    7_200_000,
    14_400_000,
    21_600_000,
    43_200_000,
    DAY,
    7 * DAY,
  ]
  for (const tf of ladder)
    if (tf >= baseMs && tf % baseMs === 0 && spanMs / tf <= TARGET_COLUMNS) return tf
  return 7 * DAY
}

/** First column boundary at or after t. */
function alignUp(t: UtcMs, tfMs: number): UtcMs {
  const b = bucketStart(t, tfMs)
  return b === t ? t : b + tfMs
}

export interface WindowQuery {
  readonly from?: UtcMs
  readonly to?: UtcMs
  readonly tf?: number
  /** Lookback ms (instead of `from`). */
  readonly lookback?: number
}

/**
 * Resolves from/to/tf: defaults (the last 7 days, a fitting timeframe), column alignment,
 * validation and the size limits (`rows` = rows per column for the cell limit).
 */
export function resolveWindow(m: SymbolMarket, q: WindowQuery, rows = 1): TimeWindow {
  const start = m.bars[0]?.ts ?? 0
  const end = dataEnd(m)
  if (q.from !== undefined && q.lookback !== undefined)
    throw badRequest('lookback', "give either 'from' or 'lookback', not both")
  if (q.tf !== undefined && (q.tf < m.timeframeMs || q.tf % m.timeframeMs !== 0))
    throw badRequest(
      'tf',
      `${msToTimeframe(q.tf)} is not a whole multiple of the data's ${msToTimeframe(m.timeframeMs)} bars`,
    )
  if (q.from !== undefined && q.to !== undefined && q.from >= q.to)
    throw badRequest('from', `must be before 'to' (${isoUtc(q.from)} ≥ ${isoUtc(q.to)})`)
  const live = q.to === undefined || q.to >= end
  const span = q.lookback ?? DEFAULT_LOOKBACK_MS
  const roughTo = live ? end : (q.to ?? end)
  const tfMs =
    q.tf ?? defaultTimeframe(q.from !== undefined ? roughTo - q.from : span, m.timeframeMs)
  const to = live ? end : bucketStart(roughTo, tfMs)
  const from = Math.max(alignUp(q.from ?? to - span, tfMs), alignUp(start, tfMs))
  if (from >= to) {
    const which =
      q.to !== undefined && q.to <= start ? 'to' : q.lookback !== undefined ? 'lookback' : 'from'
    throw badRequest(
      which,
      `no whole ${msToTimeframe(tfMs)} column in the range; data covers ${isoUtc(start)} → ${isoUtc(end)}`,
    )
  }
  const columns = Math.ceil((to - from) / tfMs)
  if (columns > MAX_COLUMNS)
    throw badRequest(
      'tf',
      `${columns} columns exceeds the limit of ${MAX_COLUMNS}; use a coarser tf or a shorter range`,
    )
  if (columns * rows > MAX_CELLS)
    throw badRequest(
      'rows',
      `${columns} columns × ${rows} rows = ${columns * rows} cells exceeds the limit of ${MAX_CELLS}; ` +
        'use fewer rows, a coarser tf or a shorter range',
    )
  return {
    from,
    to,
    tfMs,
    columns,
    live,
    ...(live && q.from === undefined ? { spanMs: span } : {}),
  }
}
