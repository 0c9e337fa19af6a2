import { describe, expect, it } from 'vitest'
import { fakeAddress as A } from '../../../../test/fakes/hyperliquid.ts'
import { AddressBook } from './address-book.ts'

/** Drains the polling order: polls `n` addresses at t, t+1, … and returns them in order. */
function pollOrder(book: AddressBook, n: number, t0: number): string[] {
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    const a = book.next(t0 + i, 0)
    if (a === undefined) break
    out.push(a)
    book.polled(a, t0 + i, false)
  }
  return out
}

describe('AddressBook', () => {
  it('dedupes discoveries and polls never-polled first, then least recently polled', () => {
    const book = new AddressBook(100)
    expect(book.discover(A(1), 0)).toBe(true)
    expect(book.discover(A(2), 1)).toBe(true)
    expect(book.discover(A(1), 2)).toBe(false)
    expect(book.discover(A(3), 3)).toBe(true)
    expect(book.size).toBe(3)
    expect(pollOrder(book, 3, 10)).toEqual([A(1), A(2), A(3)])
    // A(4) arrives after every other was polled: it goes first.
    book.discover(A(4), 20)
    expect(pollOrder(book, 5, 30)).toEqual([A(4), A(1), A(2), A(3), A(4)])
    expect(book.get(A(1))?.lastPolledAt).toBe(31)
  })

  it('holds back an address polled less than minRepollMs ago and says when it is due', () => {
    const book = new AddressBook(10)
    book.discover(A(1), 0)
    expect(book.nextDueInMs(0, 1000)).toBe(0)
    book.polled(A(1), 100, false)
    expect(book.next(500, 1000)).toBeUndefined()
    expect(book.nextDueInMs(500, 1000)).toBe(600)
    expect(book.next(1100, 1000)).toBe(A(1))
  })

  it('puts a failed poll first and skips busy addresses', () => {
    const book = new AddressBook(10)
    for (let i = 1; i <= 3; i++) book.discover(A(i), i)
    pollOrder(book, 3, 10)
    book.failed(A(3))
    expect(book.next(20, 0)).toBe(A(3))
    expect(book.next(20, 0, new Set([A(3)]))).toBe(A(1))
    book.polled(A(3), 21, true)
    expect(book.next(22, 0)).toBe(A(1))
    expect(book.stats().holding).toBe(1)
  })

  it('evicts the least recently trading never-held address when full; keeps holders', () => {
    const evicted: string[] = []
    const book = new AddressBook(3, (a) => evicted.push(a))
    book.discover(A(1), 1)
    book.discover(A(2), 2)
    book.discover(A(3), 3)
    book.polled(A(1), 4, true) // A(1) holds: protected
    book.discover(A(2), 5) // A(2) trades again: now more recent than A(3)
    book.discover(A(4), 6)
    expect(evicted).toEqual([A(3)])
    book.discover(A(5), 7)
    expect(evicted).toEqual([A(3), A(2)])
    expect(book.get(A(1))).toBeDefined()
    // A(1) closes its position: still protected (it once held one).
    book.polled(A(1), 8, false)
    book.polled(A(4), 8, true)
    book.polled(A(5), 8, true)
    expect(book.discover(A(6), 9)).toBe(false)
    expect(book.stats()).toMatchObject({
      known: 3,
      evicted: 2,
      refused: 1,
      everHeld: 3,
      holding: 2,
    })
  })

  it('an unusable answer moves the address back without counting a poll', () => {
    const book = new AddressBook(10)
    book.discover(A(1), 0)
    book.discover(A(2), 0)
    book.polled(A(1), 5, undefined)
    expect(book.get(A(1))?.polls).toBe(0)
    expect(book.next(6, 0)).toBe(A(2))
  })
})
