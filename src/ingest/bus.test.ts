import { describe, expect, it } from 'vitest'
import type { MarketEvent } from '../core/events.ts'
import { InProcessBus, subjectFor } from './bus.ts'

const liq: MarketEvent = {
  type: 'liquidation',
  venue: 'bybit',
  symbol: 'BTCUSDT',
  ts: 1,
  localTs: 2,
  side: 'long',
  price: 1,
  priceKind: 'order',
  qty: 1,
  usd: 1,
  coverage: 'complete',
}
const oi: MarketEvent = {
  type: 'open_interest',
  venue: 'okx',
  symbol: 'BTCUSDT',
  ts: 1,
  localTs: 2,
  oi: 5,
}

describe('InProcessBus', () => {
  it('delivers batches filtered by venue and type, in subscription order', async () => {
    const bus = new InProcessBus()
    const seen: string[] = []
    bus.subscribe((b) => void seen.push(`all:${b.length}`))
    bus.subscribe((b) => void seen.push(`okx:${b.map((e) => e.type).join()}`), { venues: ['okx'] })
    bus.subscribe((b) => void seen.push(`liq:${b.length}`), { types: ['liquidation'] })
    await bus.publish([liq, oi])
    expect(seen).toEqual(['all:2', 'okx:open_interest', 'liq:1'])
  })

  it('isolates a failing subscriber and still reports its error', async () => {
    const bus = new InProcessBus()
    const got: number[] = []
    bus.subscribe(() => {
      throw new Error('boom')
    })
    const off = bus.subscribe((b) => void got.push(b.length))
    await expect(bus.publish([liq])).rejects.toThrow('boom')
    expect(got).toEqual([1])
    off()
    await bus.close()
    await bus.publish([liq])
    expect(got).toEqual([1])
  })

  it('names a JetStream subject per venue and kind', () => {
    expect(subjectFor(liq)).toBe('liqheat.md.bybit.liquidation')
    expect(subjectFor({ type: 'disconnect', venue: 'okx', localTs: 0, reason: 'x' })).toBe(
      'liqheat.md.okx.disconnect',
    )
  })
})
