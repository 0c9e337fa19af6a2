import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AsyncQueue } from './async-queue.ts'
import { backoffDelay } from './clock.ts'
import { Dedup } from './dedup.ts'
import { createCcxt, retryAfterMs } from './rest.ts'
import { toCanonical, toVenueSymbol } from './symbols.ts'

describe('backoffDelay', () => {
  it('is capped and jittered within [d/2, d] of d = min(max, base·2^n)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (n, r) => {
          const d = Math.min(32_000, 1000 * 2 ** n)
          const v = backoffDelay(n, { baseMs: 1000, maxMs: 32_000 }, () => r)
          expect(v).toBeGreaterThanOrEqual(Math.floor(d / 2))
          expect(v).toBeLessThanOrEqual(d)
        },
      ),
    )
  })
})

describe('retryAfterMs', () => {
  it('reads delta-seconds and HTTP dates, case-insensitively', () => {
    expect(retryAfterMs({ 'Retry-After': '2' }, 0)).toBe(2000)
    expect(retryAfterMs({ 'retry-after': '0.5' }, 0)).toBe(500)
    expect(retryAfterMs({ 'Retry-After': 'Thu, 01 Jan 1970 00:01:00 GMT' }, 30_000)).toBe(30_000)
    expect(retryAfterMs({ other: '1' }, 0)).toBeUndefined()
    expect(retryAfterMs({ 'Retry-After': 'soon' }, 0)).toBeUndefined()
  })
})

describe('createCcxt', () => {
  it('repoints every REST base of the venue at the given URL', () => {
    const ex = createCcxt('binance', 'http://127.0.0.1:9')
    const urls = Object.values(ex.urls.api as Record<string, string>)
    expect(urls.length).toBeGreaterThan(5)
    for (const u of urls) expect(u.startsWith('http://127.0.0.1:9/')).toBe(true)
    expect((ex.urls.api as Record<string, string>).fapiPublic).toBe('http://127.0.0.1:9/fapi/v1')
    for (const v of ['bybit', 'okx', 'hyperliquid'] as const) {
      for (const u of Object.values(
        createCcxt(v, 'http://127.0.0.1:9').urls.api as Record<string, string>,
      ))
        expect(u).toMatch(/^http:\/\/127\.0\.0\.1:9/)
    }
  })
})

describe('symbols', () => {
  it('canonical ↔ venue', () => {
    expect(toVenueSymbol('okx', 'BTCUSDT')).toBe('BTC-USDT-SWAP')
    expect(toVenueSymbol('okx', 'ETH-USDC-SWAP')).toBe('ETH-USDC-SWAP')
    expect(toVenueSymbol('hyperliquid', 'BTCUSDT')).toBe('BTC')
    expect(toVenueSymbol('hyperliquid', 'kPEPE')).toBe('kPEPE')
    expect(toCanonical('okx', 'BTC-USDT-SWAP')).toBe('BTCUSDT')
    expect(toCanonical('hyperliquid', 'BTC')).toBe('BTCUSDT')
    expect(toVenueSymbol('bybit', 'btcusdt')).toBe('BTCUSDT')
    expect(() => toVenueSymbol('okx', 'BTCEUR')).toThrow(/--symbol|quote/)
  })
})

describe('Dedup', () => {
  it('drops a repeated natural key, forgets beyond capacity, never dedups forming bars', () => {
    const d = new Dedup(2)
    const t = (id: string) => ({
      type: 'trade' as const,
      venue: 'bybit' as const,
      symbol: 'BTCUSDT',
      ts: 1,
      localTs: 1,
      id,
      price: 1,
      qty: 1,
      takerSide: 'buy' as const,
    })
    expect(d.seen(t('a'))).toBe(false)
    expect(d.seen(t('a'))).toBe(true)
    expect(d.seen(t('b'))).toBe(false)
    expect(d.seen(t('c'))).toBe(false)
    expect(d.seen(t('a'))).toBe(false)
    const bar = {
      type: 'bar' as const,
      venue: 'bybit' as const,
      symbol: 'BTCUSDT',
      ts: 1,
      localTs: 1,
      tf: '1m',
      open: 1,
      high: 1,
      low: 1,
      close: 1,
      closed: false,
    }
    expect(d.seen(bar) || d.seen(bar)).toBe(false)
    expect(d.seen({ ...bar, closed: true }) || d.seen({ ...bar, closed: true })).toBe(true)
  })
})

describe('AsyncQueue', () => {
  it('delivers in order, ends on close, calls onReturn when the consumer breaks', async () => {
    let returned = false
    const q = new AsyncQueue<number>(() => (returned = true))
    q.push(1)
    q.push(2)
    const got: number[] = []
    setTimeout(() => {
      q.push(3)
      q.close()
    }, 5)
    for await (const x of q) got.push(x)
    expect(got).toEqual([1, 2, 3])
    const q2 = new AsyncQueue<number>(() => (returned = true))
    q2.push(1)
    for await (const _ of q2) break
    expect(returned).toBe(true)
  })
})
