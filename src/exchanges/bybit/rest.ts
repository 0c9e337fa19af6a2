/**
 * Bybit v5 REST through ccxt `bybit` implicit endpoints (category `linear`): kline (1000/page,
 * newest first), open-interest (200/page, both-sided `openInterest`, one-sided
 * `singleOpenInterest`), funding history (200/page), instruments-info (markets, funding interval)
 * and the public risk-limit tiers. Envelope `{retCode, retMsg, result}`; retCode ≠ 0 is a venue
 * error (10006 = rate limit). A 403 "access too frequent" means stop for 10 minutes.
 * @module
 */
import { z } from 'zod'
import type { BarEvent, FundingEvent, MarketEvent, OpenInterestEvent } from '../../core/events.ts'
import { ExchangeError } from '../../core/errors.ts'
import type { MarginTier, TierTable } from '../../margin/types.ts'
import { checkedTiers, hoursBetween, venueTf } from '../backfill-util.ts'
import type { Clock } from '../clock.ts'
import { pageEndpoint } from '../paging.ts'
import { VenueRest, type VenueRestRules } from '../rest.ts'
import type { BackfillOptions, MarketInfo } from '../types.ts'

const KLINE_TF: Record<string, string> = {
  '1m': '1',
  '3m': '3',
  '5m': '5',
  '15m': '15',
  '30m': '30',
  '1h': '60',
  '2h': '120',
  '4h': '240',
  '6h': '360',
  '12h': '720',
  '1d': 'D',
  '1w': 'W',
}
const OI_TF: Record<string, string> = {
  '5m': '5min',
  '15m': '15min',
  '30m': '30min',
  '1h': '1h',
  '4h': '4h',
  '1d': '1d',
}

const s = z.string()
const envelope = <T extends z.ZodType>(result: T) =>
  z.object({ retCode: z.number(), retMsg: s, result })
const KlineRes = envelope(z.object({ list: z.array(z.tuple([s, s, s, s, s, s, s])) }))
const OiRes = envelope(
  z.object({
    list: z.array(z.object({ openInterest: s, singleOpenInterest: s.optional(), timestamp: s })),
    nextPageCursor: s.optional(),
  }),
)
const FundingRes = envelope(
  z.object({ list: z.array(z.object({ symbol: s, fundingRate: s, fundingRateTimestamp: s })) }),
)
const InstrumentsRes = envelope(
  z.object({
    list: z.array(
      z.object({
        symbol: s,
        contractType: s,
        status: s,
        fundingInterval: z.number().optional(),
        priceFilter: z.object({ tickSize: s }),
      }),
    ),
    nextPageCursor: s.optional(),
  }),
)
const RiskRes = envelope(
  z.object({
    list: z.array(
      z.object({
        id: z.number(),
        symbol: s,
        riskLimitValue: s,
        maintenanceMargin: s,
        maxLeverage: s,
        mmDeduction: s.optional(),
      }),
    ),
  }),
)

/** Bybit answers `{ retCode, retMsg, result }`; retCode 0 is success. */
function bybitError(answer: unknown): string | undefined {
  const r = answer as { retCode?: unknown; retMsg?: unknown }
  return r.retCode !== undefined && r.retCode !== 0
    ? `retCode ${String(r.retCode)} ${String(r.retMsg)}`
    : undefined
}

/** Bybit's client rules: the envelope, and a 403 "access too frequent" stops us for 10 minutes. */
const BYBIT_RULES: VenueRestRules = {
  venue: 'bybit',
  rateLimitWait: (msg) => (/too frequent/i.test(msg) ? 10 * 60_000 : undefined),
  envelopeError: bybitError,
}

export class BybitRest extends VenueRest {
  private _instruments: Promise<z.infer<typeof InstrumentsRes>['result']['list']> | undefined

  constructor(clock: Clock, restUrl?: string, enableRateLimit = true) {
    super(clock, BYBIT_RULES, restUrl, enableRateLimit)
  }

