/**
 * Progress reporting for long ingest commands: a one-line bar (rows, rate, ETA) redrawn in place
 * when the stream is a TTY, plain periodic lines otherwise (logs, CI), and the formatting helpers
 * the summaries share.
 * @module
 */

/** The part of a writable stream progress needs (process.stderr fits). */
export interface ProgressOut {
  write(s: string): unknown
  readonly isTTY?: boolean
  readonly columns?: number
}

/** `1234567` → `1,234,567`. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US')
}

/** Milliseconds as `45s`, `3m 05s`, `2h 07m`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?'
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`
}

/** Time left when `fraction` of the work took `elapsedMs` (undefined before any progress). */
export function etaMs(fraction: number, elapsedMs: number): number | undefined {
  if (!(fraction > 0) || fraction > 1) return undefined
  return (elapsedMs * (1 - fraction)) / fraction
}

/** A text bar of `width` cells for `fraction` (clamped to 0..1). */
export function barText(fraction: number, width: number): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0))
  const full = Math.round(f * width)
  return `[${'#'.repeat(full)}${'-'.repeat(width - full)}]`
}

export interface ProgressLineInput {
  readonly label: string
  readonly rows: number
  /** 0..1, or undefined when the total is unknown. */
  readonly fraction?: number
  readonly elapsedMs: number
}

/** `[#####-----]  52% binance BTCUSDT bars  12,345 rows  4,321 rows/s  ETA 1m 05s`. */
export function progressLine(p: ProgressLineInput, barWidth = 20): string {
  const rate = p.elapsedMs > 0 ? (p.rows * 1000) / p.elapsedMs : 0
  const parts: string[] = []
  if (p.fraction !== undefined) {
    parts.push(
      `${barText(p.fraction, barWidth)} ${String(Math.floor(p.fraction * 100)).padStart(3)}%`,
    )
  }
  parts.push(p.label, `${formatCount(p.rows)} rows`, `${formatCount(rate)} rows/s`)
  const eta = p.fraction === undefined ? undefined : etaMs(p.fraction, p.elapsedMs)
  if (eta !== undefined) parts.push(`ETA ${formatDuration(eta)}`)
  return parts.join('  ')
}

/** Draws progress on a TTY (in place, at most every `ttyEveryMs`) or prints a line every `plainEveryMs`. */
export class ProgressBar {
  private readonly _start: number
  private _last = -Infinity
  private _drawn = false

  constructor(
    private readonly _out: ProgressOut,
    private readonly _now: () => number = Date.now,
    private readonly _plainEveryMs = 5000,
    private readonly _ttyEveryMs = 100,
  ) {
    this._start = _now()
    // Plain output waits one interval: a short run prints only its summary.
    if (_out.isTTY !== true) this._last = this._start
  }

  get elapsedMs(): number {
    return this._now() - this._start
  }

  update(label: string, rows: number, fraction?: number): void {
    const now = this._now()
    const tty = this._out.isTTY === true
    if (now - this._last < (tty ? this._ttyEveryMs : this._plainEveryMs)) return
    this._last = now
    const line = progressLine({ label, rows, fraction, elapsedMs: now - this._start })
    if (tty) {
      const width = Math.max(20, (this._out.columns ?? 100) - 1)
      this._out.write(`\r\x1b[K${line.slice(0, width)}`)
      this._drawn = true
    } else {
      this._out.write(`${line}\n`)
    }
  }

  /** Clears the bar line (TTY) so the summary starts on a clean line. */
  finish(): void {
    if (this._drawn) this._out.write('\r\x1b[K')
    this._drawn = false
  }
}
