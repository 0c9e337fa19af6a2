/**
 * The review's charts as inline SVG strings (no scripts, no external assets): the session's price
 * path with the clusters mapped at its start (and where each was swept) beside the map's profile,
 * and the map's rates against the random-level baseline.
 * @module
 */
import { isoUtc } from '../core/time.ts'
import { formatUsd } from '../render/format.ts'
import type { BaselineRate, Rate } from './outcome.ts'
import type { ReviewReport } from './review.ts'

export const LONG_COLOUR = '#3fa9f5'
export const SHORT_COLOUR = '#ff8a3d'

export function esc(s: string): string {
  return s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
}

const f1 = (v: number): string => v.toFixed(1)

function ticks(lo: number, hi: number, count: number): number[] {
  const raw = (hi - lo) / count
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw
  const out: number[] = []
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) out.push(v)
  return out
}

/** Price path, cluster levels and sweep markers, with the start map's profile on the right. */
export function priceChart(r: ReviewReport): string {
  const W = 920
  const H = 380
  const L = 70
  const R = 740
  const T = 20
  const B = 340
  const path = r.path
  const lo0 = Math.min(...path.map((p) => p.l))
  const hi0 = Math.max(...path.map((p) => p.h))
  const pad = Math.max((hi0 - lo0) * 0.15, r.start.price * 0.01)
  const lo = lo0 - pad
  const hi = hi0 + pad
  const y = (p: number): number => B - ((p - lo) / (hi - lo)) * (B - T)
  const t0 = r.from
  const t1 = r.to
  const x = (t: number): number => L + ((t - t0) / (t1 - t0)) * (R - L)
  const parts: string[] = []
  for (const v of ticks(lo, hi, 6)) {
    parts.push(`<line x1="${L}" x2="${R}" y1="${f1(y(v))}" y2="${f1(y(v))}" stroke="#2a2f3a"/>`)
    parts.push(
      `<text x="${L - 6}" y="${f1(y(v) + 4)}" text-anchor="end">${v.toLocaleString('en-US')}</text>`,
    )
  }
  parts.push(`<text x="${L}" y="${H - 12}">${esc(isoUtc(t0))}</text>`)
  parts.push(`<text x="${R}" y="${H - 12}" text-anchor="end">${esc(isoUtc(t1))}</text>`)
  const maxUsd = Math.max(1, ...r.start.clusters.map((c) => c.cluster.notionalUsd))
  for (const c of r.start.clusters) {
    const p = c.cluster.peakPrice
    if (p < lo || p > hi) continue
    const colour = c.cluster.side === 'long' ? LONG_COLOUR : SHORT_COLOUR
    const w = 1 + 5 * Math.sqrt(c.cluster.notionalUsd / maxUsd)
    const end = c.sweptAt !== null ? x(c.sweptAt) : R
    const dash = c.sweptAt === null ? ' stroke-dasharray="6 4"' : ''
    parts.push(
      `<line x1="${L}" x2="${f1(end)}" y1="${f1(y(p))}" y2="${f1(y(p))}" stroke="${colour}" stroke-opacity="0.75" stroke-width="${f1(w)}"${dash}><title>${esc(`${c.cluster.side} cluster ${p.toFixed(0)} ≈${formatUsd(c.cluster.notionalUsd)} — ${c.outcome}`)}</title></line>`,
    )
    if (c.sweptAt !== null)
      parts.push(
        `<circle cx="${f1(end)}" cy="${f1(y(p))}" r="4.5" fill="#fff" stroke="${colour}" stroke-width="2"/>`,
      )
  }
  const band = [
    ...path.map((p) => `${f1(x(p.t))},${f1(y(p.h))}`),
    ...[...path].reverse().map((p) => `${f1(x(p.t))},${f1(y(p.l))}`),
  ].join(' ')
  parts.push(`<polygon points="${band}" fill="#e8e8e8" fill-opacity="0.18"/>`)
  parts.push(
    `<polyline points="${path.map((p) => `${f1(x(p.t))},${f1(y(p.c))}`).join(' ')}" fill="none" stroke="#f2f2f2" stroke-width="1.4"/>`,
  )
  // The liquidation map at the start, as a profile sharing the price axis.
  const m = r.mapAtStart
  const maxBin = Math.max(1, ...m.long, ...m.short)
  const X0 = R + 20
  const X1 = W - 10
  parts.push(`<text x="${X0}" y="${T - 6}">map at start</text>`)
  m.long.forEach((v, i) => {
    const p = m.priceMin + (i + 0.5) * m.step
    if (p < lo || p > hi) return
    const yy = y(p)
    const lw = (v / maxBin) * (X1 - X0)
    const sw = (m.short[i] / maxBin) * (X1 - X0)
    const h = Math.max(1, ((B - T) * m.step) / (hi - lo))
    if (lw > 0.2)
      parts.push(
        `<rect x="${X0}" y="${f1(yy - h / 2)}" width="${f1(lw)}" height="${f1(h)}" fill="${LONG_COLOUR}"/>`,
      )
    if (sw > 0.2)
      parts.push(
        `<rect x="${X0}" y="${f1(yy - h / 2)}" width="${f1(sw)}" height="${f1(h)}" fill="${SHORT_COLOUR}"/>`,
      )
  })
  parts.push(
    `<line x1="${X0}" x2="${X1}" y1="${f1(y(r.start.price))}" y2="${f1(y(r.start.price))}" stroke="#fff" stroke-dasharray="2 3"/>`,
  )
  return svg(W, H, parts, 'Session price path with the clusters mapped at its start (estimated)')
}

