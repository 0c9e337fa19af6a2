/**
 * Fake Bybit v5 (category linear) on 127.0.0.1: REST kline / open-interest / funding history
 * (newest first, the newest `limit` rows of the range, envelope `{retCode, retMsg, result}`),
 * instruments-info and risk-limit from fixtures; WebSocket `/v5/public/linear` answering
 * `subscribe` with `{success, op}` acks and `{"op":"ping"}` with the linear pong.
 * @module
 */
import { FakeServer, fixtureJson, type FakeRequest, type FakeResponse } from './fake-server.ts'
import { barAt, fundingAt, grid, oiAt } from './series.ts'

const FIX = new URL('../../src/exchanges/bybit/fixtures/', import.meta.url)
const INTERVAL_MS: Record<string, number> = {
  '1': 60_000,
  '5': 300_000,
  '60': 3_600_000,
  D: 86_400_000,
}
const OI_MS: Record<string, number> = {
  '5min': 300_000,
  '15min': 900_000,
  '1h': 3_600_000,
  '1d': 86_400_000,
}

export class FakeBybit extends FakeServer {
  /** Send `singleOpenInterest` in OI history rows (older API versions do not). */
  singleOi = true
  /** Subscribed topics, in order, over all connections. */
  readonly topics: string[] = []

  constructor() {
    super({
      rest: (r) => this._rest(r),
      acceptsPath: (url) => url === '/v5/public/linear',
      onMessage: (_s, text) => {
        const m = JSON.parse(text) as { op?: string; req_id?: string; args?: string[] }
        if (m.op === 'ping')
          return [JSON.stringify({ success: true, ret_msg: 'pong', conn_id: 'fake', op: 'ping' })]
        if (m.op === 'subscribe') this.topics.push(...(m.args ?? []))
        return [
          JSON.stringify({
            success: true,
            ret_msg: '',
            conn_id: 'fake',
            req_id: m.req_id,
            op: m.op,
          }),
        ]
      },
    })
  }

  private _rest(r: FakeRequest): FakeResponse | undefined {
    const q = r.query
    const num = (k: string, d: number): number => (q.has(k) ? Number(q.get(k)) : d)
    const env = (result: unknown): FakeResponse => ({
      body: { retCode: 0, retMsg: 'OK', result, retExtInfo: {}, time: Date.now() },
    })
    const newest = <T>(rows: T[], limit: number): T[] => rows.slice(-limit).reverse()
    switch (r.path) {
      case '/v5/market/kline': {
        const tf = INTERVAL_MS[q.get('interval') ?? '']
        if (!tf || q.get('category') !== 'linear')
          return { body: { retCode: 10001, retMsg: 'params error', result: {} } }
        const rows = newest(
          grid(num('start', 0), num('end', Date.now()), tf),
          Math.min(num('limit', 200), 1000),
        ).map((t) => {
          const b = barAt(t, tf)
          return [
            String(t),
            String(b.open),
            String(b.high),
            String(b.low),
            String(b.close),
            String(b.volume),
            String(b.volume * b.close),
          ]
        })
        return env({ category: 'linear', symbol: q.get('symbol'), list: rows })
      }
      case '/v5/market/open-interest': {
        const tf = OI_MS[q.get('intervalTime') ?? '']
        if (!tf) return { body: { retCode: 10001, retMsg: 'intervalTime error', result: {} } }
        const rows = newest(
          grid(num('startTime', 0), num('endTime', Date.now()), tf),
          Math.min(num('limit', 50), 200),
        )
        const list = rows.map((t) => ({
          openInterest: String(2 * oiAt(t)),
          ...(this.singleOi ? { singleOpenInterest: String(oiAt(t)) } : {}),
          timestamp: String(t),
        }))
        return env({ symbol: q.get('symbol'), category: 'linear', list, nextPageCursor: '' })
      }
      case '/v5/market/funding/history': {
        const rows = newest(
          grid(num('startTime', 0), num('endTime', Date.now()), 8 * 3_600_000),
          Math.min(num('limit', 200), 200),
        )
        return env({
          category: 'linear',
          list: rows.map((t) => ({
            symbol: q.get('symbol'),
            fundingRate: String(fundingAt(t)),
            fundingRateTimestamp: String(t),
          })),
        })
      }
      case '/v5/market/instruments-info':
        return { body: fixtureJson(new URL('rest-instruments.json', FIX)) }
      case '/v5/market/risk-limit':
        return { body: fixtureJson(new URL('rest-risk-limit.json', FIX)) }
      default:
        return undefined
    }
  }
}

export function startFakeBybit(): Promise<FakeBybit> {
  return new FakeBybit().start()
}
