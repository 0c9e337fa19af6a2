/**
 * Joins the rows of many files of one kind into one series in time order, and reports what it
 * had to fix: rows out of order (sorted), files that overlap, duplicates (identical rows dropped;
 * rows with the same time but different values are a DataError, or with `lenient` the first is
 * kept and a conflict reported) and gaps.
 * @module
 */
import { DataError } from '../core/errors.ts'
import { isoUtc, msToTimeframe } from '../core/time.ts'
import type { DataIssue } from '../core/types.ts'
import type { ParsedRows } from './parse-rows.ts'

/** At most this many issues of one kind are listed one by one; the rest are summed in one entry. */
export const MAX_LISTED = 20

/** A merged series: items in time order, each with the file and line it came from. */
export interface MergedSeries<T> {
  readonly items: T[]
  readonly fileOf: string[]
  readonly lines: number[]
}

export interface MergeOptions<T> {
  /** What one row is, for messages (`bar`, `open interest sample`, ...). */
  readonly what: string
  /** Drop rows with a time already seen (identical) or report them as conflicts (different). */
  readonly dedupe: boolean
  readonly same: (a: T, b: T) => boolean
  readonly lenient: boolean
  readonly issues: DataIssue[]
}

export function mergeSeries<T extends { readonly ts: number }>(
  parts: readonly ParsedRows<T>[],
  o: MergeOptions<T>,
): MergedSeries<T> {
  let unsorted = false
  for (const p of parts) {
    if (p.outOfOrder === 0) continue
    unsorted = true
    o.issues.push({
      kind: 'out-of-order',
      file: p.file,
      line: p.firstOutOfOrderLine,
      count: p.outOfOrder,
      message: `${p.outOfOrder} row(s) earlier than the row before them (first at line ${p.firstOutOfOrderLine}); sorted into time order`,
    })
  }
  const ordered = parts
    .filter((p) => p.items.length > 0)
    .map((p) => ({ p, ...timeRange(p.items) }))
    .sort((a, b) => a.first - b.first)
  const items: T[] = []
  const fileOf: string[] = []
  const lines: number[] = []
  let lastTs = -Infinity
  let lastFile = ''
  for (const { p, first, last } of ordered) {
    if (first < lastTs) {
      unsorted = true
      o.issues.push({
        kind: 'out-of-order',
        file: p.file,
        message: `starts at ${isoUtc(first)}, before ${lastFile} ends (${isoUtc(lastTs)}); rows merged in time order`,
      })
    }
    if (last > lastTs) {
      lastTs = last
      lastFile = p.file
    }
    if (ordered.length === 1) break
    for (let i = 0; i < p.items.length; i++) {
      items.push(p.items[i])
      fileOf.push(p.file)
      lines.push(p.lines[i])
    }
  }
  if (ordered.length === 1) {
    // One file: reuse its arrays instead of copying them.
    const p = ordered[0].p
    return finish(
      { items: p.items, fileOf: new Array<string>(p.items.length).fill(p.file), lines: p.lines },
      unsorted,
      o,
    )
  }
  return finish({ items, fileOf, lines }, unsorted, o)
}

function finish<T extends { readonly ts: number }>(
  s: MergedSeries<T>,
  unsorted: boolean,
  o: MergeOptions<T>,
): MergedSeries<T> {
  const sorted = unsorted ? sortSeries(s) : s
  return o.dedupe && hasEqualNeighbours(sorted.items) ? dedupe(sorted, o) : sorted
}

function hasEqualNeighbours<T extends { readonly ts: number }>(items: readonly T[]): boolean {
  for (let i = 1; i < items.length; i++) if (items[i].ts === items[i - 1].ts) return true
  return false
}

/** The earliest and the latest time of a file's rows. */
function timeRange<T extends { readonly ts: number }>(
  items: readonly T[],
): { first: number; last: number } {
  let first = Infinity
  let last = -Infinity
  for (let i = 0; i < items.length; i++) {
    const t = items[i].ts
    if (t < first) first = t
    if (t > last) last = t
  }
  return { first, last }
}

function sortSeries<T extends { readonly ts: number }>(s: MergedSeries<T>): MergedSeries<T> {
  const idx = Array.from(s.items.keys())
  idx.sort((a, b) => s.items[a].ts - s.items[b].ts || a - b)
  return {
    items: idx.map((i) => s.items[i]),
    fileOf: idx.map((i) => s.fileOf[i]),
    lines: idx.map((i) => s.lines[i]),
  }
}

