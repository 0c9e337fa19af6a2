/** Number and time formatting for the page. @module */

export function usd(v: number): string {
  const a = Math.abs(v)
  if (a >= 1e9) return `$${(v / 1e9).toFixed(2)}B`
  if (a >= 1e6) return `$${(v / 1e6).toFixed(a >= 1e8 ? 0 : 1)}M`
  if (a >= 1e3) return `$${(v / 1e3).toFixed(0)}K`
  return `$${v.toFixed(0)}`
}

export function price(v: number): string {
  const digits = v >= 1000 ? 1 : v >= 1 ? 3 : 6
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

export function pct(v: number, digits = 2): string {
  return `${v > 0 ? '+' : ''}${v.toFixed(digits)}%`
}

export function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} min`
  if (s < 86400) return `${(s / 3600).toFixed(s < 36000 ? 1 : 0)} h`
  return `${(s / 86400).toFixed(1)} d`
}

export function hours(h: number): string {
  return h < 1 ? `${Math.round(h * 60)}m` : h < 48 ? `${h.toFixed(0)}h` : `${(h / 24).toFixed(1)}d`
}

export function utc(ts: number): string {
  return new Date(ts).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
}
