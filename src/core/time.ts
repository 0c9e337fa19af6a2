/** Time helpers: timeframe strings, ISO parsing. All times are UTC epoch ms. @module */
import { UsageError } from './errors.ts'
import type { UtcMs } from './types.ts'

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
}

/** Parses `1m`, `5m`, `1h`, `4h`, `1d`, `1w` (also `1W`, `1D`, `1H`) into ms. Returns undefined if not a timeframe. */
export function timeframeToMs(tf: string): number | undefined {
  const m = /^(\d+)([smhdwSMHDW])$/.exec(tf.trim())
  if (!m) return undefined
  const n = Number(m[1])
  // `M` alone is ambiguous (minute vs month); we read lower-case m as minutes and 1M is rejected.
  const unit = m[2] === 'M' ? undefined : m[2].toLowerCase()
  if (!unit || n <= 0) return undefined
  return n * UNIT_MS[unit]
}

export function msToTimeframe(ms: number): string {
  for (const [u, size] of [
    ['w', UNIT_MS.w],
    ['d', UNIT_MS.d],
    ['h', UNIT_MS.h],
    ['m', UNIT_MS.m],
    ['s', UNIT_MS.s],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${u}`
  }
  return `${ms}ms`
}

/** Parses an ISO-8601 date or datetime (UTC unless an offset is given) or epoch ms. Throws UsageError naming `flag`. */
export function parseTime(value: string, flag: string): UtcMs {
  const v = value.trim()
  if (/^\d{10,13}$/.test(v)) return v.length === 10 ? Number(v) * 1000 : Number(v)
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(v)
    ? `${v}T00:00:00Z`
    : /[zZ]|[+-]\d{2}:?\d{2}$/.test(v)
      ? v
      : `${v}Z`
  const t = Date.parse(iso)
  if (!Number.isFinite(t))
    throw new UsageError(
      `${flag}: '${value}' is not an ISO date/time (e.g. 2026-05-21 or 2026-05-21T10:00Z)`,
      flag,
    )
  return t
}

export function isoUtc(ts: UtcMs): string {
  return new Date(ts).toISOString().replace('.000Z', 'Z')
}
