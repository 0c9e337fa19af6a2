/**
 * A TradingView Pine Script v6 indicator that draws the estimated liquidation clusters of one
 * instant: a box over each cluster's span (or a line at its peak), coloured by intensity (the
 * heatmap's palette, square-root scaled like the PNG), bordered by side, labelled with notional and
 * side. It stays within Pine's drawing limits (≤ 500 boxes, lines and labels; the nearest clusters
 * are kept), carries the generation time in its title and says "estimated" everywhere it speaks.
 * The script is static: it shows the map as it was generated, not a live one.
 * @module
 */
import { UsageError } from '../core/errors.ts'
import { isoUtc } from '../core/time.ts'
import type { UtcMs } from '../core/types.ts'
import type { Cluster, ClusterReport } from '../model/types.ts'
import { formatUsd } from '../render/format.ts'
import { paletteLut, type PaletteName } from '../render/palette.ts'

/** Pine's ceiling for each drawing type. */
export const PINE_MAX_DRAWINGS = 500
/** Clusters per script: one label each plus the header label stay within the label ceiling. */
export const PINE_MAX_CLUSTERS = PINE_MAX_DRAWINGS - 1

export interface PineOptions {
  readonly symbol: string
  /** Wall-clock generation time (in the title). */
  readonly generatedAt: UtcMs
  /** Venues and leverages the map covers, for the header (e.g. `binance+okx · 25×/50×/100×`). */
  readonly scope: string
  /** `boxes` (spans) or `lines` (peaks). Default boxes. */
  readonly style?: 'boxes' | 'lines'
  /** At most this many clusters, nearest to price first (1..499, default 60). */
  readonly maxClusters?: number
  /** Hours of history the drawings start at, left of the data time (default 24). */
  readonly lookbackHours?: number
  readonly palette?: PaletteName
}

const LONG_RGB = [63, 169, 245] as const
const SHORT_RGB = [255, 138, 61] as const

/** A Pine string literal (double quotes; backslash and quote escaped; no raw newlines). */
export function pineString(s: string): string {
  return `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`
}

function rgb(c: readonly number[], transp: number): string {
  return `color.rgb(${c[0]}, ${c[1]}, ${c[2]}, ${Math.round(transp)})`
}

/** A Pine float literal (never exponent notation). */
const num = (v: number): string => v.toFixed(v >= 1000 ? 1 : v >= 1 ? 4 : 10)

export function pineScript(report: ClusterReport, o: PineOptions): string {
  const style = o.style ?? 'boxes'
  const max = o.maxClusters ?? 60
  if (!Number.isInteger(max) || max < 1 || max > PINE_MAX_CLUSTERS)
    throw new UsageError(`max: must be a whole number from 1 to ${PINE_MAX_CLUSTERS}`, 'max')
  const chosen: Cluster[] = [...report.all]
    .sort((a, b) => Math.abs(a.distancePct) - Math.abs(b.distancePct))
    .slice(0, max)
    .sort((a, b) => b.peakPrice - a.peakPrice)
  const lut = paletteLut(o.palette ?? 'viridis')
  const maxUsd = Math.max(1, ...chosen.map((c) => c.notionalUsd))
  const left = report.at - (o.lookbackHours ?? 24) * 3_600_000
  const right = report.at
  const n = chosen.length
  const boxes = style === 'boxes' ? n : 0
  const lines = style === 'lines' ? n : 0
  const gen = `${new Date(o.generatedAt).toISOString().slice(0, 16).replace('T', ' ')}Z`
  const title = `liqheat estimated liquidation clusters · ${o.symbol} · generated ${gen}`
  const cap = (k: number): number => Math.min(PINE_MAX_DRAWINGS, Math.max(1, k))
  const out: string[] = [
    '//@version=6',
    `// liqheat: estimated liquidation clusters for ${o.symbol} (${o.scope}).`,
    `// Generated ${gen} from data up to ${isoUtc(report.at)}; price then ${report.price.toFixed(2)}.`,
    '// Every level is a model ESTIMATE of where leveraged positions would be force-closed,',
    '// inferred from public market data (see liqheat docs/model.md), not orders on a book.',
    '// Border: blue = long liquidations (below price), orange = short liquidations (above).',
    '// Fill: heatmap palette by estimated USD (square-root scaled). The map is static:',
    '// it shows the clusters as they were when the script was generated.',
    `indicator(${pineString(title)}, shorttitle = "liqheat est.", overlay = true, max_boxes_count = ${cap(boxes)}, max_lines_count = ${cap(lines)}, max_labels_count = ${cap(n + 1)})`,
    '',
    'showLabels = input.bool(true, "Show labels")',
    'extendRight = input.bool(true, "Extend to the right")',
    '',
    'var bool drawn = false',
    'if barstate.islast and not drawn',
    '    drawn := true',
    '    ext = extendRight ? extend.right : extend.none',
    `    label.new(x = ${right}, y = ${num(report.price)}, text = ${pineString(`liqheat: estimated clusters as of ${isoUtc(report.at)}`)}, xloc = xloc.bar_time, style = label.style_label_left, color = color.new(color.black, 100), textcolor = color.gray, size = size.small)`,
  ]
  for (const c of chosen) {
    const k = Math.min(255, Math.round(255 * Math.sqrt(c.notionalUsd / maxUsd)))
    const fill = [lut[k * 3], lut[k * 3 + 1], lut[k * 3 + 2]]
    const side = c.side === 'long' ? LONG_RGB : SHORT_RGB
    const text = `≈${formatUsd(c.notionalUsd)} ${c.side === 'long' ? 'longs' : 'shorts'} (est.) @ ${c.peakPrice.toFixed(0)}`
    if (style === 'boxes')
      out.push(
        `    box.new(left = ${left}, top = ${num(c.priceHigh)}, right = ${right}, bottom = ${num(c.priceLow)}, xloc = xloc.bar_time, extend = ext, border_color = ${rgb(side, 20)}, border_width = 1, bgcolor = ${rgb(fill, 55)})`,
      )
    else
      out.push(
        `    line.new(x1 = ${left}, y1 = ${num(c.peakPrice)}, x2 = ${right}, y2 = ${num(c.peakPrice)}, xloc = xloc.bar_time, extend = ext, color = ${rgb(fill, 10)}, width = ${1 + Math.round(3 * (k / 255))})`,
      )
    out.push(
      '    if showLabels',
      `        label.new(x = ${right}, y = ${num(c.peakPrice)}, text = ${pineString(text)}, xloc = xloc.bar_time, style = label.style_label_left, color = color.new(color.black, 100), textcolor = ${rgb(side, 0)}, size = size.small)`,
    )
  }
  out.push('')
  return out.join('\n')
}
