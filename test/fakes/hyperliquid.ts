/**
 * Fake Hyperliquid on 127.0.0.1: `POST /info` for candleSnapshot (oldest first, at most 500 items
 * per reply), fundingHistory (hourly, ≤ 500) and meta (fixture); WebSocket `/ws` answering
 * `subscribe` with `subscriptionResponse` and `{"method":"ping"}` with `{"channel":"pong"}`.
 * Unknown info types get HTTP 422 like the real endpoint.
 * @module
 */
import { FakeServer, fixtureJson, type FakeRequest, type FakeResponse } from './fake-server.ts'
import { barAt, fundingAt, grid, TF_MS } from './series.ts'

const FIX = new URL('../../src/exchanges/hyperliquid/fixtures/', import.meta.url)

type InfoBody = {
  type?: string
  coin?: string
  startTime?: number
  endTime?: number
  req?: { coin: string; interval: string; startTime: number; endTime: number }
}

export class FakeHyperliquid extends FakeServer {
  readonly subscriptions: unknown[] = []

  constructor() {
    super({
      rest: (r) => this._rest(r),
      acceptsPath: (url) => url === '/ws',
      onMessage: (_s, text) => {
        const m = JSON.parse(text) as { method?: string; subscription?: unknown }
        if (m.method === 'ping') return [JSON.stringify({ channel: 'pong' })]
        if (m.method === 'subscribe') this.subscriptions.push(m.subscription)
        return [JSON.stringify({ channel: 'subscriptionResponse', data: m })]
      },
    })
  }

  private _rest(r: FakeRequest): FakeResponse | undefined {
    if (r.method !== 'POST' || r.path !== '/info') return undefined
    const b = (r.body ?? {}) as InfoBody
    switch (b.type) {
      case 'candleSnapshot': {
        const q = b.req
        const tf = q ? TF_MS[q.interval] : undefined
        if (!q || !tf) return { status: 422, body: 'Failed to deserialize the JSON body' }
        const rows = grid(q.startTime, q.endTime, tf).slice(0, 500)
        return {
          body: rows.map((t) => {
            const k = barAt(t, tf)
            return {
              t,
              T: t + tf - 1,
              s: q.coin,
              i: q.interval,
              o: String(k.open),
              c: String(k.close),
              h: String(k.high),
              l: String(k.low),
              v: String(k.volume),
              n: 42,
            }
          }),
        }
      }
      case 'fundingHistory': {
        const rows = grid(b.startTime ?? 0, b.endTime ?? Date.now(), 3_600_000).slice(0, 500)
        return {
          body: rows.map((t) => ({
            coin: b.coin,
            fundingRate: String(fundingAt(t)),
            premium: '0.0001',
            time: t,
          })),
        }
      }
      case 'meta':
        return { body: fixtureJson(new URL('rest-meta.json', FIX)) }
      default:
        return { status: 422, body: 'Failed to deserialize the JSON body' }
    }
  }
}

export function startFakeHyperliquid(): Promise<FakeHyperliquid> {
  return new FakeHyperliquid().start()
}
