import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { EventHeap } from './event-heap.ts'
import { TriggerIndex, type TriggerDirection } from './trigger-index.ts'

type Op =
  | { kind: 'insert'; id: number; level: number }
  | { kind: 'remove'; id: number }
  | { kind: 'price'; price: number }

const opArb = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    id: fc.integer({ min: 0, max: 49 }),
    level: fc.double({ min: 90, max: 110, noNaN: true }),
  }),
  fc.record({ kind: fc.constant('remove' as const), id: fc.integer({ min: 0, max: 49 }) }),
  fc.record({
    kind: fc.constant('price' as const),
    price: fc.double({ min: 88, max: 112, noNaN: true }),
  }),
)

/** Replays ops on the index and on a plain Map; both must fire the same ids at every price. */
function check(direction: TriggerDirection, ops: Op[]): void {
  const idx = new TriggerIndex(50, direction, 0.001)
  const ref = new Map<number, number>()
  const out = new Int32Array(50)
  const fires = (level: number, price: number): boolean =>
    direction === 'below' ? price <= level : price >= level
  let price = 100
  for (const op of ops) {
    if (op.kind === 'insert') {
      if (fires(op.level, price)) continue // the engine never inserts an already-crossed level
      idx.insert(op.id, op.level)
      ref.set(op.id, op.level)
    } else if (op.kind === 'remove') {
      idx.remove(op.id)
      ref.delete(op.id)
    } else {
      price = op.price
      const n = idx.collect(price, out, 0)
      const got = Array.from(out.subarray(0, n)).sort((a, b) => a - b)
      const want = [...ref.entries()]
        .filter(([, l]) => fires(l, price))
        .map(([id]) => id)
        .sort((a, b) => a - b)
      expect(got).toEqual(want)
      for (const id of want) ref.delete(id)
    }
    expect(idx.size).toBe(ref.size)
    for (const [id, l] of ref) {
      expect(idx.has(id)).toBe(true)
      expect(idx.level(id)).toBe(l)
    }
  }
}

describe('TriggerIndex', () => {
  it('fires exactly the levels a falling price reaches (below)', () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 200 }), (ops) => check('below', ops)))
  })

  it('fires exactly the levels a rising price reaches (above)', () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 200 }), (ops) => check('above', ops)))
  })

  it('fires a level equal to the price and keeps one a cent away', () => {
    const idx = new TriggerIndex(3, 'below')
    const out = new Int32Array(3)
    idx.insert(0, 100)
    idx.insert(1, 99.99)
    expect(Array.from(out.subarray(0, idx.collect(100, out, 0)))).toEqual([0])
    expect(idx.has(1)).toBe(true)
  })

  it('rejects non-positive levels', () => {
    const idx = new TriggerIndex(1, 'above')
    expect(() => idx.insert(0, 0)).toThrow(RangeError)
    expect(() => idx.insert(0, Number.NaN)).toThrow(RangeError)
  })
})

describe('EventHeap', () => {
  it('pops events in time order with their payloads', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { maxLength: 300 }),
        (times) => {
          const h = new EventHeap(2)
          times.forEach((t, i) => h.push(t, i, i * 3))
          const popped: number[] = []
          while (h.size > 0) {
            const t = h.pop()
            expect(times[h.poppedTrader]).toBe(t)
            expect(h.poppedStamp).toBe(h.poppedTrader * 3)
            popped.push(t)
          }
          expect(popped).toEqual([...times].sort((a, b) => a - b))
          expect(h.peekTime()).toBe(Infinity)
        },
      ),
    )
  })
})
