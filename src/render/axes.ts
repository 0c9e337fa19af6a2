/**
 * Axis tick generation for the heatmap: round price ticks (1, 2, 2.5, 5 × 10^k) and UTC time
 * ticks aligned to calendar units (minutes, hours, days, weeks from Monday, months, years).
 * Pure (no I/O), so the browser can share it.
 * @module
 */
import { formatUtcDay, formatUtcMonth, formatUtcTime } from './format.ts'

export interface PriceTicks {
  /** Distance between ticks (a round number). */
  readonly step: number
  /** Tick prices, ascending, all within [min, max] and all multiples of step. */
  readonly values: readonly number[]
}

export interface TimeTick {
  /** UTC epoch ms of the tick. */
  readonly ts: number
  /** `14:00` within a day, `May 21` at a day start or for day steps, `Jun`/`2026` for months. */
  readonly label: string
  /** True on a day, month or year boundary coarser than the step (drawn bolder). */
  readonly major: boolean
}

const NICE = [1, 2, 2.5, 5, 10]

/** The smallest round step (1, 2, 2.5, 5 × 10^k) giving at most `target` intervals over `span`. */
export function niceStep(span: number, target: number): number {
  if (!(span > 0) || !Number.isFinite(span) || !(target >= 1)) return 1
  const raw = span / target
  const mag = 10 ** Math.floor(Math.log10(raw))
  const norm = raw / mag
  const m = NICE.find((n) => n >= norm - 1e-9) ?? 10
  return m * mag
}

/** Round price ticks inside [min, max], about `target` of them (at most target + 1). */
export function priceTicks(min: number, max: number, target = 8): PriceTicks {
  if (!Number.isFinite(min) || !Number.isFinite(max) || !(max > min)) return { step: 0, values: [] }
  const step = niceStep(max - min, target)
  const values: number[] = []
  for (let k = Math.ceil(min / step - 1e-9); k * step <= max + step * 1e-9; k++) {
    const v = Number((k * step).toPrecision(12))
    if (v >= min && v <= max) values.push(v)
  }
  return { step, values }
}

const MINUTE = 60_000
const HOUR = 3_600_000
const DAY = 86_400_000
/** 1970-01-05 was a Monday: week ticks are aligned to it. */
const MONDAY_OFFSET = 4 * DAY

const FIXED_STEPS = [1, 2, 5, 10, 15, 30]
  .map((m) => m * MINUTE)
  .concat(
    [1, 2, 3, 4, 6, 12].map((h) => h * HOUR),
    [DAY, 2 * DAY, 7 * DAY],
  )
const MONTH_STEPS = [1, 2, 3, 6, 12]

/**
 * UTC time ticks inside [start, end] (epoch ms), about `target` of them, with labels.
 * Steps below a day align to multiples of the step since 00:00 UTC; day starts get a date label.
 */
export function timeTicks(start: number, end: number, target = 8): TimeTick[] {
  if (!Number.isFinite(start) || !Number.isFinite(end) || !(end > start) || !(target >= 1))
    return []
  const span = end - start
  // The finest calendar step giving at most `target + 1` ticks (steps far too fine are skipped
  // before their ticks are built).
  for (const step of FIXED_STEPS) {
    if (Math.floor(span / step) > target + 1) continue
    const ticks = fixedTicks(start, end, step)
    if (ticks.length <= target + 1) return ticks
  }
  for (const months of MONTH_STEPS) {
    if (Math.floor(span / (months * 31 * DAY)) > target + 1) continue
    const ticks = monthTicks(start, end, months)
    if (ticks.length <= target + 1) return ticks
  }
  return monthTicks(start, end, yearsStep(span, target))
}

function fixedTicks(start: number, end: number, step: number): TimeTick[] {
  const offset = step === 7 * DAY ? MONDAY_OFFSET : 0
  const ticks: TimeTick[] = []
  for (let t = Math.ceil((start - offset) / step) * step + offset; t <= end; t += step) {
    const dayStart = t % DAY === 0
    if (step < DAY) {
      ticks.push({ ts: t, label: dayStart ? formatUtcDay(t) : formatUtcTime(t), major: dayStart })
    } else {
      const monthStart = new Date(t).getUTCDate() === 1
      ticks.push({ ts: t, label: formatUtcDay(t), major: monthStart })
    }
  }
  return ticks
}

function yearsStep(span: number, target: number): number {
  return 12 * Math.max(1, Math.ceil(niceStep(span / (365.25 * DAY), target)))
}

function monthTicks(start: number, end: number, stepMonths: number): TimeTick[] {
  const d = new Date(start)
  let index = d.getUTCFullYear() * 12 + d.getUTCMonth()
  index = Math.ceil(index / stepMonths) * stepMonths
  const ticks: TimeTick[] = []
  for (; ; index += stepMonths) {
    const t = Date.UTC(Math.floor(index / 12), index % 12, 1)
    if (t < start) continue
    if (t > end) break
    ticks.push({ ts: t, label: formatUtcMonth(t), major: index % 12 === 0 })
  }
  return ticks
}
