/**
 * Query-parameter schemas shared by the routes (zod 4). Each turns a raw query string value into
 * a typed value or fails with a message that names what is wrong; `parseQuery` turns the first
 * failure into a 400 naming the parameter. Unknown parameters are refused, so typos surface.
 * @module
 */
import { z } from 'zod'
import { VENUES, isVenue, type UtcMs, type Venue } from '../core/types.ts'
import { timeframeToMs } from '../core/time.ts'
import { fromZod } from './http-error.ts'

/** Timeframes the API and the page offer (1m … 1W). */
export const TIMEFRAMES = [
  '1m',
  '3m',
  '5m',
  '15m',
  '30m',
  '1h',
  '2h',
  '4h',
  '6h',
  '12h',
  '1d',
  '1w',
]

const single = (what: string) =>
  z.string({
    error: (iss) =>
      iss.input === undefined ? `${what} is required` : `${what} must be given once`,
  })

export const symbolParam = single('symbol')
  .trim()
  .regex(/^[A-Za-z0-9]{2,24}$/, 'must be 2–24 letters or digits, e.g. BTCUSDT')
  .transform((s) => s.toUpperCase())

/** `binance,bybit` or `all`; empty or absent = all venues. */
export const venuesParam = single('exchanges')
  .transform((s, ctx): Venue[] => {
    const parts = s
      .split(',')
      .map((p) => p.trim().toLowerCase())
      .filter((p) => p !== '')
    if (parts.length === 0 || (parts.length === 1 && parts[0] === 'all')) return [...VENUES]
    const out: Venue[] = []
    for (const p of parts) {
      if (!isVenue(p)) {
        ctx.addIssue({ code: 'custom', message: `'${p}' is not one of ${VENUES.join(', ')}` })
        return z.NEVER
      }
      if (!out.includes(p)) out.push(p)
    }
    return out
  })
  .optional()

export const venueParam = single('exchange')
  .transform((s, ctx): Venue => {
    const v = s.trim().toLowerCase()
    if (!isVenue(v)) {
      ctx.addIssue({ code: 'custom', message: `'${s}' is not one of ${VENUES.join(', ')}` })
      return z.NEVER
    }
    return v
  })
  .optional()

/** A timeframe from TIMEFRAMES, returned in ms. */
export const tfParam = single('tf')
  .transform((s, ctx): number => {
    const t = s.trim()
    const canonical = t.replace(/[DHW]$/, (u) => u.toLowerCase())
    const ms = timeframeToMs(t)
    if (ms === undefined || !TIMEFRAMES.includes(canonical)) {
      ctx.addIssue({ code: 'custom', message: `'${s}' is not one of ${TIMEFRAMES.join(', ')}` })
      return z.NEVER
    }
    return ms
  })
  .optional()

/** A lookback such as `7d`, `12h` or `90d` (1 hour … 365 days), returned in ms. */
export const lookbackParam = single('lookback')
  .transform((s, ctx): number => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([hdw])\s*$/i.exec(s)
    const unit = m
      ? { h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2].toLowerCase() as 'h' | 'd' | 'w']
      : 0
    const ms = m ? Number(m[1]) * unit : NaN
    if (!(ms >= 3_600_000 && ms <= 365 * 86_400_000)) {
      ctx.addIssue({
        code: 'custom',
        message: `'${s}' is not a lookback between 1h and 365d (e.g. 7d, 12h)`,
      })
      return z.NEVER
    }
    return ms
  })
  .optional()

/** ISO-8601 date/time (UTC unless offset given) or epoch milliseconds/seconds. */
export const timeParam = (name: string) =>
  single(name)
    .transform((s, ctx): UtcMs => {
      const v = s.trim()
      let t: number
      if (/^\d{10}$/.test(v)) t = Number(v) * 1000
      else if (/^\d{11,13}$/.test(v)) t = Number(v)
      else if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+)?([zZ]|[+-]\d{2}:?\d{2})?$/.test(v)) {
        const iso =
          v.length === 10 ? `${v}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(v) ? v : `${v}Z`
        t = Date.parse(iso.replace(' ', 'T'))
      } else t = NaN
      if (!Number.isFinite(t) || t < Date.UTC(2009, 0, 1) || t > Date.UTC(2100, 0, 1)) {
        ctx.addIssue({
          code: 'custom',
          message: `'${s}' is not a time (ISO-8601 such as 2025-10-10T12:00Z, or epoch ms)`,
        })
        return z.NEVER
      }
      return t
    })
    .optional()

/** Comma-separated leverages, e.g. `25,50,100`; checked against the model's ladder by the route. */
export const leverageParam = single('leverage')
  .transform((s, ctx): number[] => {
    const out: number[] = []
    for (const p of s.split(',').map((x) => x.trim())) {
      const n = Number(p)
      if (p === '' || !Number.isFinite(n) || n < 1 || n > 200) {
        ctx.addIssue({ code: 'custom', message: `'${p}' is not a leverage between 1 and 200` })
        return z.NEVER
      }
      if (!out.includes(n)) out.push(n)
    }
    return out.sort((a, b) => a - b)
  })
  .optional()

export const intParam = (name: string, min: number, max: number) =>
  single(name)
    .regex(/^\s*\d+\s*$/, 'must be a whole number')
    .transform(Number)
    .pipe(
      z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max} (the limit)`),
    )
    .optional()

export const numberParam = (name: string, min: number, max: number) =>
  single(name)
    .transform((s, ctx): number => {
      const n = Number(s.trim())
      if (s.trim() === '' || !Number.isFinite(n)) {
        ctx.addIssue({ code: 'custom', message: `'${s}' is not a number` })
        return z.NEVER
      }
      return n
    })
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .optional()

export const enumParam = <T extends string>(name: string, values: readonly [T, ...T[]]) =>
  single(name)
    .transform((s, ctx): T => {
      const v = s.trim().toLowerCase()
      if (!(values as readonly string[]).includes(v)) {
        ctx.addIssue({ code: 'custom', message: `'${s}' is not one of ${values.join(', ')}` })
        return z.NEVER
      }
      return v as T
    })
    .optional()

/** The access token may ride along in the query (for links and the WebSocket); never a parameter error. */
const tokenParam = z.string().optional()

/** For routes that take no query parameters (only `token`). */
export const NO_PARAMS: z.ZodRawShape = {}

const schemas = new WeakMap<z.ZodRawShape, z.ZodType>()

/** Validates `query` against a strict object of `shape`; throws a 400 HttpError naming the parameter. */
export function parseQuery<S extends z.ZodRawShape>(
  shape: S,
  query: unknown,
): z.output<z.ZodObject<S>> {
  let schema = schemas.get(shape)
  if (!schema) {
    schema = z.strictObject({ ...shape, token: tokenParam })
    schemas.set(shape, schema)
  }
  const res = schema.safeParse(query ?? {})
  if (!res.success) throw fromZod(res.error)
  const { token: _token, ...rest } = res.data as Record<string, unknown>
  return rest as z.output<z.ZodObject<S>>
}
