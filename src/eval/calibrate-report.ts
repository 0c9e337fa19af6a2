/**
 * Tables of a calibration: per span, the start and fitted parameters beside the baselines, as
 * plain text (CLI) or Markdown (docs/accuracy.md). Pure.
 * @module
 */
import type { FamilyPoint } from './calibrate-family.ts'
import { margins, type SimRow } from './calibrate-objective.ts'
import { METHODS, type EvalResult } from './evaluate.ts'
import { TRUTH_BASELINES } from './truth/index.ts'

export type TableFormat = 'text' | 'md'

/** Lays out `rows` under `head`: aligned columns (text) or a Markdown table. */
export function table(
  head: readonly string[],
  rows: readonly string[][],
  fmt: TableFormat,
): string {
  if (fmt === 'md') {
    const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`
    return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n')
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd()
  return [line(head), ...rows.map(line)].join('\n')
}

export const fmtNum = (x: number, digits = 3): string =>
  Number.isFinite(x) ? x.toFixed(digits) : 'n/a'

const iso = (t: number): string => new Date(t).toISOString().slice(0, 16).replace('T', ' ')

/** One line naming a real span: bars compared and their time range. */
export function realSpanLine(name: string, r: EvalResult): string {
  return `${name}: ${r.bars} bars, ${iso(r.from)} → ${iso(r.to)} UTC`
}

/**
 * Real data, one span: Spearman and Pearson per side for the start parameters, the fitted ones and
 * both baselines, with each one's margin over the best baseline.
 */
export function realComparison(
  start: EvalResult,
  fitted: EvalResult,
  fmt: TableFormat,
  labels: readonly [string, string] = ['start', 'fitted'],
): string {
  const ms = margins(start)
  const mf = margins(fitted)
  const head = [
    'side',
    'measure',
    labels[0],
    labels[1],
    ...METHODS.slice(1),
    `margin ${labels[0]}`,
    `margin ${labels[1]}`,
  ]
  const rows = start.rows.map((row, i) => [
    row.side,
    row.measure,
    fmtNum(row.values.model),
    fmtNum(fitted.rows[i]?.values.model ?? Number.NaN),
    ...METHODS.slice(1).map((m) => fmtNum(row.values[m])),
    signed(ms[i]),
    signed(mf[i] ?? Number.NaN),
  ])
  return table(head, rows, fmt)
}

export const signed = (x: number): string =>
  Number.isFinite(x) ? `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}` : 'n/a'

/** Simulated markets: truth metrics (averaged over spans) for start, fitted and the baselines. */
export function simComparison(
  start: readonly SimRow[],
  fitted: readonly SimRow[],
  fmt: TableFormat,
  labels: readonly [string, string] = ['start', 'fitted'],
): string {
  const head = ['metric', 'side', labels[0], labels[1], ...TRUTH_BASELINES, 'goal']
  const rows = start.map((r, i) => [
    r.metric,
    r.side,
    fmtNum(r.model),
    fmtNum(fitted[i]?.model ?? Number.NaN),
    ...TRUTH_BASELINES.map((b) => fmtNum(r.baselines[b] ?? Number.NaN)),
    r.goal ?? '',
  ])
  return table(head, rows, fmt)
}

/** The family point, one coordinate per line. */
export function formatPoint(pt: FamilyPoint): string {
  return Object.entries(pt)
    .map(([k, v]) => `${k}=${Number(v.toFixed(4))}`)
    .join(' ')
}
