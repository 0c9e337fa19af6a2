/**
 * Binance USDⓈ-M REST through ccxt `binanceusdm` implicit endpoints: klines (1500/page, oldest
 * first), open-interest statistics (500/page, only the last 30 days exist), funding history
 * (1000/page), depth snapshots, current open interest, exchangeInfo for markets. Weights: a
 * response's `X-MBX-USED-WEIGHT-1M` above 90 % of the 2 400/min budget makes us wait for the next
 * minute; 429/418 wait for `Retry-After`. Maintenance brackets are signed-only on Binance, so
 * `tiers` answers the table the margin module ships (`src/margin/tiers/`).
 * @module
 */
import { z } from 'zod'
import type { BarEvent, FundingEvent, MarketEvent, OpenInterestEvent } from '../../core/events.ts'
import { ExchangeError } from '../../core/errors.ts'
import { tierTable, type TierTable } from '../../margin/index.ts'
import { checked, hoursBetween, venueTf } from '../backfill-util.ts'
import type { Clock } from '../clock.ts'
import { pageEndpoint } from '../paging.ts'
import { header, VenueRest } from '../rest.ts'
import type { BackfillOptions, MarketInfo } from '../types.ts'
import { BINANCE_DEFAULT_FUNDING_H } from './mapper.ts'

const KLINE_TF: Record<string, string> = Object.fromEntries(
  ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w'].map(
    (t) => [t, t],
  ),
)
const OI_TF: Record<string, string> = Object.fromEntries(
  ['5m', '15m', '30m', '1h', '2h', '4h', '6h', '12h', '1d'].map((t) => [t, t]),
)
const OI_HISTORY_MS = 30 * 86_400_000
const WEIGHT_BUDGET = 2400

const str = z.string()
/** [openTime, o, h, l, c, volume, closeTime, quoteVolume, trades, takerBuyBase, takerBuyQuote, ignore] */
const KlineRows = z.array(
  z.tuple(
    [z.number(), str, str, str, str, str, z.number(), str, z.number(), str, str],
    z.unknown(),
  ),
)
const OiRows = z.array(
  z.object({ symbol: str, sumOpenInterest: str, sumOpenInterestValue: str, timestamp: z.number() }),
)
const FundingRows = z.array(
  z.object({ symbol: str, fundingRate: str, fundingTime: z.number(), markPrice: str.optional() }),
)
const FundingInfo = z.array(z.object({ symbol: str, fundingIntervalHours: z.number() }))
const Depth = z.object({
  lastUpdateId: z.number(),
  bids: z.array(z.tuple([str, str])),
  asks: z.array(z.tuple([str, str])),
})
const OpenInterestNow = z.object({ symbol: str, openInterest: str, time: z.number() })
const ExchangeInfo = z.object({
  symbols: z.array(
    z.object({
      symbol: str,
      contractType: str,
      status: str,
      filters: z.array(z.object({ filterType: str, tickSize: str.optional() })),
    }),
  ),
})
/** Waits for the next minute when the used weight nears the budget. */
export function binanceWeightWait(
  headers: Record<string, string> | undefined,
  now: number,
): number {
  const used = Number(header(headers, 'x-mbx-used-weight-1m'))
  return used >= WEIGHT_BUDGET * 0.9 ? 60_000 - (now % 60_000) + 500 : 0
}

export class BinanceRest extends VenueRest {
  private _fundingHours: Map<string, number> | undefined

  constructor(clock: Clock, restUrl?: string, enableRateLimit = true) {
    super(clock, { venue: 'binance', afterResponse: binanceWeightWait }, restUrl, enableRateLimit)
  }

