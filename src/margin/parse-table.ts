/**
 * Turns raw tier-table data (a shipped JSON file, or a table the collector built from a venue's
 * live tiers) into a checked {@link TierTable}. Pure: the caller supplies the parsed object.
 * @module
 */
import { DataError } from '../core/errors.ts'
import { isVenue } from '../core/types.ts'
import type { MarginTier, TierTable } from './types.ts'

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Checks and converts raw table data. `capUsd: null` marks an open-ended last tier (→ Infinity).
 * Checks shape and order (contiguous tiers from 0, rising mmr, falling leverage, and
 * 1 / maxLeverage > mmr + liquidationFeeRate so a fresh position starts above maintenance). It does
 * not require the maintenance amounts to follow the recursion: see {@link maintenanceAmountGaps}.
 * @param file names the source in error messages (file path or endpoint).
 * @throws DataError naming `file` and the field.
 */
export function parseTierTable(raw: unknown, file: string): TierTable {
  function fail(field: string, what: string): never {
    throw new DataError(`${file}: ${field} ${what}`, file, undefined, field)
  }
  if (!isRecord(raw)) return fail('(root)', 'must be an object')
  const venue = raw.venue
  if (typeof venue !== 'string' || !isVenue(venue)) return fail('venue', 'must be a known venue')
  const text = (field: string): string => {
    const v = raw[field]
    if (typeof v !== 'string' || v.trim() === '') return fail(field, 'must be a non-empty string')
    return v
  }
  const symbol = text('symbol')
  const source = text('source')
  const asOf = text('asOf')
  if (!ISO_DATE.test(asOf) || Number.isNaN(Date.parse(asOf))) fail('asOf', 'must be an ISO date')
  const note = raw.note === undefined ? undefined : text('note')
  const fee = raw.liquidationFeeRate
  if (typeof fee !== 'number' || !Number.isFinite(fee) || fee < 0 || fee >= 1) {
    fail('liquidationFeeRate', 'must be a number in [0, 1)')
  }

  const rawTiers = raw.tiers
  if (!Array.isArray(rawTiers) || rawTiers.length === 0) fail('tiers', 'must be a non-empty array')
  const rows: readonly unknown[] = rawTiers
  const tiers: MarginTier[] = []
  rows.forEach((row, i) => {
    const at = `tiers[${i}]`
    if (!isRecord(row)) return fail(at, 'must be an object')
    const num = (field: string, min: number, openMax = false): number => {
      const v = row[field]
      if (typeof v !== 'number' || !Number.isFinite(v) || v < min || (openMax && v >= 1)) {
        return fail(
          `${at}.${field}`,
          `must be a finite number ≥ ${min}${openMax ? ' and < 1' : ''}`,
        )
      }
      return v
    }
    const tier = num('tier', 1)
    if (tier !== i + 1) fail(`${at}.tier`, `must be ${i + 1} (tiers are numbered 1.. in order)`)
    const floorUsd = num('floorUsd', 0)
    const last = i === rows.length - 1
    const capUsd = row.capUsd === null && last ? Infinity : num('capUsd', 0)
    const maxLeverage = num('maxLeverage', 1)
    const mmr = num('mmr', 0, true)
    const maintAmountUsd = num('maintAmountUsd', 0)
    if (capUsd <= floorUsd) fail(`${at}.capUsd`, 'must be above floorUsd')
    const prev = tiers[i - 1]
    if (prev === undefined) {
      if (floorUsd !== 0) fail(`${at}.floorUsd`, 'must be 0 for the first tier')
    } else {
      if (floorUsd !== prev.capUsd) fail(`${at}.floorUsd`, `must equal tiers[${i - 1}].capUsd`)
      if (mmr < prev.mmr) fail(`${at}.mmr`, `must not be below tiers[${i - 1}].mmr`)
      if (maxLeverage > prev.maxLeverage) {
        fail(`${at}.maxLeverage`, `must not be above tiers[${i - 1}].maxLeverage`)
      }
    }
    if (1 / maxLeverage <= mmr + fee) {
      fail(
        `${at}.maxLeverage`,
        'leaves initial margin at or below maintenance (1/maxLeverage ≤ mmr + fee)',
      )
    }
    tiers.push({ tier, floorUsd, capUsd, maxLeverage, mmr, maintAmountUsd })
  })
  return {
    venue,
    symbol,
    source,
    asOf,
    ...(note === undefined ? {} : { note }),
    tiers,
    liquidationFeeRate: fee,
  }
}

/** One tier whose maintenance amount differs from the continuity recursion. */
export interface MaintenanceAmountGap {
  readonly tier: number
  /** `maintAmount_{n-1} + floor_n × (mmr_n − mmr_{n-1})`, USD. */
  readonly expectedUsd: number
  readonly actualUsd: number
}

/**
 * Tiers whose maintenance amount breaks `amt_n = amt_{n-1} + floor_n × (mmr_n − mmr_{n-1})` by more
 * than `toleranceUsd`, i.e. where maintenance margin jumps at a tier boundary. Empty for a
 * continuous table. The first tier must have amount 0 (maintenance margin 0 at notional 0).
 */
export function maintenanceAmountGaps(
  table: TierTable,
  toleranceUsd = 0.01,
): MaintenanceAmountGap[] {
  const gaps: MaintenanceAmountGap[] = []
  let prev: MarginTier | undefined
  for (const t of table.tiers) {
    const expectedUsd =
      prev === undefined ? 0 : prev.maintAmountUsd + t.floorUsd * (t.mmr - prev.mmr)
    if (Math.abs(expectedUsd - t.maintAmountUsd) > toleranceUsd) {
      gaps.push({ tier: t.tier, expectedUsd, actualUsd: t.maintAmountUsd })
    }
    prev = t
  }
  return gaps
}
