/**
 * Field readers for raw venue payloads (the hot path of every mapper): plain `typeof` checks and
 * `Number()`, no schema library. Every reader answers `NaN` / `undefined` for a missing or wrong
 * field, so a malformed message is skipped by the mapper's validation instead of becoming a number.
 * @module
 */

/** Plain JSON object (not an array, not null). */
export type Obj = Record<string, unknown>

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A decimal given as a JSON string or number; `NaN` when missing, empty or not numeric. */
export function num(v: unknown): number {
  if (typeof v === 'string') return v.length === 0 ? NaN : Number(v)
  return typeof v === 'number' ? v : NaN
}

/** A string field, or undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined
}

/** An id given as string or integer number, as a string; undefined otherwise. */
export function idStr(v: unknown): string | undefined {
  if (typeof v === 'string') return v.length > 0 ? v : undefined
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined
}

/** Parses JSON text; undefined when it is not valid JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * Price levels `[[price, size, ...], ...]` (strings or numbers) → `[price, size × mult][]`.
 * Undefined when the field is not an array or any level is malformed (price ≤ 0, size < 0).
 */
export function levels(v: unknown, mult = 1): [number, number][] | undefined {
  if (!Array.isArray(v)) return undefined
  const out: [number, number][] = new Array(v.length)
  for (let i = 0; i < v.length; i++) {
    const row: unknown = v[i]
    if (!Array.isArray(row) || row.length < 2) return undefined
    const px = num(row[0])
    const sz = num(row[1]) * mult
    if (!(px > 0) || !(sz >= 0) || !Number.isFinite(sz)) return undefined
    out[i] = [px, sz]
  }
  return out
}
