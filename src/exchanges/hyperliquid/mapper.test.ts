import { describe, expect, it } from 'vitest'
import { lines, ofType, problems, replay } from '../test-helpers.ts'
import { HyperliquidMapper } from './mapper.ts'

const FIX = new URL('./fixtures/', import.meta.url)
const T0 = 1780000020000
const LOCAL = T0 + 120_000

describe('HyperliquidMapper', () => {
  const { items, results } = replay(
    new HyperliquidMapper(),
    lines(new URL('ws.ndjson', FIX)),
    LOCAL,
  )

  it('maps the fixture to valid events', () => {
    expect(results).toEqual(['data', 'data', 'data', 'data', 'data', 'data'])
    expect(problems(items)).toEqual([])
  })

  it('trades: B = taker bought, A = taker sold; coin → canonical', () => {
    expect(ofType(items, 'trade').map((t) => [t.symbol, t.id, t.takerSide, t.qty])).toEqual([
      ['BTCUSDT', '118906512037719', 'buy', 0.015],
      ['BTCUSDT', '118906512037720', 'sell', 0.4],
    ])
  })

  it('candle: a bar is emitted closed when the next bar starts', () => {
    const bars = ofType(items, 'bar')
    expect(bars.map((b) => [b.ts, b.closed, b.close])).toEqual([
      [T0, false, 65000],
      [T0, false, 65005],
      [T0, true, 65005],
      [T0 + 60_000, false, 65006],
    ])
  })

  it('activeAssetCtx: OI, hourly funding, mark and oracle; ts is receive time', () => {
    const [oi] = ofType(items, 'open_interest')
    expect(oi).toMatchObject({ oi: 30000.5, ts: LOCAL })
    expect(oi.oiUsd).toBeCloseTo(30000.5 * 65001, 6)
    expect(ofType(items, 'funding')[0]).toMatchObject({
      rate: 0.0000125,
      intervalHours: 1,
      markPrice: 65001,
      indexPrice: 64998,
    })
  })

  it('l2Book: snapshot of object levels', () => {
    const b = items.find((i) => i.type === 'book_update')
    expect(b).toMatchObject({
      kind: 'snapshot',
      seq: T0 + 1500,
      bids: [
        [65000, 1.5],
        [64999, 2],
      ],
      asks: [
        [65001, 0.8],
        [65002, 3.2],
      ],
    })
  })

  it('pong, acks, errors and junk', () => {
    const m = new HyperliquidMapper()
    const r = replay(
      m,
      [
        '{"channel":"pong"}',
        '{"channel":"subscriptionResponse","data":{"method":"subscribe"}}',
        '{"channel":"error","data":"Invalid subscription"}',
        '{"channel":"trades","data":[{"coin":"BTC","side":"X","px":"1","sz":"1","time":1780000000000,"tid":1}]}',
        '{"channel":"l2Book","data":{"coin":"BTC","time":1780000000000,"levels":[[{"px":"a","sz":"1"}],[]]}}',
        '{"nochannel":1}',
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
    expect(m.lastError).toBe('Invalid subscription')
  })
})
