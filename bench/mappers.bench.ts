/**
 * Mapper throughput: raw venue trade messages (one trade per message, the worst case) → validated
 * normalised TradeEvents on one core, per venue; also Binance with the natural-key dedup the live
 * feed applies. Messages are pre-built strings with changing ids and prices so nothing is cached.
 * Target: ≥ 200 000 messages/s per venue.
 * @module
 */
import { BinanceMapper } from '../src/exchanges/binance/mapper.ts'
import { BybitMapper } from '../src/exchanges/bybit/mapper.ts'
import { Dedup } from '../src/exchanges/dedup.ts'
import { HyperliquidMapper } from '../src/exchanges/hyperliquid/mapper.ts'
import { OkxMapper } from '../src/exchanges/okx/mapper.ts'
import type { MappedItem, VenueMapper } from '../src/exchanges/types.ts'

const N = 200_000
const T0 = 1_780_000_020_000

function messages(make: (i: number, px: string, ts: number) => unknown): string[] {
  const out: string[] = new Array(N)
  for (let i = 0; i < N; i++)
    out[i] = JSON.stringify(make(i, (65000 + (i % 997) / 10).toFixed(1), T0 + i))
  return out
}

const BINANCE = messages((i, p, ts) => ({
  stream: 'btcusdt@aggTrade',
  data: {
    e: 'aggTrade',
    E: ts + 5,
    s: 'BTCUSDT',
    a: 5_000_000 + i,
    p,
    q: '0.015',
    nq: '0.015',
    f: 100 + i,
    l: 100 + i,
    T: ts,
    m: i % 2 === 0,
  },
}))
const BYBIT = messages((i, p, ts) => ({
  topic: 'publicTrade.BTCUSDT',
  type: 'snapshot',
  ts: ts + 5,
  data: [
    {
      T: ts,
      s: 'BTCUSDT',
      S: i % 2 ? 'Buy' : 'Sell',
      v: '0.015',
      p,
      L: 'PlusTick',
      i: `20f43950-d8dd-5b31-9112-${String(i).padStart(12, '0')}`,
      BT: false,
      RPI: false,
      seq: 1_783_284_617 + i,
    },
  ],
}))
const OKX = messages((i, p, ts) => ({
  arg: { channel: 'trades', instId: 'BTC-USDT-SWAP' },
  data: [
    {
      instId: 'BTC-USDT-SWAP',
      tradeId: String(130_639_474 + i),
      px: p,
      sz: '25',
      side: i % 2 ? 'buy' : 'sell',
      ts: String(ts),
      count: '1',
      source: '0',
      seqId: 1234 + i,
    },
  ],
}))
const HL = messages((i, p, ts) => ({
  channel: 'trades',
  data: [
    {
      coin: 'BTC',
      side: i % 2 ? 'B' : 'A',
      px: p,
      sz: '0.015',
      hash: '0x3b5f00000000000000000000000000000000000000000000000000000000000a',
      time: ts,
      tid: 118_906_512_037_719 + i,
      users: ['0xa', '0xb'],
    },
  ],
}))

/** Messages per second of the best of `rounds` passes over `msgs`; throws if any message failed. */
function run(mapper: VenueMapper, msgs: readonly string[], dedup?: Dedup, rounds = 3): number {
  const out: MappedItem[] = []
  let best = Infinity
  for (let r = 0; r < rounds; r++) {
    const t = process.hrtime.bigint()
    let n = 0
    for (let i = 0; i < msgs.length; i++) {
      out.length = 0
      if (mapper.map(msgs[i], T0 + i + 10, out) !== 'data')
        throw new Error(`message ${i} did not map`)
      const e = out[0]
      if (dedup && e.type !== 'book_update' && dedup.seen(e))
        throw new Error(`message ${i} seen as a duplicate`)
      n++
    }
    const s = Number(process.hrtime.bigint() - t) / 1e9
    if (n !== msgs.length) throw new Error('lost messages')
    best = Math.min(best, s)
  }
  return msgs.length / best
}

export async function benchMappers(): Promise<{ name: string; value: number; unit: string }[]> {
  const okx = new OkxMapper()
  okx.ctVal.set('BTC-USDT-SWAP', 0.01)
  const rows = [
    { name: 'mapper binance aggTrade', value: run(new BinanceMapper(), BINANCE) },
    { name: 'mapper bybit publicTrade', value: run(new BybitMapper(), BYBIT) },
    { name: 'mapper okx trades', value: run(okx, OKX) },
    { name: 'mapper hyperliquid trades', value: run(new HyperliquidMapper(), HL) },
    {
      name: 'mapper binance aggTrade + dedup',
      value: run(new BinanceMapper(), BINANCE, new Dedup(), 1),
    },
  ]
  return rows.map((r) => ({ name: r.name, value: Math.round(r.value), unit: 'msg/s' }))
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchMappers())
    console.log(`${r.name}: ${r.value.toLocaleString('en-US')} ${r.unit}`)
}