function dedupe<T extends { readonly ts: number }>(
  s: MergedSeries<T>,
  o: MergeOptions<T>,
): MergedSeries<T> {
  const items: T[] = []
  const fileOf: string[] = []
  const lines: number[] = []
  const dups = new Map<string, { count: number; line: number }>()
  const conflicts: DataIssue[] = []
  for (let i = 0; i < s.items.length; i++) {
    const x = s.items[i]
    const k = items.length - 1
    if (k >= 0 && items[k].ts === x.ts) {
      const here = `${s.fileOf[i]}:${s.lines[i]}`
      if (o.same(items[k], x)) {
        const d = dups.get(s.fileOf[i]) ?? { count: 0, line: s.lines[i] }
        d.count++
        dups.set(s.fileOf[i], d)
        continue
      }
      const message = `${o.what} at ${isoUtc(x.ts)} differs from ${fileOf[k]}:${lines[k]} (same time, different values)`
      if (!o.lenient) {
        throw new DataError(`${here}: ${message}`, s.fileOf[i], s.lines[i])
      }
      conflicts.push({
        kind: 'conflict',
        file: s.fileOf[i],
        line: s.lines[i],
        count: 1,
        message: `${message}; kept ${fileOf[k]}:${lines[k]}`,
      })
      continue
    }
    items.push(x)
    fileOf.push(s.fileOf[i])
    lines.push(s.lines[i])
  }
  for (const [file, d] of dups) {
    o.issues.push({
      kind: 'duplicate',
      file,
      line: d.line,
      count: d.count,
      message: `${d.count} duplicate ${o.what}(s) (same time, same values) dropped, first at line ${d.line}`,
    })
  }
  pushCapped(o.issues, conflicts, 'conflict', `${o.what}s with conflicting values`)
  return { items, fileOf, lines }
}

/** Appends up to MAX_LISTED of `list`, then one entry summing the rest. */
export function pushCapped(
  issues: DataIssue[],
  list: readonly DataIssue[],
  kind: DataIssue['kind'],
  what: string,
): void {
  issues.push(...list.slice(0, MAX_LISTED))
  const rest = list.slice(MAX_LISTED)
  if (rest.length === 0) return
  const count = rest.reduce((n, x) => n + (x.count ?? 1), 0)
  issues.push({
    kind,
    file: rest[0].file,
    count,
    message: `and ${rest.length} more ${what} (${count} in all), not listed`,
  })
}

/**
 * Reports each gap longer than one `stepMs` (the missing count is rounded to whole steps) and, for
 * bars, rows off the grid the first row sets. Returns the total number of missing steps.
 */
export function reportGaps<T extends { readonly ts: number }>(
  s: MergedSeries<T>,
  stepMs: number,
  what: string,
  issues: DataIssue[],
): number {
  const gaps: DataIssue[] = []
  let missingTotal = 0
  let offGrid = 0
  let firstOffGrid = -1
  const phase = s.items.length > 0 ? mod(s.items[0].ts, stepMs) : 0
  let onGrid = true
  for (let i = 1; i < s.items.length; i++) {
    const a = s.items[i - 1].ts
    const b = s.items[i].ts
    // One step on from a row on the grid stays on it; only other spacings need the modulo.
    onGrid = b - a === stepMs ? onGrid : mod(b, stepMs) === phase
    if (!onGrid && offGrid++ === 0) firstOffGrid = i
    if (b - a <= stepMs) continue
    const missing = Math.round((b - a) / stepMs) - 1
    if (missing < 1) continue
    missingTotal += missing
    gaps.push({
      kind: 'gap',
      file: s.fileOf[i],
      line: s.lines[i],
      count: missing,
      message: `${missing} missing ${what}(s) of ${msToTimeframe(stepMs)} between ${isoUtc(a)} and ${isoUtc(b)}`,
    })
  }
  pushCapped(issues, gaps, 'gap', `gaps`)
  if (offGrid > 0) {
    issues.push({
      kind: 'conflict',
      file: s.fileOf[firstOffGrid],
      line: s.lines[firstOffGrid],
      count: offGrid,
      message: `${offGrid} ${what}(s) not on the ${msToTimeframe(stepMs)} grid of the first one`,
    })
  }
  return missingTotal
}

function mod(a: number, m: number): number {
  return ((a % m) + m) % m
}
