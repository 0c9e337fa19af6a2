/**
 * Fake Hyperliquid on 127.0.0.1: `POST /info` for candleSnapshot (oldest first, at most 500 items
 * per reply), fundingHistory (hourly, ≤ 500), meta (fixture), clearinghouseState (the accounts a
 * test sets with `setPosition`; an unknown address gets an empty account, a malformed one 422)
 * and metaAndAssetCtxs (meta fixture + `ctx` for BTC); WebSocket `/ws` answering `subscribe`
 * with `subscriptionResponse` and `{"method":"ping"}` with `{"channel":"pong"}`.
 * Unknown info types get HTTP 422 like the real endpoint. `infoLog` records every info request
 * with the time of the injectable `now` (tests with a simulated clock count requests per minute).
 * @module
 */
import { liquidationPrice } from '../../src/margin/liquidation.ts'
import { FakeServer, fixtureJson, type FakeRequest, type FakeResponse } from './fake-server.ts'
import { barAt, fundingAt, grid, TF_MS } from './series.ts'

const FIX = new URL('../../src/exchanges/hyperliquid/fixtures/', import.meta.url)

type InfoBody = {
  type?: string
  user?: string
  coin?: string
  startTime?: number
  endTime?: number
  req?: { coin: string; interval: string; startTime: number; endTime: number }
}

/** `assetPositions[].position` as clearinghouseState sends it (decimals as strings). */
export interface RawHlPosition {
  coin: string
  szi: string
  entryPx: string
  liquidationPx: string | null
  leverage: { type: 'cross' | 'isolated'; value: number; rawUsd?: string }
  marginUsed: string
  positionValue: string
  unrealizedPnl: string
  returnOnEquity?: string
  maxLeverage?: number
  cumFunding?: { allTime: string; sinceChange: string; sinceOpen: string }
}

export interface FakeHyperliquidOptions {
  /** Clock stamped on `infoLog` entries (default Date.now). */
  readonly now?: () => number
}

export class FakeHyperliquid extends FakeServer {
  readonly subscriptions: unknown[] = []
  /** Positions per lower-case address (an address with an empty list holds none). */
  readonly accounts = new Map<string, RawHlPosition[]>()
  /** BTC asset context served by metaAndAssetCtxs. */
  ctx = { markPx: '65000.0', openInterest: '30000.5' }
  /** Every info request: its type, user (clearinghouseState), time and HTTP status. */
  readonly infoLog: { type: string; user?: string; at: number; status: number }[] = []
  private readonly _now: () => number
  private readonly _infoLimits: { type: string; res: FakeResponse }[] = []

  constructor(o: FakeHyperliquidOptions = {}) {
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
    this._now = o.now ?? Date.now
  }

  /** The next `n` info requests of `type` get `res` (e.g. a 429) instead of data. */
  limitInfo(n: number, res: FakeResponse, type = 'clearinghouseState'): void {
    for (let i = 0; i < n; i++) this._infoLimits.push({ type, res })
  }

  /** Sets (or with no positions, clears) the account's positions. */
  setPositions(user: string, positions: RawHlPosition[]): void {
    this.accounts.set(user.toLowerCase(), positions)
  }

  /** Sends one `trades` message with a trade per [buyer, seller] pair to every socket. */
  sendTrades(pairs: readonly (readonly [string, string])[], coin = 'BTC'): number {
    return this.send(tradesMessage(pairs, coin))
  }

  private _rest(r: FakeRequest): FakeResponse | undefined {
    if (r.method !== 'POST' || r.path !== '/info') return undefined
    const b = (r.body ?? {}) as InfoBody
    const type = String(b.type)
    const li = this._infoLimits.findIndex((l) => l.type === type)
    const limited = li >= 0 ? this._infoLimits.splice(li, 1)[0].res : undefined
    const res = limited ?? this._info(b)
    this.infoLog.push({
      type,
      ...(b.user !== undefined ? { user: b.user } : {}),
      at: this._now(),
      status: res.status ?? 200,
    })
    return res
  }

