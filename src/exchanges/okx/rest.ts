/**
 * OKX v5 REST through ccxt `okx` implicit endpoints: history-candles (100/page, newest first,
 * `after`/`before` exclusive bounds), rubik open-interest history (100/page, only the latest 1 440
 * rows per period), funding-rate-history (400/page, ~3 months), instruments (ctVal, tickSz) and the
 * public position tiers (bounds in contracts, converted to USD at the current mark price).
 * Envelope `{code:"0", msg, data}`; 429 with code 50011 is the rate limit.
 * @module
 */
import { z } from 'zod'
import type { BarEvent, FundingEvent, MarketEvent, OpenInterestEvent } from '../../core/events.ts'
import { ExchangeError } from '../../core/errors.ts'
import type { MarginTier, TierTable } from '../../margin/types.ts'
import { checkedTiers, hoursBetween, venueTf } from '../backfill-util.ts'
import type { Clock } from '../clock.ts'
import { pageEndpoint } from '../paging.ts'
import { VenueRest } from '../rest.ts'
import { toCanonical, toVenueSymbol } from '../symbols.ts'
import type { BackfillOptions, MarketInfo } from '../types.ts'

const BAR_TF: Record<string, string> = {
  '1m': '1m',
  '3m': '3m',
  '5m': '5m',
  '15m': '15m',
  '30m': '30m',
  '1h': '1H',
  '2h': '2H',
  '4h': '4H',
  '6h': '6Hutc',
  '12h': '12Hutc',
  '1d': '1Dutc',
  '1w': '1Wutc',
}
const OI_TF: Record<string, string> = {
  '5m': '5m',
  '15m': '15m',
  '30m': '30m',
  '1h': '1H',
  '2h': '2H',
  '4h': '4H',
  '6h': '6Hutc',
  '12h': '12Hutc',
  '1d': '1Dutc',
}
/** Assumed taker fee (OKX regular tier, swaps) used as the liquidation fee in OKX's trigger. */
export const OKX_ASSUMED_TAKER_FEE = 0.0005

const s = z.string()
const envelope = <T extends z.ZodType>(data: T) => z.object({ code: s, msg: s, data })
const CandleRes = envelope(z.array(z.tuple([s, s, s, s, s, s, s, s, s])))
const OiRes = envelope(z.array(z.tuple([s, s, s, s])))
const FundingRes = envelope(
  z.array(z.object({ instId: s, fundingRate: s, realizedRate: s.optional(), fundingTime: s })),
)
const InstrumentsRes = envelope(
  z.array(z.object({ instId: s, ctVal: s, ctType: s, tickSz: s, state: s, settleCcy: s })),
)
const TiersRes = envelope(z.array(z.object({ tier: s, minSz: s, maxSz: s, mmr: s, maxLever: s })))
const MarkRes = envelope(z.array(z.object({ instId: s, markPx: s })))

type Instruments = z.infer<typeof InstrumentsRes>['data']

/** OKX answers `{ code, msg, data }`; code "0" is success. */
function okxError(answer: unknown): string | undefined {
  const r = answer as { code?: unknown; msg?: unknown }
  return r.code !== undefined && r.code !== '0'
    ? `code ${String(r.code)} ${String(r.msg)}`
    : undefined
}

/** OKX history pages for [ws, we) (UTC ms): `after` and `before` are exclusive bounds, as strings. */
function newestFirstBounds(ws: number, we: number): { after: string; before: string } {
  return { after: String(we), before: String(ws - 1) }
}

export class OkxRest extends VenueRest {
  private _instruments: Promise<Instruments> | undefined

  constructor(clock: Clock, restUrl?: string, enableRateLimit = true) {
    super(clock, { venue: 'okx', envelopeError: okxError }, restUrl, enableRateLimit)
  }

