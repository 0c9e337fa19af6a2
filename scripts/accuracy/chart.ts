/**
 * A minimal chart kit for the accuracy plots (PNG via @napi-rs/canvas, DejaVu Sans from the
 * dejavu-fonts-ttf package): panels with linear axes, lines, bars and a legend.
 * @module
 */
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas'

const FONT = 'DejaVu Sans'
let registered = false
function registerFont(): void {
  if (registered) return
  const require = createRequire(import.meta.url)
  for (const f of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'])
    if (!GlobalFonts.registerFromPath(require.resolve(`dejavu-fonts-ttf/ttf/${f}`), FONT))
      throw new Error(`cannot load ${f} from dejavu-fonts-ttf`)
  registered = true
}

export const COLORS = {
  truth: '#9a9a9a',
  defaults: '#2f6fdf',
  fitted: '#e8731c',
  baseline: '#2e9e4f',
  text: '#222222',
  grid: '#e4e4e4',
}

export interface Series {
  readonly label: string
  readonly color: string
  readonly x: ArrayLike<number>
  readonly y: ArrayLike<number>
  readonly kind: 'line' | 'bars' | 'dash'
  readonly width?: number
}

export interface Panel {
  readonly title: string
  readonly xLabel: string
  readonly yLabel: string
  readonly series: readonly Series[]
  /** Tick label of an x value (default: the number). */
  readonly xTick?: (x: number) => string
  readonly xTicks?: readonly number[]
  /** Vertical marker lines (e.g. the price). */
  readonly markers?: readonly { x: number; label: string }[]
}

function niceStep(span: number, target: number): number {
  const raw = span / target
  const p = 10 ** Math.floor(Math.log10(raw))
  const m = raw / p
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p
}

function extent(xs: readonly ArrayLike<number>[]): [number, number] {
  let lo = Infinity
  let hi = -Infinity
  for (const a of xs)
    for (let i = 0; i < a.length; i++)
      if (Number.isFinite(a[i])) {
        lo = Math.min(lo, a[i])
        hi = Math.max(hi, a[i])
      }
  return lo < hi ? [lo, hi] : [lo - 1, lo + 1]
}

function drawPanel(c: SKRSContext2D, p: Panel, x0: number, y0: number, w: number, h: number): void {
  const L = 78
  const R = 18
  const T = 34
  const B = 46
  const [xmin, xmax] = extent(p.series.map((s) => s.x))
  const ymax = extent(p.series.map((s) => s.y))[1] * 1.05
  const ymin = 0
  const px = (x: number): number => x0 + L + ((x - xmin) / (xmax - xmin)) * (w - L - R)
  const py = (y: number): number => y0 + h - B - ((y - ymin) / (ymax - ymin)) * (h - T - B)
  c.fillStyle = COLORS.text
  c.font = `bold 15px "${FONT}"`
  c.fillText(p.title, x0 + L, y0 + 20)
  c.font = `12px "${FONT}"`
  c.strokeStyle = COLORS.grid
  c.lineWidth = 1
  const ys = niceStep(ymax - ymin, 5)
  for (let y = 0; y <= ymax; y += ys) {
    c.beginPath()
    c.moveTo(px(xmin), py(y))
    c.lineTo(px(xmax), py(y))
    c.stroke()
    c.fillStyle = COLORS.text
    const label = ys < 0.01 ? y.toExponential(1) : Number(y.toPrecision(6)).toString()
    c.fillText(label, x0 + L - 8 - c.measureText(label).width, py(y) + 4)
  }
  const xt = p.xTicks ?? []
  const xs = niceStep(xmax - xmin, 8)
  const ticks: number[] = [...xt]
  if (!xt.length) for (let x = Math.ceil(xmin / xs) * xs; x <= xmax; x += xs) ticks.push(x)
  for (const x of ticks) {
    const label = p.xTick ? p.xTick(x) : Number(x.toPrecision(6)).toString()
    c.fillStyle = COLORS.text
    c.fillText(label, px(x) - c.measureText(label).width / 2, y0 + h - B + 18)
    c.strokeStyle = COLORS.grid
    c.beginPath()
    c.moveTo(px(x), py(ymin))
    c.lineTo(px(x), py(ymax))
    c.stroke()
  }
  c.fillText(p.xLabel, px((xmin + xmax) / 2) - c.measureText(p.xLabel).width / 2, y0 + h - 8)
  c.save()
  c.translate(x0 + 16, py((ymin + ymax) / 2) + c.measureText(p.yLabel).width / 2)
  c.rotate(-Math.PI / 2)
  c.fillText(p.yLabel, 0, 0)
  c.restore()
  for (const s of p.series) {
    c.strokeStyle = s.color
    c.fillStyle = s.color
    if (s.kind === 'bars') {
      const bw = Math.max(1, ((w - L - R) / Math.max(1, s.x.length)) * 0.8)
      for (let i = 0; i < s.x.length; i++)
        if (s.y[i] > 0) c.fillRect(px(s.x[i]) - bw / 2, py(s.y[i]), bw, py(0) - py(s.y[i]))
      continue
    }
    c.lineWidth = s.width ?? 1.6
    c.setLineDash(s.kind === 'dash' ? [5, 4] : [])
    c.beginPath()
    for (let i = 0; i < s.x.length; i++) {
      if (i === 0) c.moveTo(px(s.x[i]), py(s.y[i]))
      else c.lineTo(px(s.x[i]), py(s.y[i]))
    }
    c.stroke()
    c.setLineDash([])
  }
  for (const m of p.markers ?? []) {
    c.strokeStyle = COLORS.text
    c.lineWidth = 1
    c.setLineDash([2, 3])
    c.beginPath()
    c.moveTo(px(m.x), py(ymin))
    c.lineTo(px(m.x), py(ymax))
    c.stroke()
    c.setLineDash([])
    c.fillStyle = COLORS.text
    c.fillText(m.label, px(m.x) + 4, py(ymax) + 12)
  }
  // legend
  let lx = x0 + w - R - 8
  c.font = `12px "${FONT}"`
  for (const s of [...p.series].reverse()) {
    const tw = c.measureText(s.label).width
    lx -= tw + 30
    c.fillStyle = s.color
    c.fillRect(lx, y0 + 12, 18, s.kind === 'bars' ? 10 : 3)
    c.fillStyle = COLORS.text
    c.fillText(s.label, lx + 22, y0 + 21)
  }
}

/** Draws panels stacked vertically under a title and writes the PNG. */
export function savePanels(
  file: string,
  title: string,
  note: string,
  panels: readonly Panel[],
  width = 1400,
  panelHeight = 330,
): void {
  registerFont()
  const head = 58
  const canvas = createCanvas(width, head + panels.length * panelHeight)
  const c = canvas.getContext('2d')
  c.fillStyle = '#ffffff'
  c.fillRect(0, 0, width, head + panels.length * panelHeight)
  c.fillStyle = COLORS.text
  c.font = `bold 18px "${FONT}"`
  c.fillText(title, 20, 26)
  c.font = `12px "${FONT}"`
  c.fillText(note, 20, 46)
  panels.forEach((p, i) => drawPanel(c, p, 0, head + i * panelHeight, width, panelHeight))
  writeFileSync(file, canvas.toBuffer('image/png'))
}
