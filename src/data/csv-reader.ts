/**
 * A forward-only reader over the bytes of one CSV file. One pass over the bytes finds each line,
 * its cells and, for plain decimal cells, their numeric value (no per-cell strings, no UTF-8
 * decoding of the whole file); cells with anything else (exponents, dates, words, spaces) are
 * decoded and parsed on demand. Cells are unquoted, as in Binance Vision and liqheat exports.
 * Every error it raises is a DataError naming `file:line` and the field.
 * @module
 */
import { DataError } from '../core/errors.ts'
import { parseDecimal } from './fast-number.ts'

const MAX_FIELDS = 64
/** Epoch values at or above this are microseconds (year 5138 in ms, 1973 in µs). */
const MICROS_FROM = 1e14
/** Epoch-ms values below this (1973-03) are not plausible exchange times. */
const MS_FROM = 1e11
const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i)
const MAX_EXACT = 2 ** 53
const utf8 = new TextDecoder('utf-8')

/** Cell states: empty, parsed to a number in `values`, or to be parsed from the bytes on demand. */
const EMPTY = 0
const NUMBER = 1
const OTHER = 2

export class CsvReader {
  /** 1-based line number of the current row. */
  line = 0
  /** Number of cells in the current row. */
  fieldCount = 0
  /** Time cells read as microseconds and converted to ms. */
  microsecondCells = 0
  private pos = 0
  private readonly starts = new Int32Array(MAX_FIELDS)
  private readonly ends = new Int32Array(MAX_FIELDS)
  private readonly states = new Uint8Array(MAX_FIELDS)
  private readonly values = new Float64Array(MAX_FIELDS)
  /** The last string decoded per column, reused while the bytes repeat (venue, symbol, side). */
  private readonly lastText: string[] = []
  private readonly lastAt = new Int32Array(MAX_FIELDS).fill(-1)

