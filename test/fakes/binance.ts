/**
 * Fake Binance USDⓈ-M on 127.0.0.1: REST `/fapi/v1/*` and `/futures/data/*` in the documented
 * shapes (klines oldest first, ≤ 1500; openInterestHist ≤ 500 and only the last 30 days;
 * fundingRate ≤ 1000 on the 8 h grid; depth, openInterest, exchangeInfo, fundingInfo from
 * fixtures) with `X-MBX-USED-WEIGHT-1M`, and routed WebSocket endpoints `/market/stream` and
 * `/public/stream` (combined streams from the URL; a depth stream on /market or a market stream
 * on /public is refused, as the routed endpoints do).
 * @module
 */
import { FakeServer, fixtureJson, type FakeRequest, type FakeResponse } from './fake-server.ts'
import { barAt, fundingAt, grid, oiAt, TF_MS } from './series.ts'

const FIX = new URL('../../src/exchanges/binance/fixtures/', import.meta.url)
const DAY = 86_400_000

export interface FakeBinanceOptions {
  /** The fake's "now" for the 30-day OI window. */
  readonly now?: () => number
}

export class FakeBinance extends FakeServer {
  depth: unknown = fixtureJson(new URL('rest-depth.json', FIX))
  usedWeight = 10

  constructor(private readonly _o: FakeBinanceOptions = {}) {
    super({
      rest: (r) => this._rest(r),
      acceptsPath: (url) => this._accepts(url),
      onMessage: (_s, text) => {
        const m = JSON.parse(text) as { id?: number }
        return [JSON.stringify({ result: null, id: m.id ?? null })]
      },
    })
  }

  private _accepts(url: string): boolean {
    const m = /^\/(market|public)\/stream\?streams=(.+)$/.exec(url)
    if (!m) return false
    const streams = m[2].split('/')
    const isPublic = (s: string): boolean => /@(depth|bookTicker)/.test(s)
    const symbolOk = (s: string): boolean => {
      const sym = s.split('@')[0]
      return sym === sym.toLowerCase()
    }
    return streams.every((s) => (m[1] === 'public') === isPublic(s) && symbolOk(s))
  }

  private _rest(r: FakeRequest): FakeResponse | undefined {
    const q = r.query
    const num = (k: string, d: number): number => (q.has(k) ? Number(q.get(k)) : d)
    const headers = { 'X-MBX-USED-WEIGHT-1M': String(this.usedWeight) }
    const now = this._o.now?.() ?? Date.now()
    switch (r.path) {
      case '/fapi/v1/klines': {
        const tf = TF_MS[q.get('interval') ?? '']
        if (!tf || q.get('symbol') !== 'BTCUSDT')
          return { status: 400, body: { code: -1121, msg: 'Invalid symbol.' } }
        const limit = Math.min(num('limit', 500), 1500)
        const rows = grid(num('startTime', 0), num('endTime', now), tf)
          .slice(0, limit)
          .map((t) => {
            const b = barAt(t, tf)
            const quote = b.volume * b.close
            return [
              t,
              String(b.open),
              String(b.high),
              String(b.low),
              String(b.close),
              String(b.volume),
              t + tf - 1,
              String(quote),
              42,
              String(b.takerBuy),
              String(b.takerBuy * b.close),
              '0',
            ]
          })
        return { headers, body: rows }
      }
      case '/futures/data/openInterestHist': {
        const tf = TF_MS[q.get('period') ?? '']
        if (!tf) return { status: 400, body: { code: -1130, msg: 'period invalid' } }
        const from = Math.max(num('startTime', 0), now - 30 * DAY)
        const rows = grid(from, num('endTime', now), tf).slice(0, Math.min(num('limit', 30), 500))
        return {
          headers,
          body: rows.map((t) => ({
            symbol: 'BTCUSDT',
            sumOpenInterest: String(oiAt(t)),
            sumOpenInterestValue: String(oiAt(t) * 60000),
            CMCCirculatingSupply: '19800000',
            timestamp: t,
          })),
        }
      }
      case '/fapi/v1/fundingRate': {
        const rows = grid(num('startTime', 0), num('endTime', now), 8 * 3_600_000).slice(
          0,
          Math.min(num('limit', 100), 1000),
        )
        return {
          headers,
          body: rows.map((t) => ({
            symbol: 'BTCUSDT',
            fundingRate: fundingAt(t).toFixed(8),
            fundingTime: t,
            markPrice: '60000.00000000',
          })),
        }
      }
      case '/fapi/v1/fundingInfo':
        return { headers, body: fixtureJson(new URL('rest-funding-info.json', FIX)) }
      case '/fapi/v1/depth':
        return { headers, body: this.depth }
      case '/fapi/v1/openInterest':
        return {
          headers,
          body: { ...(fixtureJson(new URL('rest-open-interest.json', FIX)) as object), time: now },
        }
      case '/fapi/v1/exchangeInfo':
        return { headers, body: fixtureJson(new URL('rest-exchange-info.json', FIX)) }
      default:
        return undefined
    }
  }
}

export function startFakeBinance(o?: FakeBinanceOptions): Promise<FakeBinance> {
  return new FakeBinance(o).start()
}
