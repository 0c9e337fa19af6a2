import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LevelBook, type BookExits } from './book.ts'

/**
 * A reference book without the lazy scale or the exit fronts: every bin holds its notional and,
 * explicitly, the notional whose take-profit and stop are still pending. Every exit scans every bin.
 */
class ReferenceBook {
  x: number[]
  tp: number[]
  sl: number[]
  constructor(
    size: number,
    readonly isLong: boolean,
    readonly ex: BookExits,
  ) {
    this.x = new Array<number>(size).fill(0)
    this.tp = new Array<number>(size).fill(0)
    this.sl = new Array<number>(size).fill(0)
  }
  add(hist: number[], j0: number, amount: number): void {
    hist.forEach((h, j) => {
      this.x[j0 + j] += h * amount
      this.tp[j0 + j] += h * amount * this.ex.tpShare
      this.sl[j0 + j] += h * amount * this.ex.slShare
    })
  }
  private close(own: number[], other: number[], pick: (i: number) => boolean): void {
    for (let i = 0; i < this.x.length; i++) {
      if (!pick(i) || own[i] <= 0) continue
      const keep = this.x[i] > own[i] ? (this.x[i] - own[i]) / this.x[i] : 0
      this.x[i] *= keep
      other[i] *= keep
      own[i] = 0
    }
  }
  exit(kLow: number, kHigh: number): void {
    const { tpBins, slBins } = this.ex
    if (this.isLong) {
      this.close(this.tp, this.sl, (i) => i <= kHigh - tpBins)
      this.close(this.sl, this.tp, (i) => i >= kLow - slBins)
    } else {
      this.close(this.tp, this.sl, (i) => i >= kLow + tpBins)
      this.close(this.sl, this.tp, (i) => i <= kHigh + slBins)
    }
  }
  scaleWhere(pick: (i: number) => boolean, f: number): void {
    for (let i = 0; i < this.x.length; i++)
      if (pick(i)) {
        this.x[i] *= f
        this.tp[i] *= f
        this.sl[i] *= f
      }
  }
  regrid(newSize: number, shift: number): void {
    const move = (a: number[]): number[] => {
      const b = new Array<number>(newSize).fill(0)
      a.forEach((v, i) => (b[i + shift] = v))
      return b
    }
    this.x = move(this.x)
    this.tp = move(this.tp)
    this.sl = move(this.sl)
  }
}

type Op =
  | { kind: 'seed'; hist: number[]; at: number; amount: number }
  | { kind: 'bar'; at: number; range: number; sweep: boolean }
  | { kind: 'decay'; f: number }
  | { kind: 'share'; at: number; q: number }
  | { kind: 'regrid' }

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('seed' as const),
    hist: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    amount: fc.double({ min: 1, max: 1e6, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('bar' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    range: fc.nat(3),
    sweep: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('decay' as const),
    f: fc.double({ min: 0.5, max: 1, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('share' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    q: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.constant({ kind: 'regrid' as const }),
)

const exits: fc.Arbitrary<BookExits> = fc.record({
  tpShare: fc.constantFrom(0, 0.3, 1),
  tpBins: fc.nat(8),
  slShare: fc.constantFrom(0, 0.45, 1),
  slBins: fc.nat(3),
})

describe('LevelBook exits', () => {
  it('close exactly what a front-free reference closes, through seeds, bars, decay and regrids', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        exits,
        fc.array(op, { minLength: 5, maxLength: 80, size: 'max' }),
        (isLong, ex, ops) => {
          // A small grid, so that seeds, exits and sweeps overlap often.
          let size = 16
          const book = new LevelBook(size, isLong, false, Infinity, ex)
          const ref = new ReferenceBook(size, isLong, ex)
          const bin = (u: number, pad = 0): number => Math.floor(u * (size - 2 * pad)) + pad
          for (const o of ops) {
            if (o.kind === 'seed') {
              // An entry histogram sums to 1 (the book's total counts `amount`).
              const sum = o.hist.reduce((a, v) => a + v, 0)
              if (!(sum > 0)) continue
              const hist = o.hist.map((v) => v / sum)
              const j0 = bin(o.at) % (size - hist.length)
              book.addHist(Float64Array.from(hist), hist.length, j0, o.amount, 0)
              ref.add(hist, j0, o.amount)
            } else if (o.kind === 'bar') {
              const kLow = bin(o.at)
              const kHigh = kLow + o.range
              const before = book.total
              const due = book.exitDue(kLow, kHigh)
              const closed = book.exit(kLow, kHigh)
              ref.exit(kLow, kHigh)
              if (!due) expect(closed).toBe(0)
              expect(closed).toBeLessThanOrEqual(before * (1 + 1e-12) + 1e-9)
              if (o.sweep) {
                const k = isLong ? kLow : kHigh
                book.sweep(k, 0)
                ref.scaleWhere((i) => (isLong ? i >= k : i <= k), 0)
              }
            } else if (o.kind === 'decay') {
              book.multiply(o.f)
              ref.scaleWhere(() => true, o.f)
            } else if (o.kind === 'share') {
              const k = bin(o.at)
              book.sweepShare(k, o.q)
              ref.scaleWhere((i) => (isLong ? i >= k : i <= k), 1 - o.q)
            } else if (size < 64) {
              book.regrid(size * 2, size / 2)
              ref.regrid(size * 2, size / 2)
              size *= 2
            }
            const scale = ref.x.reduce((a, v) => Math.max(a, v), 1)
            for (let i = 0; i < size; i++)
              if (Math.abs(book.at(i) - ref.x[i]) > 1e-9 * scale)
                expect.fail(`bin ${i}: book ${book.at(i)}, reference ${ref.x[i]}`)
          }
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('a long at 10×: the take-profit share closes on the way up, the stop share before liquidation', () => {
    // Bins 0..99; the position's liquidation level is bin 40.
    const ex: BookExits = { tpShare: 0.6, tpBins: 30, slShare: 0.5, slBins: 4 }
    const book = new LevelBook(100, true, false, Infinity, ex)
    book.addHist(Float64Array.of(1), 1, 40, 1000, 0)
    // The high reaches bin 69: one short of the take-profit (40 + 30).
    expect(book.exit(60, 69)).toBe(0)
    expect(book.exit(60, 70)).toBeCloseTo(600)
    // Reached again: nothing more to close.
    expect(book.exit(60, 75)).toBe(0)
    // The low reaches the stop (40 + 4 = 44): half of what is left closes.
    expect(book.exit(44, 50)).toBeCloseTo(200)
    // Liquidation takes the rest.
    expect(book.sweep(40, 0)).toBeCloseTo(200)
    expect(book.total).toBe(0)
  })
})
