/**
 * Fake OKX v5 on 127.0.0.1: REST history-candles (newest first, `after`/`before` exclusive, at
 * most 100 rows), rubik open-interest history (`begin`/`end`, ≤ 100), funding-rate-history
 * (≤ 400), instruments / position-tiers / mark-price from fixtures, envelope `{code, msg, data}`.
 * WebSockets `/ws/v5/public` and `/ws/v5/business`: `subscribe` acked per arg with
 * `{"event":"subscribe"}`; a candle channel on /public (or a public channel on /business) gets
 * the `{"event":"error","code":"60018"}` the real endpoints send; text `ping` → `pong`.
 * @module
 */
import {
  FakeServer,
  fixtureJson,
  type FakeRequest,
  type FakeResponse,
  type FakeSocket,
} from './fake-server.ts'
import { barAt, fundingAt, grid, oiAt } from './series.ts'

const FIX = new URL('../../src/exchanges/okx/fixtures/', import.meta.url)
const BAR_MS: Record<string, number> = {
  '1m': 60_000,
  '5m': 300_000,
  '1H': 3_600_000,
  '1Dutc': 86_400_000,
}
export const OKX_CT_VAL = 0.01

type Arg = { channel: string; instId?: string; instType?: string }

export class FakeOkx extends FakeServer {
  /** Subscribe args received, in order. */
  readonly subscribed: Arg[] = []
  readonly unsubscribed: Arg[] = []
  /** Frames to send right after a `books` subscription is acked (a snapshot). */
  booksSnapshot: string | undefined

  constructor() {
    super({
      rest: (r) => this._rest(r),
      acceptsPath: (url) => url === '/ws/v5/public' || url === '/ws/v5/business',
      onMessage: (s, text) => this._ws(s, text),
    })
  }

  private _ws(s: FakeSocket, text: string): string[] {
    if (text === 'ping') return ['pong']
    const m = JSON.parse(text) as { id?: string; op: string; args: Arg[] }
    const out: string[] = []
    for (const arg of m.args) {
      const business = arg.channel.startsWith('candle')
      if (business !== s.url.endsWith('/business')) {
        out.push(
          JSON.stringify({
            id: m.id,
            event: 'error',
            code: '60018',
            msg: `Wrong URL or channel:${arg.channel} doesn't exist.`,
            connId: 'fake',
          }),
        )
        continue
      }
      ;(m.op === 'subscribe' ? this.subscribed : this.unsubscribed).push(arg)
      out.push(JSON.stringify({ id: m.id, event: m.op, arg, connId: 'fake' }))
      if (m.op === 'subscribe' && arg.channel === 'books' && this.booksSnapshot)
        out.push(this.booksSnapshot)
    }
    return out
  }

  private _rest(r: FakeRequest): FakeResponse | undefined {
    const q = r.query
    const num = (k: string, d: number): number => (q.has(k) ? Number(q.get(k)) : d)
    const env = (data: unknown): FakeResponse => ({ body: { code: '0', msg: '', data } })
    switch (r.path) {
      case '/api/v5/market/history-candles': {
        const tf = BAR_MS[q.get('bar') ?? '']
        if (!tf)
          return { status: 400, body: { code: '51000', msg: 'Parameter bar error', data: [] } }
        const rows = grid(num('before', 0) + 1, num('after', Date.now()) - 1, tf)
          .slice(-Math.min(num('limit', 100), 100))
          .reverse()
        return env(
          rows.map((t) => {
            const b = barAt(t, tf)
            return [
              String(t),
              String(b.open),
              String(b.high),
              String(b.low),
              String(b.close),
              String(Math.round(b.volume / OKX_CT_VAL)),
              String(b.volume),
              String(b.volume * b.close),
              '1',
            ]
          }),
        )
      }
      case '/api/v5/rubik/stat/contracts/open-interest-history': {
        const tf = BAR_MS[q.get('period') ?? '']
        if (!tf)
          return { status: 400, body: { code: '51000', msg: 'Parameter period error', data: [] } }
        const rows = grid(num('begin', 0), num('end', Date.now()), tf)
          .slice(-Math.min(num('limit', 100), 100))
          .reverse()
        return env(
          rows.map((t) => [
            String(t),
            String(oiAt(t) / OKX_CT_VAL),
            String(oiAt(t)),
            String(oiAt(t) * 60000),
          ]),
        )
      }
      case '/api/v5/public/funding-rate-history': {
        const rows = grid(num('before', 0) + 1, num('after', Date.now()) - 1, 8 * 3_600_000)
          .slice(-Math.min(num('limit', 100), 400))
          .reverse()
        return env(
          rows.map((t) => ({
            instId: q.get('instId'),
            instType: 'SWAP',
            formulaType: 'noRate',
            fundingRate: String(fundingAt(t)),
            realizedRate: String(fundingAt(t)),
            fundingTime: String(t),
            method: 'current_period',
          })),
        )
      }
      case '/api/v5/public/instruments':
        return { body: fixtureJson(new URL('rest-instruments.json', FIX)) }
      case '/api/v5/public/position-tiers':
        return { body: fixtureJson(new URL('rest-position-tiers.json', FIX)) }
      case '/api/v5/public/mark-price':
        return { body: fixtureJson(new URL('rest-mark-price.json', FIX)) }
      default:
        return undefined
    }
  }
}

export function startFakeOkx(): Promise<FakeOkx> {
  return new FakeOkx().start()
}
