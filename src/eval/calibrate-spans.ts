/**
 * Training and test spans for `liqheat calibrate`: `FROM..TO`, each end a UTC ISO date/time,
 * epoch ms, or a percentage of the data's time range (`0%..60%`); an empty end is open
 * (`..2026-05-27`, `2026-05-27..`). `TO` is exclusive. Errors are UsageErrors naming the flag.
 * @module
 */
import { UsageError } from '../core/errors.ts'
import { parseTime } from '../core/time.ts'
import type { MarketData } from '../core/types.ts'

/** One end of a span: open, an instant (UTC ms) or a share of the data's time range. */
export type SpanEnd =
  | { readonly kind: 'open' }
  | { readonly kind: 'time'; readonly ts: number }
  | { readonly kind: 'pct'; readonly pct: number }

export interface SpanSpec {
  readonly text: string
  readonly from: SpanEnd
  readonly to: SpanEnd
}

const EPOCH = /^\d{10,13}$/
const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i

function parseEnd(part: string, flag: string, whole: string): SpanEnd {
  const p = part.trim()
  if (p === '') return { kind: 'open' }
  if (p.endsWith('%')) {
    const n = Number(p.slice(0, -1))
    if (p.length === 1 || !Number.isFinite(n) || n < 0 || n > 100)
      throw new UsageError(
        `${flag}: '${p}' in '${whole}' is not a percentage between 0% and 100%`,
        flag,
      )
    return { kind: 'pct', pct: n }
  }
  const bad = (): never => {
    throw new UsageError(
      `${flag}: '${p}' in '${whole}' is not a date/time (2026-05-21, 2026-05-21T10:00Z), epoch ms or percentage (60%)`,
      flag,
    )
  }
  if (!EPOCH.test(p) && !ISO.test(p)) bad()
  try {
    return { kind: 'time', ts: parseTime(p, flag) }
  } catch {
    return bad()
  }
}

/** Parses `FROM..TO`. Throws a UsageError naming `flag` on bad input or an empty span. */
export function parseSpan(text: string, flag: string): SpanSpec {
  const parts = text.split('..')
  if (parts.length !== 2)
    throw new UsageError(
      `${flag}: '${text}' is not a span FROM..TO (e.g. 2026-05-21..2026-05-27 or 0%..60%)`,
      flag,
    )
  const from = parseEnd(parts[0], flag, text)
  const to = parseEnd(parts[1], flag, text)
  if (from.kind === to.kind && from.kind !== 'open') {
    const a = from.kind === 'time' ? from.ts : from.kind === 'pct' ? from.pct : 0
    const b = to.kind === 'time' ? to.ts : to.kind === 'pct' ? to.pct : 0
    if (!(b > a)) throw new UsageError(`${flag}: '${text}' is empty (TO must be after FROM)`, flag)
  }
  return { text, from, to }
}

/** The data's time range: first bar open → last bar open + timeframe. */
export function dataRange(data: MarketData): { start: number; end: number } {
  const first = data.bars[0]
  const last = data.bars[data.bars.length - 1]
  if (!first || !last) return { start: 0, end: 0 }
  return { start: first.ts, end: last.ts + data.timeframeMs }
}

/** The span's [from, to) in UTC ms on `data` (open ends are ±Infinity). */
export function resolveSpan(spec: SpanSpec, data: MarketData): { from: number; to: number } {
  const { start, end } = dataRange(data)
  const at = (e: SpanEnd, open: number): number =>
    e.kind === 'open' ? open : e.kind === 'time' ? e.ts : start + ((end - start) * e.pct) / 100
  return { from: at(spec.from, -Infinity), to: at(spec.to, Infinity) }
}

/** True when [a.from, a.to) and [b.from, b.to) share an instant. */
export function spansOverlap(
  a: { from: number; to: number },
  b: { from: number; to: number },
): boolean {
  return a.from < b.to && b.from < a.to
}