  async *backfill(o: BackfillOptions): AsyncGenerator<MarketEvent[]> {
    const symbol = o.symbol.toUpperCase()
    const now = this._clock.now()
    if (o.kind === 'bars') {
      const tf = venueTf('binance', 'klines', o.tf ?? '1m', KLINE_TF)
      yield* pageEndpoint(this.rest, o, {
        what: 'klines',
        stepMs: tf.ms,
        limit: 1500,
        request: (ex, ws, we) => {
          const params = { symbol, interval: tf.code, startTime: ws, endTime: we - 1, limit: 1500 }
          return ex.fapiPublicGetKlines(params)
        },
        schema: KlineRows,
        events: (rows) =>
          rows.map((r): BarEvent => ({
            type: 'bar',
            venue: 'binance',
            symbol,
            ts: r[0],
            localTs: now,
            tf: o.tf ?? '1m',
            open: Number(r[1]),
            high: Number(r[2]),
            low: Number(r[3]),
            close: Number(r[4]),
            volume: Number(r[5]),
            quoteVolume: Number(r[7]),
            takerBuyVolume: Number(r[9]),
            takerBuyQuoteVolume: Number(r[10]),
            closed: r[0] + tf.ms <= now,
          })),
      })
    } else if (o.kind === 'open_interest') {
      const tf = venueTf('binance', 'openInterestHist', o.tf ?? '5m', OI_TF)
      // Binance keeps only the last 30 days; older windows are not requested.
      const from = Math.max(o.from, Math.ceil((now - OI_HISTORY_MS) / tf.ms) * tf.ms + tf.ms)
      yield* pageEndpoint(
        this.rest,
        { ...o, from },
        {
          what: 'openInterestHist',
          stepMs: tf.ms,
          limit: 500,
          request: (ex, ws, we) => {
            const params = { symbol, period: tf.code, startTime: ws, endTime: we - 1, limit: 500 }
            return ex.fapiDataGetOpenInterestHist(params)
          },
          schema: OiRows,
          events: (rows) =>
            rows.map((r): OpenInterestEvent => ({
              type: 'open_interest',
              venue: 'binance',
              symbol,
              ts: r.timestamp,
              localTs: now,
              oi: Number(r.sumOpenInterest),
              oiUsd: Number(r.sumOpenInterestValue),
            })),
        },
      )
    } else {
      const current = (await this.fundingHours()).get(symbol) ?? BINANCE_DEFAULT_FUNDING_H
      yield* pageEndpoint(this.rest, o, {
        what: 'fundingRate',
        stepMs: current * 3_600_000,
        limit: 1000,
        request: (ex, ws, we) =>
          ex.fapiPublicGetFundingRate({ symbol, startTime: ws, endTime: we - 1, limit: 1000 }),
        schema: FundingRows,
        events: (rows) => {
          rows.sort((a, b) => a.fundingTime - b.fundingTime)
          return rows.map((r, i): FundingEvent => {
            const mark = Number(r.markPrice)
            return {
              type: 'funding',
              venue: 'binance',
              symbol,
              ts: r.fundingTime,
              localTs: now,
              rate: Number(r.fundingRate),
              intervalHours: hoursBetween(rows[i - 1]?.fundingTime, r.fundingTime) ?? current,
              predicted: false,
              ...(mark > 0 ? { markPrice: mark } : {}),
            }
          })
        },
      })
    }
  }

  /** Funding interval per symbol (only symbols off the 8 h default are listed). Cached. */
  async fundingHours(): Promise<Map<string, number>> {
    if (!this._fundingHours) {
      const rows = await this.rest.call(
        'fundingInfo',
        (ex) => ex.fapiPublicGetFundingInfo(),
        FundingInfo,
      )
      this._fundingHours = new Map(rows.map((r) => [r.symbol, r.fundingIntervalHours]))
    }
    return this._fundingHours
  }

  depth(symbol: string, signal?: AbortSignal): Promise<z.infer<typeof Depth>> {
    return this.rest.call(
      'depth',
      (ex) => ex.fapiPublicGetDepth({ symbol, limit: 1000 }),
      Depth,
      signal,
    )
  }

  async openInterest(symbol: string, signal?: AbortSignal): Promise<OpenInterestEvent> {
    const r = await this.rest.call(
      'openInterest',
      (ex) => ex.fapiPublicGetOpenInterest({ symbol }),
      OpenInterestNow,
      signal,
    )
    const e: OpenInterestEvent = {
      type: 'open_interest',
      venue: 'binance',
      symbol: r.symbol,
      ts: r.time,
      localTs: this._clock.now(),
      oi: Number(r.openInterest),
    }
    return checked('binance', 'openInterest', e)
  }

  async markets(): Promise<MarketInfo[]> {
    const info = await this.rest.call(
      'exchangeInfo',
      (ex) => ex.fapiPublicGetExchangeInfo(),
      ExchangeInfo,
    )
    const out: MarketInfo[] = []
    for (const s of info.symbols) {
      if (s.contractType !== 'PERPETUAL' || s.status !== 'TRADING') continue
      const tick = Number(s.filters.find((f) => f.filterType === 'PRICE_FILTER')?.tickSize)
      if (tick > 0)
        out.push({ symbol: s.symbol, venueSymbol: s.symbol, tickSize: tick, contractSize: 1 })
    }
    return out
  }

  /** Binance brackets are signed-only: the table shipped by the margin module (BTCUSDT). */
  tiers(symbol: string): Promise<TierTable> {
    try {
      return Promise.resolve(tierTable('binance', symbol))
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err)
      return Promise.reject(
        new ExchangeError(
          `binance tiers ${symbol}: the brackets endpoint (/fapi/v1/leverageBracket) needs an API key; ${why}`,
        ),
      )
    }
  }
}