  async *backfill(o: BackfillOptions): AsyncGenerator<MarketEvent[]> {
    const instId = toVenueSymbol('okx', o.symbol)
    const symbol = toCanonical('okx', instId)
    const now = this._clock.now()
    if (o.kind === 'bars') {
      const tf = venueTf('okx', 'history-candles', o.tf ?? '1m', BAR_TF)
      const cv = await this.ctVal(instId)
      yield* pageEndpoint(this.rest, o, {
        what: 'history-candles',
        stepMs: tf.ms,
        limit: 100,
        request: (ex, ws, we) => {
          const p = { instId, bar: tf.code, ...newestFirstBounds(ws, we), limit: '100' }
          return ex.publicGetMarketHistoryCandles(p)
        },
        schema: CandleRes,
        events: (r) =>
          r.data.map((k): BarEvent => ({
            type: 'bar',
            venue: 'okx',
            symbol,
            ts: Number(k[0]),
            localTs: now,
            tf: o.tf ?? '1m',
            open: Number(k[1]),
            high: Number(k[2]),
            low: Number(k[3]),
            close: Number(k[4]),
            volume: Number(k[5]) * cv,
            quoteVolume: Number(k[7]),
            closed: k[8] === '1',
          })),
      })
    } else if (o.kind === 'open_interest') {
      const tf = venueTf('okx', 'open-interest-history', o.tf ?? '5m', OI_TF)
      yield* pageEndpoint(this.rest, o, {
        what: 'open-interest-history',
        stepMs: tf.ms,
        limit: 100,
        request: (ex, ws, we) => {
          const p = {
            instId,
            period: tf.code,
            begin: String(ws),
            end: String(we - 1),
            limit: '100',
          }
          return ex.publicGetRubikStatContractsOpenInterestHistory(p)
        },
        schema: OiRes,
        events: (r) =>
          r.data.map((x): OpenInterestEvent => ({
            type: 'open_interest',
            venue: 'okx',
            symbol,
            ts: Number(x[0]),
            localTs: now,
            oi: Number(x[2]),
            oiUsd: Number(x[3]),
          })),
      })
    } else {
      yield* pageEndpoint(this.rest, o, {
        what: 'funding-rate-history',
        stepMs: 8 * 3_600_000,
        limit: 400,
        request: (ex, ws, we) => {
          const p = { instId, ...newestFirstBounds(ws, we), limit: '400' }
          return ex.publicGetPublicFundingRateHistory(p)
        },
        schema: FundingRes,
        events: (r) => {
          const rows = r.data
            .map((x) => ({
              ts: Number(x.fundingTime),
              rate: Number(
                x.realizedRate !== undefined && x.realizedRate !== ''
                  ? x.realizedRate
                  : x.fundingRate,
              ),
            }))
            .sort((a, b) => a.ts - b.ts)
          return rows.map((x, i): FundingEvent => ({
            type: 'funding',
            venue: 'okx',
            symbol,
            ts: x.ts,
            localTs: now,
            rate: x.rate,
            intervalHours:
              hoursBetween(rows[i - 1]?.ts, x.ts) ??
              hoursBetween(x.ts, rows[i + 1]?.ts ?? NaN) ??
              8,
            predicted: false,
          }))
        },
      })
    }
  }

  instruments(): Promise<Instruments> {
    this._instruments ??= this.rest
      .call(
        'instruments',
        (ex) => ex.publicGetPublicInstruments({ instType: 'SWAP' }),
        InstrumentsRes,
      )
      .then((r) => r.data)
      .catch((err: unknown) => {
        this._instruments = undefined
        throw err
      })
    return this._instruments
  }

  async ctVal(instId: string): Promise<number> {
    const i = (await this.instruments()).find((x) => x.instId === instId)
    const v = Number(i?.ctVal)
    if (!(v > 0)) throw new ExchangeError(`okx instruments: no ctVal for ${instId}`)
    return v
  }

  async markets(): Promise<MarketInfo[]> {
    return (await this.instruments())
      .filter((i) => i.ctType === 'linear' && i.state === 'live')
      .map((i) => ({
        symbol: toCanonical('okx', i.instId),
        venueSymbol: i.instId,
        tickSize: Number(i.tickSz),
        contractSize: Number(i.ctVal),
      }))
  }

  async tiers(symbol: string): Promise<TierTable> {
    const instId = toVenueSymbol('okx', symbol)
    const instFamily = instId.replace(/-SWAP$/, '')
    const p = { instType: 'SWAP', tdMode: 'isolated', instFamily }
    const rows = (
      await this.rest.call('position-tiers', (ex) => ex.publicGetPublicPositionTiers(p), TiersRes)
    ).data
    if (rows.length === 0) throw new ExchangeError(`okx position-tiers: no tiers for ${instFamily}`)
    const mark = Number(
      (
        await this.rest.call(
          'mark-price',
          (ex) => ex.publicGetPublicMarkPrice({ instType: 'SWAP', instId }),
          MarkRes,
        )
      ).data[0]?.markPx,
    )
    if (!(mark > 0)) throw new ExchangeError(`okx mark-price: no mark price for ${instId}`)
    const usdPerContract = (await this.ctVal(instId)) * mark
    const tiers: MarginTier[] = rows
      .map((x) => ({
        tier: Number(x.tier),
        min: Number(x.minSz),
        max: Number(x.maxSz),
        mmr: Number(x.mmr),
        lev: Number(x.maxLever),
      }))
      .sort((a, b) => a.tier - b.tier)
      .map((x, i, all) => ({
        tier: i + 1,
        floorUsd: i === 0 ? 0 : all[i - 1].max * usdPerContract,
        capUsd: x.max > 0 ? x.max * usdPerContract : Infinity,
        maxLeverage: x.lev,
        mmr: x.mmr,
        maintAmountUsd: 0,
      }))
    return checkedTiers(
      {
        venue: 'okx',
        symbol: toCanonical('okx', instId),
        source: `OKX GET /api/v5/public/position-tiers (tdMode=isolated, instFamily=${instFamily}), live`,
        asOf: new Date(this._clock.now()).toISOString().slice(0, 10),
        note: `Tier bounds are in contracts; converted to USD at mark ${mark} × ctVal. OKX returns no maintenance amount (0). liquidationFeeRate is the assumed taker fee ${OKX_ASSUMED_TAKER_FEE}.`,
        liquidationFeeRate: OKX_ASSUMED_TAKER_FEE,
        tiers,
      },
      'okx /api/v5/public/position-tiers',
    )
  }
}
