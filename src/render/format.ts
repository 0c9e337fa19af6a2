/**
 * Human number and time formatting for the rendered heatmap: compact USD (`$1.2M`), prices with
 * thousands separators at the precision of an axis step, and UTC date/time labels.
 * Pure (no I/O), so the browser can share it.
 * @module
 */

const USD_UNITS: readonly [number, string][] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
]

/**
 * Compact USD: `$0`, `$950`, `$1.2K`, `$12K`, `$850K`, `$1.2M`, `$3.4B`. One decimal below 10 of
 * a unit (dropped when it is `.0`), none above; rounding that reaches 1000 moves to the next unit.
 */
export function formatUsd(v: number): string {
  if (Number.isNaN(v)) return '$?'
  const sign = v < 0 ? '-' : ''
  const a = Math.abs(v)
  if (a === Infinity) return `${sign}$∞`
  const i = USD_UNITS.findIndex(([size]) => a >= size)
  if (i === -1) {
    const text = String(Math.round(a))
    return text === '1000' ? `${sign}$1K` : `${sign}$${text}`
  }
  const [size, suffix] = USD_UNITS[i]
  const text = compact(a / size)
  if (text === '1000' && i > 0) return `${sign}$1${USD_UNITS[i - 1][1]}`
  return `${sign}$${text}${suffix}`
}

function compact(s: number): string {
  const text = s < 9.95 ? s.toFixed(1) : String(Math.round(s))
  return text.endsWith('.0') ? text.slice(0, -2) : text
}

/** Number of decimals needed to show multiples of `step` exactly (0 for steps ≥ 1). */
export function decimalsForStep(step: number): number {
  if (!(step > 0) || step >= 1 || !Number.isFinite(step)) return 0
  return Math.min(10, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)))
}

/** A price with thousands separators, at the precision of `step` (e.g. `104,500` or `0.6125`). */
export function formatPrice(v: number, step: number): string {
  const d = decimalsForStep(step) + (isHalfStep(step) ? 1 : 0)
  return v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })
}

/** Steps like 2.5, 0.25 need one more decimal than their magnitude. */
function isHalfStep(step: number): boolean {
  if (!(step > 0) || !Number.isFinite(step)) return false
  const mag = 10 ** Math.floor(Math.log10(step))
  const m = Math.round((step / mag) * 10) / 10
  return m === 2.5 && step < 10
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

const pad2 = (n: number) => String(n).padStart(2, '0')

/** `May 21` (UTC). */
export function formatUtcDay(ts: number): string {
  const d = new Date(ts)
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`
}

/** `14:05` (UTC). */
export function formatUtcTime(ts: number): string {
  const d = new Date(ts)
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`
}

/** `Jun` (UTC), or the year (`2026`) in January. */
export function formatUtcMonth(ts: number): string {
  const d = new Date(ts)
  return d.getUTCMonth() === 0 ? String(d.getUTCFullYear()) : MONTHS[d.getUTCMonth()]
}

/** `2026-05-21 14:05 UTC`. */
export function formatUtcDateTime(ts: number): string {
  const d = new Date(ts)
  const date = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`
  return `${date} ${formatUtcTime(ts)} UTC`
}
