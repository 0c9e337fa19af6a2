import { describe, expect, it } from 'vitest'
import { lines, ofType, problems, replay } from '../test-helpers.ts'
import { BybitMapper } from './mapper.ts'

const FIX = new URL('./fixtures/', import.meta.url)
const T0 = 1780000020000
const LOCAL = T0 + 120_000

describe('BybitMapper', () => {
  const { items, results } = replay(new BybitMapper(), lines(new URL('ws.ndjson', FIX)), LOCAL)

  it('maps every fixture line to valid events', () => {
    expect(results).toEqual(['data', 'data', 'data', 'data', 'data', 'data'])
    expect(problems(items)).toEqual([])
  })

  it('publicTrade: S is the taker side', () => {
    expect(ofType(items, 'trade').map((t) => [t.takerSide, t.price, t.qty, t.ts])).toEqual([
      ['buy', 65000.1, 0.01, T0 + 1095],
      ['sell', 65000, 0.25, T0 + 1096],
    ])
  })

  it('allLiquidation: S is the position side (Buy ⇒ long liquidated), bankruptcy price, complete', () => {
    const [a, b] = ofType(items, 'liquidation')
    expect(a).toMatchObject({
      side: 'long',
      price: 64700,
      qty: 0.5,
      priceKind: 'bankruptcy',
      coverage: 'complete',
      usd: 32350,
    })
    expect(b).toMatchObject({ side: 'short', price: 65400.5, qty: 1.2 })
  })

  it('tickers: one-sided OI (singleOpenInterest, or half of openInterest in a delta)', () => {
    const oi = ofType(items, 'open_interest')
    expect(oi.map((x) => x.oi)).toEqual([50000, 50005])
    expect(oi[0].oiUsd).toBe(3250060000)
    expect(oi[1].ts).toBe(T0 + 2400)
  })

  it('tickers: funding merged across snapshot and delta', () => {
    const f = ofType(items, 'funding')
    expect(f).toHaveLength(2)
    expect(f[0]).toMatchObject({
      rate: 0.0001,
      markPrice: 65001.2,
      indexPrice: 64998.7,
      intervalHours: 8,
      predicted: true,
    })
    expect(f[1]).toMatchObject({ rate: 0.0001, markPrice: 65002, indexPrice: 64998.7 })
  })

  it('kline: interval code 1 → 1m, confirm → closed', () => {
    const bars = ofType(items, 'bar')
    expect(bars.map((b) => [b.tf, b.ts, b.closed, b.close])).toEqual([
      ['1m', T0, false, 65000.1],
      ['1m', T0, true, 65005],
    ])
    expect(bars[1].quoteVolume).toBe(1300000)
  })

  it('orderbook: snapshot and deltas with u', () => {
    const r = replay(new BybitMapper(), lines(new URL('ws-book.ndjson', FIX)), LOCAL)
    expect(r.items.map((u) => (u.type === 'book_update' ? [u.kind, u.seq] : []))).toEqual([
      ['snapshot', 18521288],
      ['delta', 18521289],
      ['delta', 18521290],
    ])
  })

  it('acks, pongs, errors and junk', () => {
    const m = new BybitMapper()
    const r = replay(
      m,
      [
        '{"success":true,"ret_msg":"pong","conn_id":"x","op":"ping"}',
        '{"success":true,"ret_msg":"","conn_id":"x","req_id":"1","op":"subscribe"}',
        '{"success":false,"ret_msg":"error:handler not found","conn_id":"x","op":"subscribe"}',
        '{"topic":"allLiquidation.BTCUSDT","type":"snapshot","ts":1,"data":[{"T":1780000000000,"s":"BTCUSDT","S":"Up","v":"1","p":"1"}]}',
        '{"topic":"publicTrade.BTCUSDT","data":{"oops":1}}',
        '{"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1,"data":[{"T":1780000000000,"s":"BTCUSDT","S":"Buy","v":"0","p":"1","i":"x"}]}',
        '[1,2',
      ],
      LOCAL,
    )
    expect(r.results).toEqual([
      'control',
      'control',
      'error',
      'malformed',
      'malformed',
      'malformed',
      'malformed',
    ])
    expect(r.items).toEqual([])
  })

  it('funding needs a known interval: instruments-info hours are used when the ticker has none', () => {
    const m = new BybitMapper()
    m.fundingHours.set('BTCUSDT', 4)
    const msg = {
      topic: 'tickers.BTCUSDT',
      type: 'snapshot',
      ts: T0,
      data: { symbol: 'BTCUSDT', markPrice: '65000', fundingRate: '0.0002' },
    }
    const r = replay(m, [JSON.stringify(msg)], LOCAL)
    expect(ofType(r.items, 'funding')[0]).toMatchObject({ intervalHours: 4, rate: 0.0002 })
  })
})
