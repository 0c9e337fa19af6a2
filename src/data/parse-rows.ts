/**
 * Runs a row parser over one CSV text: resolves the columns (by header name, or by Binance Vision
 * position when the file has no header), checks each row's column count, keeps rows in
 * `[from, to)`, counts rows that go back in time, and under `lenient` skips malformed rows
 * (counting them) instead of throwing.
 * @module
 */
import { DataError } from '../core/errors.ts'
import type { CsvReader } from './csv-reader.ts'
import {
  COLUMNS,
  KIND_LABEL,
  REQUIRED,
  isHeaderRow,
  kindOfHeader,
  type FileKind,
} from './file-kinds.ts'

/** Parses the current row; `cols[k]` is the cell index of `COLUMNS[kind][k]`, or -1 if absent. */
export type RowParser<T> = (r: CsvReader, cols: readonly number[]) => T

export interface ParseOptions {
  readonly lenient: boolean
  /** Keep rows with `from <= ts < to`. */
  readonly from: number
  readonly to: number
}

/** The rows of one file, in file order, with their 1-based line numbers. */
export interface ParsedRows<T> {
  readonly file: string
  readonly items: T[]
  readonly lines: number[]
  readonly hasHeader: boolean
  /** Lines skipped as malformed (lenient only). */
  readonly skippedLines: number[]
  /** Rows whose time is earlier than the row before them, and the first such line. */
  readonly outOfOrder: number
  readonly firstOutOfOrderLine: number
  /** Time cells given in microseconds and converted to ms. */
  readonly microsecondCells: number
}

export function parseRows<T extends { readonly ts: number }>(
  r: CsvReader,
  kind: FileKind,
  parseRow: RowParser<T>,
  opts: ParseOptions,
): ParsedRows<T> {
  const items: T[] = []
  const lines: number[] = []
  const skippedLines: number[] = []
  let outOfOrder = 0
  let firstOutOfOrderLine = 0
  let hasHeader = false
  let cols: number[] = COLUMNS[kind].map((_, i) => i)
  let expected = cols.length
  let more = r.next()
  const header = more && r.looksLikeHeader() ? r.cells() : undefined
  if (header !== undefined && isHeaderRow(header)) {
    hasHeader = true
    const missing = REQUIRED[kind].filter((c) => !header.includes(c))
    if (missing.length > 0) {
      const other = kindOfHeader(header)
      const hint = other && other !== kind ? ` (it looks like ${KIND_LABEL[other]})` : ''
      throw new DataError(
        `${r.file}:${r.line}: header has no column '${missing.join("', '")}' needed for ${KIND_LABEL[kind]}${hint}`,
        r.file,
        r.line,
        missing[0],
      )
    }
    cols = COLUMNS[kind].map((c) => header.indexOf(c))
    expected = r.fieldCount
    more = r.next()
  }
  const { from, to, lenient } = opts
  let prevTs = -Infinity
  for (; more; more = r.next()) {
    let item: T
    try {
      if (r.fieldCount !== expected) {
        r.fail(undefined, `expected ${expected} columns, found ${r.fieldCount}`)
      }
      item = parseRow(r, cols)
    } catch (err) {
      if (!lenient || !(err instanceof DataError)) throw err
      skippedLines.push(r.line)
      continue
    }
    const ts = item.ts
    if (ts < prevTs && outOfOrder++ === 0) firstOutOfOrderLine = r.line
    prevTs = ts
    if (ts < from || ts >= to) continue
    items.push(item)
    lines.push(r.line)
  }
  return {
    file: r.file,
    items,
    lines,
    hasHeader,
    skippedLines,
    outOfOrder,
    firstOutOfOrderLine,
    microsecondCells: r.microsecondCells,
  }
}
