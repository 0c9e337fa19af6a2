import { describe, expect, it } from 'vitest'
import { lines, ofType, problems, replay } from '../test-helpers.ts'
import { BinanceMapper } from './mapper.ts'

const FIX = new URL('./fixtures/', import.meta.url)
const T0 = 1780000020000
const LOCAL = T0 + 10_000

describe('BinanceMapper', () => {
  const { items, results } = replay(
    new BinanceMapper(),
    lines(new URL('ws-market.ndjson', FIX)),
    LOCAL,
  )

  it('maps every fixture line to valid events', () => {
    expect(results.every((r) => r === 'data')).toBe(true)
    expect(problems(items)).toEqual([])
    expect(items).toHaveLength(7)
  })

  it('aggTrade: m=true means the taker sold', () => {
    const t = ofType(items, 'trade')
    expect(t.map((x) => [x.id, x.price, x.qty, x.takerSide, x.ts])).toEqual([
      ['5933014', 65000.1, 0.25, 'sell', T0 + 1095],
      ['5933015', 65000.2, 1.5, 'buy', T0 + 1195],
    ])
    expect(t[0].localTs).toBe(LOCAL)
  })

  it('kline: taker split and closed flag', () => {
    const [open, closed] = ofType(items, 'bar')
    expect(open).toMatchObject({
      ts: T0,
      tf: '1m',
      open: 64990,
      close: 65000.2,
      volume: 12.345,
      takerBuyVolume: 7,
      closed: false,
    })
    expect(closed).toMatchObject({
      high: 65020,
      low: 64970,
      volume: 20,
      quoteVolume: 1300000,
      takerBuyQuoteVolume: 747500,
      closed: true,
    })
  })

  it('markPrice → predicted funding with 8 h default interval', () => {
    const [f] = ofType(items, 'funding')
    expect(f).toMatchObject({
      rate: 0.0001,
      markPrice: 65001.5,
      indexPrice: 64998.2,
      predicted: true,
      intervalHours: 8,
    })
    expect(f.nextFundingTs).toBe(T0 - 1_620_000 + 8 * 3_600_000)
  })

  it('forceOrder: SELL liquidates a long, BUY a short; avg price when filled, order price otherwise', () => {
    const [a, b] = ofType(items, 'liquidation')
    expect(a).toMatchObject({
      side: 'long',
      price: 64850.5,
      priceKind: 'avg_fill',
      qty: 0.014,
      coverage: 'sampled_1s_max',
    })
    expect(a.usd).toBeCloseTo(0.014 * 64850.5, 9)
    expect(b).toMatchObject({ side: 'short', price: 65300, priceKind: 'order', qty: 2 })
  })

  it('depthUpdate → book update with U/u/pu', () => {
    const r = replay(new BinanceMapper(), lines(new URL('ws-depth.ndjson', FIX)), LOCAL)
    const u = r.items[1]
    expect(u).toMatchObject({
      type: 'book_update',
      kind: 'delta',
      seq: 1005,
      firstSeq: 990,
      prevSeq: 989,
      bids: [[65000, 1.2]],
      asks: [[65000.1, 0]],
    })
  })

  it('uses the per-symbol funding interval when known', () => {
    const m = new BinanceMapper()
    m.fundingHours.set('BTCUSDT', 4)
    const { items: it4 } = replay(m, lines(new URL('ws-market.ndjson', FIX)), LOCAL)
    expect(ofType(it4, 'funding')[0].intervalHours).toBe(4)
  })

  it('malformed, partial and control messages never become events', () => {
    const m = new BinanceMapper()
    const bad = [
      '{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","E":1,"s":"BTCUSDT","a":1,"p":"65000',
      '{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","s":"BTCUSDT","a":7,"p":"65000","q":"1","T":1780000000000}}',
      '{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","s":"BTCUSDT","a":8,"p":"-1","q":"1","T":1780000000000,"m":true}}',
      '{"stream":"btcusdt@forceOrder","data":{"e":"forceOrder","o":{"s":"BTCUSDT","S":"HOLD","q":"1","p":"1","ap":"1","z":"1","T":1780000000000}}}',
      'not json',
      '{"result":null,"id":1}',
      '{"error":{"code":2,"msg":"Invalid request"},"id":3}',
    ]
    const r = replay(m, bad, LOCAL)
    expect(r.items).toEqual([])
    expect(r.results).toEqual([
      'malformed',
      'malformed',
      'malformed',
      'malformed',
      'malformed',
      'control',
      'error',
    ])
    expect(m.lastError).toContain('Invalid request')
  })
})
