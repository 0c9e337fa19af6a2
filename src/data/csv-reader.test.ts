import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DataError } from '../core/errors.ts'
import { CsvReader } from './csv-reader.ts'

const reader = (text: string): CsvReader => new CsvReader('t.csv', new TextEncoder().encode(text))

/** The single cell of a one-line file, read with `read`. */
function readCell<T>(cell: string, read: (r: CsvReader) => T): T {
  const r = reader(`${cell}\n`)
  expect(r.next()).toBe(true)
  return read(r)
}

describe('CsvReader numbers', () => {
  const digits = (max: number) =>
    fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: max })

  it('equals Number() for decimal text, including long fractions and trailing zeros', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        digits(12),
        fc.option(digits(12), { nil: undefined }),
        fc.nat(25),
        (neg, int, frac, zeros) => {
          const f = frac === undefined ? '' : `.${frac}${'0'.repeat(zeros)}`
          const s = `${neg ? '-' : ''}${int}${f}`
          expect(readCell(s, (r) => r.num(0, 'x'))).toBe(Number(s))
        },
      ),
      { numRuns: 500 },
    )
  })

  it('equals Number() for any double printed by String() (exponent forms too)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = String(x) // -0 prints as "0"
        expect(
          Object.is(
            readCell(s, (r) => r.num(0, 'x')),
            Number(s),
          ),
        ).toBe(true)
      }),
    )
  })

  it('reads Binance quote volumes with 17 digits exactly', () => {
    expect(readCell('122183291.10114830', (r) => r.num(0, 'q'))).toBe(122183291.1011483)
  })

  it('rejects what is not a number, naming the field and line', () => {
    for (const bad of ['1.2.3', '0x10', '1e', 'abc', '--1', 'Infinity', 'NaN', '-', '.']) {
      const err = (() => {
        try {
          readCell(bad, (r) => r.num(0, 'open'))
        } catch (e) {
          return e
        }
      })()
      expect(err).toBeInstanceOf(DataError)
      expect((err as DataError).message).toBe(`t.csv:1: field 'open' is '${bad}', not a number`)
    }
  })
})

describe('CsvReader times', () => {
  it('reads YYYY-MM-DD HH:MM:SS as UTC, agreeing with Date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4102444799 }), (sec) => {
        const ms = sec * 1000
        const text = new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
        expect(readCell(text, (r) => r.time(0, 't'))).toBe(ms)
      }),
    )
  })

  it('rejects impossible dates and converts microseconds', () => {
    for (const bad of ['2023-02-29 00:00:00', '2023-02-30T10:00Z', '2024-13-01 00:00:00']) {
      expect(() => readCell(bad, (r) => r.time(0, 'create_time'))).toThrow(
        `t.csv:1: field 'create_time' is '${bad}', not a time`,
      )
    }
    expect(readCell('2024-01-02T03:04Z', (r) => r.time(0, 't'))).toBe(Date.UTC(2024, 0, 2, 3, 4))
    expect(readCell('2024-02-29 23:59:59', (r) => r.time(0, 't'))).toBe(
      Date.UTC(2024, 1, 29, 23, 59, 59),
    )
    expect(readCell('1735689600123456', (r) => r.time(0, 't'))).toBe(1735689600123)
    expect(() => readCell('1735689600', (r) => r.time(0, 't'))).toThrow(/not a time/)
  })
})

describe('CsvReader lines', () => {
  it('counts lines through CRLF, a BOM, blank lines and a missing final newline', () => {
    const r = reader('\uFEFFa,b\r\n\r\n1,2\n   \n3,4')
    const seen: [number, string][] = []
    while (r.next()) seen.push([r.line, `${r.cell(0)}|${r.cell(1)}|${r.fieldCount}`])
    expect(seen).toEqual([
      [1, 'a|b|2'],
      [3, '1|2|2'],
      [5, '3|4|2'],
    ])
  })

  it('keeps empty cells distinct from zeros', () => {
    const r = reader('1,,0, \n')
    r.next()
    expect([1, 2, 3].map((i) => r.optNonNegative(i, 'v'))).toEqual([undefined, 0, undefined])
    expect(r.fieldCount).toBe(4)
  })
})
