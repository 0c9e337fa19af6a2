import { afterEach, describe, expect, it } from 'vitest'
import { waitFor } from '../../../../test/fakes/fake-server.ts'
import {
  fakeAddress as A,
  FakeHyperliquid,
  rawPosition,
} from '../../../../test/fakes/hyperliquid.ts'
import type { Clock } from '../../clock.ts'
import { realSleep } from '../../clock.ts'
import { AddressBook } from './address-book.ts'
import { WeightBudget } from './budget.ts'
import { HlInfoClient } from './info-client.ts'
import { PositionPoller, type PollerOptions } from './poller.ts'
import { PositionMap } from './position-map.ts'

const T0 = 1_780_000_000_000

/** Simulated time: every sleep moves the clock at once; aborts `ctrl` once `end` is reached. */
function simClock(end: number, ctrl: AbortController): Clock & { t: number } {
  const c = {
    t: T0,
    now: () => c.t,
    sleep: async (ms: number, signal?: AbortSignal): Promise<void> => {
      if (signal?.aborted === true) return
      c.t += ms
      if (c.t >= end) ctrl.abort()
      await new Promise((r) => setImmediate(r))
    },
  }
  return c
}

let fake: FakeHyperliquid | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

function setup(
  clock: Clock,
  o: Partial<PollerOptions> & { weightPerMinute?: number; addresses?: number } = {},
) {
  const book = new AddressBook(10_000)
  for (let i = 1; i <= (o.addresses ?? 0); i++) book.discover(A(i), clock.now())
  const positions = new PositionMap()
  const budget = new WeightBudget(clock.now, {
    weightPerMinute: o.weightPerMinute ?? 960,
    backoff: { baseMs: 1000, maxMs: 8000 },
    random: () => 1,
  })
  const poller = new PositionPoller({
    client: new HlInfoClient({ restUrl: fake?.url, now: clock.now }),
    book,
    positions,
    budget,
    clock,
    coin: 'BTC',
    minRepollMs: 0,
    ctxEveryMs: 30_000,
    concurrency: 1,
    ...o,
  })
  return { book, positions, budget, poller }
}

