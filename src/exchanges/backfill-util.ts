/**
 * Helpers shared by the venues' REST backfills: timeframe lookup with a usage error naming the
 * flag, funding interval from the spacing of settlement times, and the validation every REST row
 * passes before it becomes an event (a bad row is a DataError naming the call and field).
 * @module
 */
import type { MarketEvent } from '../core/events.ts'
import { DataError, UsageError } from '../core/errors.ts'
import type { Venue } from '../core/types.ts'
import { parseTierTable, type TierTable } from '../margin/index.ts'
import { eventProblem } from './validate.ts'

/** Venue code and length (ms) of a timeframe this venue supports; UsageError otherwise. */
export function venueTf(
  venue: Venue,
  what: string,
  tf: string,
  table: Record<string, string>,
): { code: string; ms: number } {
  const code = table[tf]
  const ms = TF_MS[tf]
  if (code === undefined || ms === undefined) {
    throw new UsageError(
      `${venue} ${what}: timeframe '${tf}' not supported (use one of ${Object.keys(table).join(', ')})`,
      '--tf',
    )
  }
  return { code, ms }
}

const M = 60_000
const TF_MS: Record<string, number> = {
  '1m': M,
  '3m': 3 * M,
  '5m': 5 * M,
  '15m': 15 * M,
  '30m': 30 * M,
  '1h': 60 * M,
  '2h': 120 * M,
  '4h': 240 * M,
  '6h': 360 * M,
  '8h': 480 * M,
  '12h': 720 * M,
  '1d': 1440 * M,
  '3d': 3 * 1440 * M,
  '1w': 7 * 1440 * M,
}

/** Funding interval in hours from the spacing of two settlements, when it is a sane 1–24 h. */
export function hoursBetween(prevTs: number | undefined, ts: number): number | undefined {
  if (prevTs === undefined) return undefined
  const h = Math.round((ts - prevTs) / 3_600_000)
  return h >= 1 && h <= 24 ? h : undefined
}

/** Returns the event or throws a DataError naming the venue call and the problem. */
export function checked<E extends MarketEvent>(venue: Venue, what: string, e: E): E {
  const p = eventProblem(e)
  if (p !== undefined)
    throw new DataError(`${venue} ${what}: row at ts ${String((e as { ts?: number }).ts)}: ${p}`)
  return e
}

/** A tier table built from a venue answer, checked by the margin module's rules (DataError naming `endpoint`). */
export function checkedTiers(t: TierTable, endpoint: string): TierTable {
  const raw = {
    ...t,
    tiers: t.tiers.map((x) => ({ ...x, capUsd: x.capUsd === Infinity ? null : x.capUsd })),
  }
  return parseTierTable(raw, endpoint)
}
