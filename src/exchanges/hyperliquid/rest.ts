/**
 * Hyperliquid REST (`POST /info`) through ccxt `hyperliquid`'s implicit `publicPostInfo`:
 * candleSnapshot (time-range replies capped at 500 items; only the latest 5 000 candles exist),
 * fundingHistory (hourly, 500 per reply), meta (universe + margin tables → tiers, markets).
 * There is no open-interest history endpoint: `backfill(kind: 'open_interest')` throws.
 * Weight budget 1 200/min per IP (ccxt weighs `info` 20, candleSnapshot 4, l2Book 2).
 * @module
 */
import { z } from 'zod'
import type { BarEvent, FundingEvent, MarketEvent } from '../../core/events.ts'
import { ExchangeError } from '../../core/errors.ts'
import type { MarginTier, TierTable } from '../../margin/types.ts'
import { checkedTiers, venueTf } from '../backfill-util.ts'
import type { Clock } from '../clock.ts'
import { pageEndpoint } from '../paging.ts'
import { VenueRest } from '../rest.ts'
import { toCanonical, toVenueSymbol } from '../symbols.ts'
import type { BackfillOptions, MarketInfo } from '../types.ts'
import { HL_FUNDING_HOURS } from './mapper.ts'

const TF: Record<string, string> = Object.fromEntries(
  ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '8h', '12h', '1d', '3d', '1w'].map((t) => [
    t,
    t,
  ]),
)
/** Perp prices have at most 6 − szDecimals decimals (and at most 5 significant figures). */
const MAX_PERP_DECIMALS = 6

const s = z.string()
const numLike = z.union([z.string(), z.number()])
const Candles = z.array(
  z.object({
    t: z.number(),
    T: z.number(),
    s: s,
    i: s,
    o: s,
    c: s,
    h: s,
    l: s,
    v: s,
    n: z.number(),
  }),
)
const Funding = z.array(
  z.object({ coin: s, fundingRate: s, premium: s.optional(), time: z.number() }),
)
const Meta = z.object({
  universe: z.array(
    z.object({
      name: s,
      szDecimals: z.number(),
      maxLeverage: z.number(),
      marginTableId: z.number().optional(),
      isDelisted: z.boolean().optional(),
    }),
  ),
  marginTables: z
    .array(
      z.tuple([
        z.number(),
        z.object({
          description: s.optional(),
          marginTiers: z.array(z.object({ lowerBound: numLike, maxLeverage: z.number() })),
        }),
      ]),
    )
    .optional(),
})

export class HyperliquidRest extends VenueRest {
  constructor(clock: Clock, restUrl?: string, enableRateLimit = true) {
    super(clock, { venue: 'hyperliquid' }, restUrl, enableRateLimit)
  }

  async *backfill(o: BackfillOptions): AsyncGenerator<MarketEvent[]> {
    const coin = toVenueSymbol('hyperliquid', o.symbol)
    const symbol = toCanonical('hyperliquid', coin)
    const now = this._clock.now()
    if (o.kind === 'open_interest') {
      throw new ExchangeError(
        'hyperliquid backfill open_interest: Hyperliquid has no open-interest history endpoint (live activeAssetCtx only)',
      )
    }
    if (o.kind === 'bars') {
      const tf = venueTf('hyperliquid', 'candleSnapshot', o.tf ?? '1m', TF)
      yield* pageEndpoint(this.rest, o, {
        what: 'candleSnapshot',
        stepMs: tf.ms,
        limit: 500,
        request: (ex, ws, we) => {
          const req = { coin, interval: tf.code, startTime: ws, endTime: we - 1 }
          return ex.publicPostInfo({ type: 'candleSnapshot', req })
        },
        schema: Candles,
        events: (rows) =>
          rows.map((k): BarEvent => ({
            type: 'bar',
            venue: 'hyperliquid',
            symbol,
            ts: k.t,
            localTs: now,
            tf: o.tf ?? '1m',
            open: Number(k.o),
            high: Number(k.h),
            low: Number(k.l),
            close: Number(k.c),
            volume: Number(k.v),
            closed: k.t + tf.ms <= now,
          })),
      })
      return
    }
    yield* pageEndpoint(this.rest, o, {
      what: 'fundingHistory',
      stepMs: HL_FUNDING_HOURS * 3_600_000,
      limit: 500,
      request: (ex, ws, we) =>
        ex.publicPostInfo({ type: 'fundingHistory', coin, startTime: ws, endTime: we - 1 }),
      schema: Funding,
      events: (rows) =>
        rows.map((x): FundingEvent => ({
          type: 'funding',
          venue: 'hyperliquid',
          symbol,
          ts: x.time,
          localTs: now,
          rate: Number(x.fundingRate),
          intervalHours: HL_FUNDING_HOURS,
          predicted: false,
        })),
    })
  }

  private meta(): Promise<z.infer<typeof Meta>> {
    return this.rest.call('meta', (ex) => ex.publicPostInfo({ type: 'meta' }), Meta)
  }

  async markets(): Promise<MarketInfo[]> {
    return (await this.meta()).universe
      .filter((u) => u.isDelisted !== true)
      .map((u) => ({
        symbol: toCanonical('hyperliquid', u.name),
        venueSymbol: u.name,
        tickSize: 10 ** -(MAX_PERP_DECIMALS - u.szDecimals),
        contractSize: 1,
      }))
  }

  /** Tiers from `meta.marginTables`: mmr = 1 / (2 × maxLeverage), deduction by the documented recursion. */
  async tiers(symbol: string): Promise<TierTable> {
    const coin = toVenueSymbol('hyperliquid', symbol)
    const meta = await this.meta()
    const asset = meta.universe.find((u) => u.name === coin)
    if (!asset) throw new ExchangeError(`hyperliquid meta: no asset ${coin}`)
    const id = asset.marginTableId ?? asset.maxLeverage
    let raw: { lowerBound: number; maxLeverage: number }[]
    if (id < 50) raw = [{ lowerBound: 0, maxLeverage: id }]
    else {
      const table = meta.marginTables?.find((t) => t[0] === id)
      if (!table) throw new ExchangeError(`hyperliquid meta: margin table ${id} of ${coin} missing`)
      raw = table[1].marginTiers
        .map((t) => ({ lowerBound: Number(t.lowerBound), maxLeverage: t.maxLeverage }))
        .sort((a, b) => a.lowerBound - b.lowerBound)
    }
    const tiers: MarginTier[] = []
    raw.forEach((t, i) => {
      const mmr = 1 / (2 * t.maxLeverage)
      const prev = tiers[i - 1]
      const maint = prev ? prev.maintAmountUsd + t.lowerBound * (mmr - prev.mmr) : 0
      tiers.push({
        tier: i + 1,
        floorUsd: t.lowerBound,
        capUsd: raw[i + 1]?.lowerBound ?? Infinity,
        maxLeverage: t.maxLeverage,
        mmr,
        maintAmountUsd: maint,
      })
    })
    return checkedTiers(
      {
        venue: 'hyperliquid',
        symbol: toCanonical('hyperliquid', coin),
        source: `Hyperliquid POST /info {type:meta} margin table ${id}, live`,
        asOf: new Date(this._clock.now()).toISOString().slice(0, 10),
        note: 'mmr = 1 / (2 × maxLeverage) and deductions by the recursion in the docs (the venue returns neither). USDC treated as USD.',
        liquidationFeeRate: 0,
        tiers,
      },
      'hyperliquid /info meta',
    )
  }
}
