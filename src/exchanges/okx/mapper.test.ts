import { describe, expect, it } from 'vitest'
import { lines, ofType, problems, replay } from '../test-helpers.ts'
import { OkxMapper } from './mapper.ts'

const FIX = new URL('./fixtures/', import.meta.url)
const T0 = 1780000020000
const LOCAL = T0 + 120_000

function mapper(): OkxMapper {
  const m = new OkxMapper()
  m.ctVal.set('BTC-USDT-SWAP', 0.01)
  return m
}

describe('OkxMapper', () => {
  const { items, results } = replay(mapper(), lines(new URL('ws-public.ndjson', FIX)), LOCAL)

  it('maps the public fixture to valid events', () => {
    expect(results).toEqual(['data', 'data', 'data', 'data', 'data'])
    expect(problems(items)).toEqual([])
  })

  it('trades: contracts × ctVal, canonical symbol', () => {
    const [t] = ofType(items, 'trade')
    expect(t).toMatchObject({
      symbol: 'BTCUSDT',
      id: '130639474',
      price: 65000.1,
      takerSide: 'buy',
      ts: T0 + 1095,
    })
    expect(t.qty).toBeCloseTo(0.25, 12)
  })

  it('open-interest: oiCcy is base units', () => {
    expect(ofType(items, 'open_interest')[0]).toMatchObject({ oi: 25000, oiUsd: 1625000000 })
  })

  it('funding-rate then mark-price: interval from the two settlement times', () => {
    const f = ofType(items, 'funding')
    expect(f[0]).toMatchObject({
      rate: 0.0001,
      intervalHours: 8,
      nextFundingTs: T0 - 1_620_000 + 8 * 3_600_000,
    })
    expect(f[1]).toMatchObject({ rate: 0.0001, markPrice: 65001.3 })
  })

  it('liquidation-orders: sell/net ⇒ long, posSide short ⇒ short; unknown instruments skipped', () => {
    const l = ofType(items, 'liquidation')
    expect(l.map((x) => [x.side, x.price, x.coverage, x.priceKind])).toEqual([
      ['long', 64700, 'partial', 'bankruptcy'],
      ['short', 65400.5, 'partial', 'bankruptcy'],
    ])
    expect(l[0].qty).toBeCloseTo(0.5, 12)
    expect(l[1].qty).toBeCloseTo(1.2, 12)
  })

  it('candle1m: volume contracts × ctVal, confirm → closed', () => {
    const r = replay(mapper(), lines(new URL('ws-business.ndjson', FIX)), LOCAL)
    const bars = ofType(r.items, 'bar')
    expect(bars.map((b) => [b.tf, b.closed, b.close])).toEqual([
      ['1m', false, 65000.1],
      ['1m', true, 65005],
    ])
    expect(bars[1].volume).toBeCloseTo(20, 9)
    expect(problems(r.items)).toEqual([])
  })

  it('books: snapshot/update with seqId chain, sizes in base units', () => {
    const r = replay(mapper(), lines(new URL('ws-books.ndjson', FIX)), LOCAL)
    expect(
      r.items.map((u) => (u.type === 'book_update' ? [u.kind, u.seq, u.prevSeq] : [])),
    ).toEqual([
      ['snapshot', 123456, -1],
      ['delta', 123460, 123456],
      ['delta', 123460, 123460],
    ])
    const snap = r.items[0]
    expect(snap.type === 'book_update' && snap.bids[0][1]).toBeCloseTo(1, 12)
  })

  it('pong, acks, errors and junk', () => {
    const m = mapper()
    const r = replay(
      m,
      [
        'pong',
        '{"event":"subscribe","arg":{"channel":"trades","instId":"BTC-USDT-SWAP"},"connId":"a"}',
        '{"event":"error","code":"60012","msg":"Invalid request","connId":"a"}',
        '{"arg":{"channel":"trades","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","tradeId":"1","px":"0","sz":"1","side":"buy","ts":"1780000000000"}]}',
        '{"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"instId":"BTC-USDT-SWAP","details":[{"side":"hold","posSide":"net","bkPx":"1","sz":"1","ts":"1780000000000"}]}]}',
        '{"arg":{"channel":"books","instId":"BTC-USDT-SWAP"},"action":"update","data":[{"asks":[["x","1","0","1"]],"bids":[],"ts":"1780000000000","seqId":2,"prevSeqId":1}]}',
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
    ])
    expect(m.lastError).toContain('60012')
  })
})
