import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { lowerBound, setBounded, upperBound } from './bisect.ts'

describe('lowerBound and upperBound', () => {
  it('find the first row with ts ≥ t and > t in xs[0..end), as a scan would', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 30 }),
        fc.integer({ min: -1, max: 21 }),
        fc.nat(),
        (raw, t, e) => {
          const xs = raw.sort((a, b) => a - b).map((ts) => ({ ts }))
          const end = e % (xs.length + 1)
          const scan = (ok: (ts: number) => boolean): number => {
            const i = xs.slice(0, end).findIndex((x) => ok(x.ts))
            return i < 0 ? end : i
          }
          expect(lowerBound(xs, t, end)).toBe(scan((ts) => ts >= t))
          expect(upperBound(xs, t, end)).toBe(scan((ts) => ts > t))
        },
      ),
    )
  })
})

describe('setBounded', () => {
  it('keeps the last `max` keys set', () => {
    const m = new Map<number, string>()
    for (let i = 0; i < 10; i++) setBounded(m, i, `v${i}`, 3)
    expect([...m.keys()]).toEqual([7, 8, 9])
    m.delete(7) // an LRU hit: delete, then set again
    setBounded(m, 7, 'again', 3)
    expect([...m]).toEqual([
      [8, 'v8'],
      [9, 'v9'],
      [7, 'again'],
    ])
  })
})
