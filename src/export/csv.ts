/**
 * CSV exports of the model's outputs (every USD figure estimated), one header row, comma
 * separated, times as UTC epoch ms and ISO-8601:
 * - grid: one row per non-empty heatmap cell (`time_ms,time_iso,price_low,price_high,long_usd,short_usd`);
 * - map: one row per price bin of the liquidation map at an instant, with the cumulative curves;
 * - clusters: one row per cluster.
 * @module
 */
import { isoUtc } from '../core/time.ts'
import type { ClusterReport, HeatmapGrid, LiquidationMap } from '../model/types.ts'

export const CSV_KINDS = ['grid', 'map', 'clusters'] as const
export type CsvKind = (typeof CSV_KINDS)[number]

const usd = (v: number): string => (Number.isFinite(v) ? v.toFixed(0) : '')
const px = (v: number): string => v.toFixed(2)

/** Cells with less than half a dollar on both sides are left out. */
export function gridCsv(g: HeatmapGrid): string {
  const step = (g.priceMax - g.priceMin) / g.rows
  const out = ['time_ms,time_iso,price_low,price_high,long_usd,short_usd']
  g.times.forEach((t, c) => {
    const iso = isoUtc(t)
    for (let r = 0; r < g.rows; r++) {
      const l = g.long[c * g.rows + r]
      const s = g.short[c * g.rows + r]
      if (!(l >= 0.5) && !(s >= 0.5)) continue
      const lo = g.priceMin + r * step
      out.push(`${t},${iso},${px(lo)},${px(lo + step)},${usd(l)},${usd(s)}`)
    }
  })
  return `${out.join('\n')}\n`
}

export function mapCsv(m: LiquidationMap): string {
  const out = ['at_ms,price,price_low,price_high,long_usd,short_usd,cum_long_usd,cum_short_usd']
  m.long.forEach((l, i) => {
    const lo = m.priceMin + i * m.step
    out.push(
      `${m.at},${px(m.price)},${px(lo)},${px(lo + m.step)},${usd(l)},${usd(m.short[i])},${usd(m.cumLong[i])},${usd(m.cumShort[i])}`,
    )
  })
  return `${out.join('\n')}\n`
}

export function clustersCsv(r: ClusterReport): string {
  const out = [
    'at_ms,price,side,price_low,price_high,peak_price,notional_usd,distance_pct,age_hours,fresh_share,growth_usd_per_hour,round_number,nearest_rank',
  ]
  const rank = (c: (typeof r.all)[number]): string => {
    const k = (c.side === 'short' ? r.above : r.below).indexOf(c)
    return k < 0 ? '' : String(k + 1)
  }
  for (const c of r.all)
    out.push(
      [
        r.at,
        px(r.price),
        c.side,
        px(c.priceLow),
        px(c.priceHigh),
        px(c.peakPrice),
        usd(c.notionalUsd),
        c.distancePct.toFixed(3),
        c.ageHours.toFixed(2),
        c.freshShare.toFixed(3),
        usd(c.growthUsdPerHour),
        c.roundNumber ? 1 : 0,
        rank(c),
      ].join(','),
    )
  return `${out.join('\n')}\n`
}