/** Map rate vs the random-level baseline (mean bar and 5–95 % whisker) for each question. */
export function ratesChart(
  rows: readonly { label: string; map: Rate; base: BaselineRate }[],
): string {
  const W = 920
  const rowH = 46
  const H = 30 + rows.length * rowH
  const L = 220
  const R = 880
  const x = (v: number): number => L + v * (R - L)
  const parts: string[] = []
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${f1(x(v))}" x2="${f1(x(v))}" y1="14" y2="${H - 6}" stroke="#2a2f3a"/>`)
    parts.push(`<text x="${f1(x(v))}" y="10" text-anchor="middle">${v * 100} %</text>`)
  }
  rows.forEach((row, k) => {
    const top = 22 + k * rowH
    parts.push(`<text x="${L - 10}" y="${top + 16}" text-anchor="end">${esc(row.label)}</text>`)
    parts.push(
      `<text x="${L - 10}" y="${top + 31}" text-anchor="end" class="dim">n = ${row.map.of}</text>`,
    )
    if (row.map.rate !== null)
      parts.push(
        `<rect x="${L}" y="${top + 4}" width="${f1(x(row.map.rate) - L)}" height="14" fill="#7bd88f"><title>map ${(row.map.rate * 100).toFixed(1)} %</title></rect>`,
      )
    const b = row.base
    if (b.mean !== null && b.p5 !== null && b.p95 !== null) {
      parts.push(
        `<rect x="${L}" y="${top + 22}" width="${f1(x(b.mean) - L)}" height="12" fill="#8a8f98"><title>random levels: mean ${(b.mean * 100).toFixed(1)} %, 5–95 % ${(b.p5 * 100).toFixed(1)}–${(b.p95 * 100).toFixed(1)} %</title></rect>`,
      )
      parts.push(
        `<line x1="${f1(x(b.p5))}" x2="${f1(x(b.p95))}" y1="${top + 28}" y2="${top + 28}" stroke="#fff" stroke-width="1.5"/>`,
      )
    }
  })
  return svg(
    W,
    H,
    parts,
    'Map rates (green) beside random levels at the same distances (grey, with the 5–95 % range)',
  )
}

function svg(w: number, h: number, parts: readonly string[], title: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title><style>text{font:12px sans-serif;fill:#c8ccd4}.dim{fill:#7d8490}</style><rect width="${w}" height="${h}" fill="#14171d"/>${parts.join('')}</svg>`
}