describe('PositionPoller against the fake Hyperliquid', () => {
  it('polls least recently polled first, new addresses before old', async () => {
    const ctrl = new AbortController()
    const clock = simClock(T0 + 3_600_000, ctrl)
    fake = await new FakeHyperliquid({ now: clock.now }).start()
    const { poller, book } = setup(clock, { addresses: 4 })
    const run = poller.run(ctrl.signal)
    const users = (): string[] => fake?.infoLog.flatMap((e) => (e.user ? [e.user] : [])) ?? []
    await waitFor(() => users().length >= 6, 5000, '6 polls')
    const seenAtDiscovery = users().length
    book.discover(A(9), clock.now())
    await waitFor(() => users().length >= seenAtDiscovery + 8, 5000, 'more polls')
    ctrl.abort()
    await run
    const u = users()
    // A(9) is never polled: it goes next (one request may already be in flight).
    const i9 = u.indexOf(A(9))
    expect([seenAtDiscovery, seenAtDiscovery + 1]).toContain(i9)
    // Without A(9) the order is the rotation A1 A2 A3 A4 A1 …: least recently polled first.
    const rest = u.filter((a) => a !== A(9))
    expect(rest).toEqual(rest.map((_, i) => A((i % 4) + 1)))
    // After A(9)'s first poll it is the most recently polled: the next 4 polls are the others.
    expect(u.slice(i9 + 1, i9 + 5)).not.toContain(A(9))
    expect(u[i9 + 5]).toBe(A(9))
    expect(fake.infoLog[0].type).toBe('metaAndAssetCtxs')
  })

  it('stays within the weight budget in every minute over 5 simulated minutes', async () => {
    const ctrl = new AbortController()
    const clock = simClock(T0 + 300_000, ctrl)
    fake = await new FakeHyperliquid({ now: clock.now }).start()
    const perMin = 200
    const { poller } = setup(clock, { addresses: 500, weightPerMinute: perMin, concurrency: 3 })
    await poller.run(ctrl.signal)
    const log = fake.infoLog.map((e) => ({ at: e.at, w: e.type === 'metaAndAssetCtxs' ? 20 : 2 }))
    // Every window [t, t + 60 s] starting at a request.
    let worst = 0
    for (let i = 0; i < log.length; i++) {
      let sum = 0
      for (let j = i; j < log.length && log[j].at - log[i].at <= 60_000; j++) sum += log[j].w
      worst = Math.max(worst, sum)
    }
    expect(worst).toBeLessThanOrEqual(perMin)
    // …and it uses the budget: 5 min × (200 − 20 burst) + the first burst, less a request or two.
    const total = log.reduce((a, r) => a + r.w, 0)
    expect(total).toBeGreaterThanOrEqual(5 * 180 + 20 - 40)
    expect(total).toBeLessThanOrEqual(5 * 180 + 20)
    // Mark/OI every 30 s, each waiting for a full bucket (20 weight ≈ 6.7 s at 180/min).
    const ctx = fake.infoLog.filter((e) => e.type === 'metaAndAssetCtxs').length
    expect(ctx).toBeGreaterThanOrEqual(8)
    expect(ctx).toBeLessThanOrEqual(10)
  })

  it('backs off on 429: waits Retry-After, then doubles without it, retrying the same address', async () => {
    const ctrl = new AbortController()
    const clock = simClock(T0 + 3_600_000, ctrl)
    fake = await new FakeHyperliquid({ now: clock.now }).start()
    fake.limitInfo(1, { status: 429, headers: { 'retry-after': '7' }, body: 'too many' })
    fake.limitInfo(3, { status: 429, body: 'too many' })
    const { poller, budget } = setup(clock, { addresses: 3 })
    const run = poller.run(ctrl.signal)
    await waitFor(
      () => (fake?.infoLog.filter((e) => e.status === 200 && e.user).length ?? 0) >= 3,
      5000,
      'three good polls',
    )
    ctrl.abort()
    await run
    const polls = fake.infoLog.filter((e) => e.user)
    expect(polls.map((e) => e.status).slice(0, 5)).toEqual([429, 429, 429, 429, 200])
    expect(polls.slice(0, 5).map((e) => e.user)).toEqual([A(1), A(1), A(1), A(1), A(1)])
    const gaps = polls.slice(1, 5).map((e, i) => e.at - polls[i].at)
    expect(gaps[0]).toBeGreaterThanOrEqual(7000)
    expect(gaps[1]).toBeGreaterThanOrEqual(1000)
    expect(gaps[2]).toBeGreaterThanOrEqual(2000)
    expect(gaps[3]).toBeGreaterThanOrEqual(4000)
    expect(gaps[0]).toBeLessThan(7000 + 500)
    expect(gaps[3]).toBeLessThan(4000 + 500)
    expect(budget.rateLimited).toBe(4)
    expect(poller.stats().rateLimited).toBe(4)
  })

  it('replaces and drops positions as accounts change', async () => {
    const ctrl = new AbortController()
    const clock: Clock = { now: () => Date.now(), sleep: realSleep }
    fake = await new FakeHyperliquid().start()
    const { poller, positions, book } = setup(clock, { addresses: 2, minRepollMs: 20 })
    const long = rawPosition({
      szi: 1.5,
      entryPx: 64_000,
      markPx: 65_000,
      liquidationPx: 58_000,
      type: 'isolated',
      leverage: 10,
    })
    const eth = rawPosition({
      coin: 'ETH',
      szi: 3,
      entryPx: 3000,
      markPx: 3000,
      liquidationPx: 2000,
      type: 'cross',
      leverage: 5,
    })
    fake.setPositions(A(1), [eth, long])
    const run = poller.run(ctrl.signal)
    try {
      await waitFor(() => positions.get(A(1))?.side === 'long', 5000, 'long')
      expect(positions.get(A(1))).toMatchObject({ size: 1.5, liquidationPx: 58_000, coin: 'BTC' })
      expect(positions.get(A(2))).toBeUndefined()
      fake.setPositions(A(1), [
        rawPosition({
          szi: -2,
          entryPx: 65_000,
          markPx: 65_000,
          liquidationPx: null,
          type: 'cross',
          leverage: 20,
        }),
      ])
      await waitFor(() => positions.get(A(1))?.side === 'short', 5000, 'short')
      expect(positions.get(A(1))).toMatchObject({ size: 2, liquidationPx: null, leverage: 20 })
      expect(book.stats().holding).toBe(1)
      fake.setPositions(A(1), [])
      await waitFor(() => positions.size === 0, 5000, 'dropped')
      expect(book.stats()).toMatchObject({ holding: 0, everHeld: 1 })
    } finally {
      ctrl.abort()
      await run
    }
  })

  it('a malformed answer names the field and moves on', async () => {
    const ctrl = new AbortController()
    const clock: Clock = { now: () => Date.now(), sleep: realSleep }
    fake = await new FakeHyperliquid().start()
    const { poller } = setup(clock, { addresses: 1, minRepollMs: 10_000 })
    fake.setPositions(A(1), [
      {
        ...rawPosition({
          szi: 1,
          entryPx: 1,
          markPx: 1,
          liquidationPx: 1,
          type: 'cross',
          leverage: 3,
        }),
        szi: 'lots',
      },
    ])
    const run = poller.run(ctrl.signal)
    await waitFor(() => poller.stats().badAnswers === 1, 5000, 'bad answer')
    ctrl.abort()
    await run
    expect(poller.stats().lastError).toMatch(/field 'assetPositions\.0\.position\.szi'/)
  })
})