  constructor(
    readonly file: string,
    private readonly bytes: Uint8Array,
  ) {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) this.pos = 3
  }

  /** Moves to the next non-blank line and splits (and pre-parses) its cells. False at the end. */
  next(): boolean {
    const b = this.bytes
    const len = b.length
    const { starts, ends, states, values } = this
    let i = this.pos
    while (i < len) {
      this.line++
      let n = 0
      let cellStart = i
      let mantissa = 0
      let digits = 0
      let fraction = 0
      /** Zeros after the point not yet applied: trailing zeros never enter the mantissa. */
      let zeros = 0
      let dot = false
      let negative = false
      let other = false
      let c = 0
      for (; ; i++) {
        c = i < len ? b[i] : 10
        if (c >= 48 && c <= 57) {
          digits++
          if (!dot) {
            mantissa = mantissa * 10 + (c - 48)
          } else if (c === 48) {
            zeros++
          } else {
            if (zeros > 0) {
              mantissa *= zeros < 23 ? POW10[zeros] : Infinity
              fraction += zeros
              zeros = 0
            }
            mantissa = mantissa * 10 + (c - 48)
            fraction++
          }
        } else if (c === 44 || c === 10 || c === 13) {
          if (n < MAX_FIELDS) {
            starts[n] = cellStart
            ends[n] = i
            if (i === cellStart) {
              states[n] = EMPTY
            } else if (other || digits === 0 || !(mantissa < MAX_EXACT) || fraction > 22) {
              states[n] = OTHER
            } else {
              const v = fraction === 0 ? mantissa : mantissa / POW10[fraction]
              values[n] = negative ? -v : v
              states[n] = NUMBER
            }
          }
          n++
          if (c !== 44) break
          cellStart = i + 1
          mantissa = 0
          digits = 0
          fraction = 0
          zeros = 0
          dot = false
          negative = false
          other = false
        } else if (c === 46 && !dot) {
          dot = true
        } else if (c === 45 && i === cellStart) {
          negative = true
        } else {
          other = true
        }
      }
      // A `\r` ends the line's cells; skip to the `\n` after it.
      if (c === 13) while (i < len && b[i] !== 10) i++
      i++
      this.fieldCount = n
      if (n === 1 && this.blank(0)) continue
      this.pos = i
      return true
    }
    this.pos = i
    return false
  }

  /** The cell's text, trimmed ('' for an absent column). Use for names, words and messages. */
  cell(i: number): string {
    if (i < 0 || i >= this.fieldCount || i >= MAX_FIELDS) return ''
    const a = this.starts[i]
    const n = this.ends[i] - a
    const prev = this.lastAt[i]
    if (prev === a) return this.lastText[i]
    if (prev >= 0 && this.sameBytes(prev, a, n)) {
      this.lastAt[i] = a
      return this.lastText[i]
    }
    const s = utf8.decode(this.bytes.subarray(a, a + n)).trim()
    this.lastText[i] = s
    this.lastAt[i] = a
    return s
  }

  /** Whether the `n` bytes at `a` equal those at `prev` (and the cell at `prev` was `n` long). */
  private sameBytes(prev: number, a: number, n: number): boolean {
    const b = this.bytes
    const endPrev = prev + n
    if (endPrev >= a || (b[endPrev] !== 44 && b[endPrev] !== 10 && b[endPrev] !== 13)) return false
    for (let k = 0; k < n; k++) if (b[prev + k] !== b[a + k]) return false
    return true
  }

  /** True when the cell is empty (or only spaces) or the column is absent (`i < 0`). */
  blank(i: number): boolean {
    if (i < 0 || i >= this.fieldCount) return true
    const s = this.states[i]
    if (s !== OTHER) return s === EMPTY
    for (let k = this.starts[i]; k < this.ends[i]; k++) if (this.bytes[k] !== 32) return false
    return true
  }

  /** The row's cells, lower-cased and trimmed: a header. */
  cells(): string[] {
    const n = Math.min(this.fieldCount, MAX_FIELDS)
    return Array.from({ length: n }, (_, i) =>
      this.cell(i)
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase(),
    )
  }

  /** True when the current row may be a header (its first cell starts with a letter, `_` or `"`). */
  looksLikeHeader(): boolean {
    const c = this.bytes[this.starts[0]]
    return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 34
  }

  /** Throws the DataError for `field` on the current line. */
  fail(field: string | undefined, message: string): never {
    throw new DataError(`${this.file}:${this.line}: ${message}`, this.file, this.line, field)
  }

  /** A required finite number. */
  num(i: number, field: string): number {
    if (i >= 0 && this.states[i] === NUMBER) return this.values[i]
    if (this.blank(i)) this.fail(field, `field '${field}' is empty`)
    const s = this.cell(i)
    const v = parseDecimal(s, 0, s.length)
    if (!Number.isFinite(v)) this.fail(field, `field '${field}' is '${s}', not a number`)
    return v
  }

  /** A required number > 0 (prices, sizes). */
  positive(i: number, field: string): number {
    if (i >= 0 && this.states[i] === NUMBER && this.values[i] > 0) return this.values[i]
    const v = this.num(i, field)
    if (!(v > 0)) this.fail(field, `field '${field}' is ${v}, must be > 0`)
    return v
  }

  /** An optional number >= 0 (volumes, notionals): undefined when the cell is empty or absent. */
  optNonNegative(i: number, field: string): number | undefined {
    if (i >= 0 && this.states[i] === NUMBER && this.values[i] >= 0) return this.values[i]
    if (this.blank(i)) return undefined
    const v = this.num(i, field)
    if (v < 0) this.fail(field, `field '${field}' is ${v}, must not be negative`)
    return v
  }

  /** A required number >= 0. */
  nonNegative(i: number, field: string): number {
    if (this.blank(i)) this.fail(field, `field '${field}' is empty`)
    return this.optNonNegative(i, field) ?? 0
  }

  /** A UTC epoch time in ms, or in µs (16 digits, converted), or `YYYY-MM-DD HH:MM:SS` (UTC). */
  time(i: number, field: string): number {
    const isNumber = i >= 0 && this.states[i] === NUMBER
    if (!isNumber && this.blank(i)) this.fail(field, `field '${field}' is empty`)
    const a = this.starts[i]
    if (!isNumber && this.ends[i] - a === 19) {
      const t = parseDateTime(this.bytes, a)
      if (Number.isFinite(t)) return t
    }
    const v = isNumber ? this.values[i] : parseDecimal(this.cell(i), 0, this.cell(i).length)
    if (Number.isInteger(v) && v >= MS_FROM) {
      if (v < MICROS_FROM) return v
      if (v < MICROS_FROM * 1000) {
        this.microsecondCells++
        return Math.floor(v / 1000)
      }
    }
    const s = this.cell(i)
    const m = /^\d{4}-\d{2}-(\d{2})[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?$/.exec(s)
    const parsed = m ? Date.parse(s.replace(' ', 'T').replace(/Z?$/, 'Z')) : NaN
    // Date.parse takes 2023-02-30 as March 2: keep the result only if the day survived.
    const iso = m && new Date(parsed).getUTCDate() === Number(m[1]) ? parsed : NaN
    if (Number.isFinite(iso)) return iso
    return this.fail(
      field,
      `field '${field}' is '${s}', not a time (epoch ms, epoch µs or YYYY-MM-DD HH:MM:SS UTC)`,
    )
  }
}

/** Digits `b[a, a + n)` as an integer; NaN if any is not a digit. */
function digitsAt(b: Uint8Array, a: number, n: number): number {
  let v = 0
  for (let j = a; j < a + n; j++) {
    const c = b[j] - 48
    if (c < 0 || c > 9) return NaN
    v = v * 10 + c
  }
  return v
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** `YYYY-MM-DD HH:MM:SS` (or with `T`) at `a`, as UTC ms; NaN when any part is off. */
function parseDateTime(b: Uint8Array, a: number): number {
  const sep = b[a + 10]
  if (b[a + 4] !== 45 || b[a + 7] !== 45 || (sep !== 32 && sep !== 84)) return NaN
  if (b[a + 13] !== 58 || b[a + 16] !== 58) return NaN
  const y = digitsAt(b, a, 4)
  const m = digitsAt(b, a + 5, 2)
  const d = digitsAt(b, a + 8, 2)
  const h = digitsAt(b, a + 11, 2)
  const mi = digitsAt(b, a + 14, 2)
  const s = digitsAt(b, a + 17, 2)
  if (!(m >= 1 && m <= 12 && d >= 1 && h <= 23 && mi <= 59 && s <= 59)) return NaN
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
  if (d > DAYS_IN_MONTH[m - 1] + (m === 2 && leap ? 1 : 0)) return NaN
  return daysFromCivil(y, m, d) * 86_400_000 + ((h * 60 + mi) * 60 + s) * 1000
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}