  private _info(b: InfoBody): FakeResponse {
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
      case 'clearinghouseState': {
        if (typeof b.user !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(b.user))
          return { status: 422, body: 'Failed to deserialize the JSON body' }
        return {
          body: clearinghouseState(this.accounts.get(b.user.toLowerCase()) ?? [], this._now()),
        }
      }
      case 'metaAndAssetCtxs': {
        const meta = fixtureJson(new URL('rest-meta.json', FIX)) as { universe: { name: string }[] }
        const ctxs = meta.universe.map((u) =>
          u.name === 'BTC'
            ? { ...OTHER_CTX, ...this.ctx }
            : { ...OTHER_CTX, markPx: '1.0', openInterest: '100.0' },
        )
        return { body: [meta, ctxs] }
      }
      default:
        return { status: 422, body: 'Failed to deserialize the JSON body' }
    }
  }
}

const OTHER_CTX = {
  dayNtlVlm: '2500000000.0',
  funding: '0.0000125',
  impactPxs: ['64999.0', '65001.0'],
  midPx: '65000.5',
  oraclePx: '64998.0',
  premium: '0.00004',
  prevDayPx: '64200.0',
}

/** A clearinghouseState answer around `positions` (summaries are plausible, not exact). */
function clearinghouseState(positions: RawHlPosition[], time: number): unknown {
  const ntl = positions.reduce((a, p) => a + Number(p.positionValue), 0)
  const used = positions.reduce((a, p) => a + Number(p.marginUsed), 0)
  const summary = {
    accountValue: String(used * 1.5),
    totalMarginUsed: String(used),
    totalNtlPos: String(ntl),
    totalRawUsd: String(used * 1.5),
  }
  return {
    assetPositions: positions.map((position) => ({ position, type: 'oneWay' })),
    crossMaintenanceMarginUsed: '0.0',
    crossMarginSummary: summary,
    marginSummary: summary,
    time,
    withdrawable: '0.0',
  }
}

/** A `trades` WS message: one trade per [buyer, seller] pair. */
export function tradesMessage(pairs: readonly (readonly [string, string])[], coin = 'BTC'): string {
  const t = 1780000021095
  return JSON.stringify({
    channel: 'trades',
    data: pairs.map(([buyer, seller], i) => ({
      coin,
      side: i % 2 === 0 ? 'B' : 'A',
      px: '65000.0',
      sz: '0.01',
      hash: `0x${'0'.repeat(63)}${i % 10}`,
      time: t + i,
      tid: nextTid++,
      users: [buyer, seller],
    })),
  })
}
let nextTid = 200_000_000_000_000

/** A raw position: `szi` signed size; marginUsed defaults to |szi| × mark / leverage. */
export function rawPosition(o: {
  szi: number
  entryPx: number
  markPx: number
  liquidationPx: number | null
  type: 'cross' | 'isolated'
  leverage: number
  marginUsed?: number
  coin?: string
}): RawHlPosition {
  const value = Math.abs(o.szi) * o.markPx
  return {
    coin: o.coin ?? 'BTC',
    szi: String(o.szi),
    entryPx: String(o.entryPx),
    liquidationPx: o.liquidationPx === null ? null : String(o.liquidationPx),
    leverage: { type: o.type, value: o.leverage },
    marginUsed: String(o.marginUsed ?? value / o.leverage),
    positionValue: String(value),
    unrealizedPnl: String(o.szi * (o.markPx - o.entryPx)),
    maxLeverage: 40,
  }
}

/** A fresh isolated position whose liquidationPx is Hyperliquid's formula (src/margin). */
export function isolatedPosition(szi: number, entryPx: number, leverage: number): RawHlPosition {
  const side = szi > 0 ? 'long' : 'short'
  const lp = liquidationPrice('hyperliquid', {
    side,
    entryPrice: entryPx,
    qty: Math.abs(szi),
    leverage,
  })
  return rawPosition({
    szi,
    entryPx,
    markPx: entryPx,
    liquidationPx: lp,
    type: 'isolated',
    leverage,
  })
}

/** The `n`-th test address, `0x` + 40 hex. */
export function fakeAddress(n: number): string {
  return `0x${n.toString(16).padStart(40, '0')}`
}

export function startFakeHyperliquid(): Promise<FakeHyperliquid> {
  return new FakeHyperliquid().start()
}