  async *backfill(o: BackfillOptions): AsyncGenerator<MarketEvent[]> {
    const symbol = o.symbol
    const now = this._clock.now()
    const category = 'linear'
    if (o.kind === 'bars') {
      const tf = venueTf('bybit', 'kline', o.tf ?? '1m', KLINE_TF)
      yield* pageEndpoint(this.rest, o, {
        what: 'kline',
        stepMs: tf.ms,
        limit: 1000,
        request: (ex, ws, we) => {
          const p = { category, symbol, interval: tf.code, start: ws, end: we - 1, limit: 1000 }
          return ex.publicGetV5MarketKline(p)
        },
        schema: KlineRes,
        events: (r) =>
          r.result.list.map((k): BarEvent => ({
            type: 'bar',
            venue: 'bybit',
            symbol,
            ts: Number(k[0]),
            localTs: now,
            tf: o.tf ?? '1m',
            open: Number(k[1]),
            high: Number(k[2]),
            low: Number(k[3]),
            close: Number(k[4]),
            volume: Number(k[5]),
            quoteVolume: Number(k[6]),
            closed: Number(k[0]) + tf.ms <= now,
          })),
      })
    } else if (o.kind === 'open_interest') {
      const tf = venueTf('bybit', 'open-interest', o.tf ?? '5m', OI_TF)
      yield* pageEndpoint(this.rest, o, {
        what: 'open-interest',
        stepMs: tf.ms,
        limit: 200,
        request: (ex, ws, we) => {
          const p = {
            category,
            symbol,
            intervalTime: tf.code,
            startTime: ws,
            endTime: we - 1,
            limit: 200,
          }
          return ex.publicGetV5MarketOpenInterest(p)
        },
        schema: OiRes,
        events: (r) =>
          r.result.list.map((x): OpenInterestEvent => ({
            type: 'open_interest',
            venue: 'bybit',
            symbol,
            ts: Number(x.timestamp),
            localTs: now,
            // openInterest counts both sides; singleOpenInterest is one side.
            oi:
              x.singleOpenInterest !== undefined && x.singleOpenInterest !== ''
                ? Number(x.singleOpenInterest)
                : Number(x.openInterest) / 2,
          })),
      })
    } else {
      const current = (await this.fundingHours()).get(symbol) ?? 8
      yield* pageEndpoint(this.rest, o, {
        what: 'funding/history',
        stepMs: current * 3_600_000,
        limit: 200,
        request: (ex, ws, we) => {
          const p = { category, symbol, startTime: ws, endTime: we - 1, limit: 200 }
          return ex.publicGetV5MarketFundingHistory(p)
        },
        schema: FundingRes,
        events: (r) => {
          const rows = r.result.list
            .map((x) => ({ ts: Number(x.fundingRateTimestamp), rate: Number(x.fundingRate) }))
            .sort((a, b) => a.ts - b.ts)
          return rows.map((x, i): FundingEvent => ({
            type: 'funding',
            venue: 'bybit',
            symbol,
            ts: x.ts,
            localTs: now,
            rate: x.rate,
            intervalHours: hoursBetween(rows[i - 1]?.ts, x.ts) ?? current,
            predicted: false,
          }))
        },
      })
    }
  }

  private instruments(): Promise<z.infer<typeof InstrumentsRes>['result']['list']> {
    this._instruments ??= (async () => {
      const all: z.infer<typeof InstrumentsRes>['result']['list'] = []
      let cursor: string | undefined
      for (let page = 0; page < 50; page++) {
        const p = { category: 'linear', limit: 1000, ...(cursor ? { cursor } : {}) }
        const r = await this.rest.call(
          'instruments-info',
          (ex) => ex.publicGetV5MarketInstrumentsInfo(p),
          InstrumentsRes,
        )
        all.push(...r.result.list)
        cursor = r.result.nextPageCursor
        if (!cursor) break
      }
      return all
    })().catch((err: unknown) => {
      this._instruments = undefined
      throw err
    })
    return this._instruments
  }

  /** Funding interval (hours) per symbol. */
  async fundingHours(): Promise<Map<string, number>> {
    const m = new Map<string, number>()
    for (const i of await this.instruments())
      if (i.fundingInterval && i.fundingInterval > 0) m.set(i.symbol, i.fundingInterval / 60)
    return m
  }

  async markets(): Promise<MarketInfo[]> {
    return (await this.instruments())
      .filter((i) => i.contractType === 'LinearPerpetual' && i.status === 'Trading')
      .map((i) => ({
        symbol: i.symbol,
        venueSymbol: i.symbol,
        tickSize: Number(i.priceFilter.tickSize),
        contractSize: 1,
      }))
  }

  async tiers(symbol: string): Promise<TierTable> {
    const r = await this.rest.call(
      'risk-limit',
      (ex) => ex.publicGetV5MarketRiskLimit({ category: 'linear', symbol }),
      RiskRes,
    )
    const rows = r.result.list
      .filter((x) => x.symbol === symbol)
      .sort((a, b) => Number(a.riskLimitValue) - Number(b.riskLimitValue))
    if (rows.length === 0) throw new ExchangeError(`bybit risk-limit: no tiers for ${symbol}`)
    const tiers: MarginTier[] = []
    let derived = false
    rows.forEach((x, i) => {
      const prev = tiers[i - 1]
      const floorUsd = prev ? prev.capUsd : 0
      const mmr = Number(x.maintenanceMargin)
      let maint = x.mmDeduction !== undefined && x.mmDeduction !== '' ? Number(x.mmDeduction) : NaN
      if (!Number.isFinite(maint)) {
        derived = true
        maint = prev ? prev.maintAmountUsd + floorUsd * (mmr - prev.mmr) : 0
      }
      tiers.push({
        tier: i + 1,
        floorUsd,
        capUsd: Number(x.riskLimitValue),
        maxLeverage: Number(x.maxLeverage),
        mmr,
        maintAmountUsd: maint,
      })
    })
    return checkedTiers(
      {
        venue: 'bybit',
        symbol,
        source: 'Bybit GET /v5/market/risk-limit (public), live',
        asOf: new Date(this._clock.now()).toISOString().slice(0, 10),
        liquidationFeeRate: 0,
        tiers,
        ...(derived
          ? { note: 'mmDeduction missing on some rows: derived by the deduction recursion' }
          : {}),
      },
      'bybit /v5/market/risk-limit',
    )
  }
}
