/**
 * A TradingView UDF-compatible datafeed under `/udf` (config, symbols, search, history, marks,
 * time), serving the candles the server holds and, as marks, large realized liquidations reported
 * by the venues. Times in and out are unix seconds, as UDF wants. Bad parameters get
 * `400 {s:"error", errmsg, parameter}`; unknown symbols `404 {s:"error", errmsg:"unknown_symbol …"}`.
 * Register with `void app.register(udfPlugin, { ctx })`.
 * @module
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Bar } from '../../core/types.ts'
import { formatUsd } from '../../render/format.ts'
import { lowerBound } from '../../core/bisect.ts'
import { aggregateBars, bucketStart } from '../aggregate.ts'
import type { ServerContext } from '../context.ts'
import { HttpError, badRequest, toErrorResponse } from '../http-error.ts'
import type { SymbolMarket } from '../market-hub.ts'
import { resolutionMs, supportedResolutions, UDF_LADDER } from './resolution.ts'

export const UDF_EXCHANGE = 'LIQHEAT'

export interface UdfOptions {
  readonly ctx: ServerContext
  /** Smallest realized liquidation notional per bar and side shown as a mark, USD (default 1M). */
  readonly marksMinUsd?: number
}

const seconds = (name: string) =>
  z
    .string({ error: `${name} is required (unix seconds)` })
    .regex(/^-?\d{1,12}$/, 'must be unix seconds')
    .transform(Number)
const symbolText = z
  .string({ error: 'symbol is required' })
  .trim()
  .min(1, 'symbol is required')
  .max(60)
  .transform((s) => (s.includes(':') ? s.slice(s.indexOf(':') + 1) : s).toUpperCase())
const resolutionText = z.string({ error: 'resolution is required' }).trim().min(1).max(8)

function parse<T>(schema: z.ZodType<T>, query: unknown): T {
  const r = schema.safeParse(query ?? {})
  if (r.success) return r.data
  const issue = r.error.issues[0]
  throw badRequest(issue?.path.map(String).join('.') || 'query', issue?.message ?? 'invalid')
}

function marketOf(ctx: ServerContext, symbol: string): SymbolMarket {
  const m = ctx.hub.get(symbol)
  if (!m || m.bars.length === 0) throw new HttpError(404, `unknown_symbol: ${symbol}`, 'symbol')
  return m
}

function tfOf(m: SymbolMarket, resolution: string): number {
  const ms = resolutionMs(resolution)
  if (ms === undefined || ms < m.timeframeMs || ms % m.timeframeMs !== 0)
    throw badRequest(
      'resolution',
      `'${resolution}' is not served for ${m.symbol}; one of ${supportedResolutions(m.timeframeMs).join(', ')}`,
    )
  return ms
}

function priceScale(price: number): number {
  const decimals = price >= 1000 ? 2 : Math.min(10, Math.ceil(-Math.log10(price)) + 4)
  return 10 ** Math.max(2, decimals)
}

function symbolInfo(ctx: ServerContext, m: SymbolMarket): Record<string, unknown> {
  const res = supportedResolutions(m.timeframeMs)
  const last = m.bars[m.bars.length - 1]
  return {
    name: m.symbol,
    ticker: m.symbol,
    full_name: `${UDF_EXCHANGE}:${m.symbol}`,
    description: `${m.symbol} perpetual · ${m.venues.join('+') || 'data'} via liqheat (${ctx.source.kind})`,
    type: 'crypto',
    session: '24x7',
    exchange: UDF_EXCHANGE,
    listed_exchange: UDF_EXCHANGE,
    timezone: 'Etc/UTC',
    format: 'price',
    minmov: 1,
    pricescale: priceScale(last?.close ?? 1),
    has_intraday: res.some((r) => /^\d+$/.test(r)),
    intraday_multipliers: res.filter((r) => /^\d+$/.test(r)),
    has_daily: res.includes('1D'),
    has_weekly_and_monthly: res.includes('1W'),
    supported_resolutions: res,
    volume_precision: 3,
    has_empty_bars: false,
    data_status: ctx.source.kind === 'live' ? 'streaming' : 'endofday',
  }
}

/** Closed bars plus the forming one (if newer). */
function barsOf(m: SymbolMarket): readonly Bar[] {
  const last = m.bars[m.bars.length - 1]
  return m.forming && (!last || m.forming.ts > last.ts) ? [...m.bars, m.forming] : m.bars
}

export async function udfPlugin(app: FastifyInstance, opts: UdfOptions): Promise<void> {
  const { ctx } = opts
  const marksMin = opts.marksMinUsd ?? 1_000_000
  app.setErrorHandler((err, _req, reply) => {
    const { status, body } = toErrorResponse(err)
    void reply.code(status).send({
      s: 'error',
      errmsg: body.reason,
      ...(body.parameter ? { parameter: body.parameter } : {}),
    })
  })

  app.get('/udf/config', async () => {
    const tfs = ctx.hub.symbols().map((s) => ctx.hub.get(s)?.timeframeMs ?? Infinity)
    const base = tfs.length ? Math.min(...tfs) : 60_000
    return {
      supported_resolutions: tfs.length ? supportedResolutions(base) : [...UDF_LADDER],
      supports_group_request: false,
      supports_search: true,
      supports_marks: true,
      supports_timescale_marks: false,
      supports_time: true,
      exchanges: [
        { value: '', name: 'All exchanges', desc: '' },
        { value: UDF_EXCHANGE, name: UDF_EXCHANGE, desc: 'liqheat data feed' },
      ],
      symbols_types: [
        { name: 'All types', value: '' },
        { name: 'Crypto', value: 'crypto' },
      ],
    }
  })

  app.get('/udf/time', async (_req, reply) =>
    reply.type('text/plain').send(String(Math.floor(ctx.now() / 1000))),
  )

  app.get('/udf/symbols', async (req) => {
    const q = parse(z.object({ symbol: symbolText }), req.query)
    return symbolInfo(ctx, marketOf(ctx, q.symbol))
  })

  app.get('/udf/search', async (req) => {
    const q = parse(
      z.object({
        query: z.string().max(60).default(''),
        type: z.string().max(30).default(''),
        exchange: z.string().max(30).default(''),
        limit: z
          .string()
          .regex(/^\d{1,4}$/, 'must be a whole number')
          .transform(Number)
          .pipe(z.number().min(1, 'must be at least 1').max(1000, 'must be at most 1000'))
          .default(30),
      }),
      req.query,
    )
    if (q.type !== '' && q.type !== 'crypto') return []
    if (q.exchange !== '' && q.exchange.toUpperCase() !== UDF_EXCHANGE) return []
    const needle = q.query.trim().toUpperCase().replace(`${UDF_EXCHANGE}:`, '')
    return ctx.hub
      .symbols()
      .filter((s) => s.includes(needle))
      .slice(0, q.limit)
      .map((s) => {
        const m = ctx.hub.get(s)
        return {
          symbol: s,
          full_name: `${UDF_EXCHANGE}:${s}`,
          description: m ? String(symbolInfo(ctx, m).description) : s,
          exchange: UDF_EXCHANGE,
          ticker: s,
          type: 'crypto',
        }
      })
  })

  app.get('/udf/history', async (req) => {
    const q = parse(
      z.object({
        symbol: symbolText,
        resolution: resolutionText,
        from: seconds('from'),
        to: seconds('to'),
        countback: z
          .string()
          .regex(/^\d{1,6}$/, 'must be a whole number')
          .transform(Number)
          .pipe(z.number().min(1, 'must be at least 1').max(100_000, 'must be at most 100000'))
          .optional(),
      }),
      req.query,
    )
    if (q.to <= q.from && q.countback === undefined) throw badRequest('to', "must be after 'from'")
    const m = marketOf(ctx, q.symbol)
    const tf = tfOf(m, q.resolution)
    const all = barsOf(m)
    const toMs = q.to * 1000
    let bars: Bar[]
    if (q.countback !== undefined) {
      const before = aggregateBars(all, tf, bucketStart(all[0].ts, tf), toMs).filter(
        (b) => b.ts < toMs,
      )
      bars = before.slice(-q.countback)
    } else
      bars = aggregateBars(all, tf, bucketStart(q.from * 1000, tf), toMs).filter(
        (b) => b.ts >= q.from * 1000,
      )
    if (bars.length === 0) {
      const k = lowerBound(all, q.from * 1000) - 1
      return k >= 0
        ? { s: 'no_data', nextTime: Math.floor(bucketStart(all[k].ts, tf) / 1000) }
        : { s: 'no_data' }
    }
    const hasVolume = bars.every((b) => b.volume !== undefined)
    return {
      s: 'ok',
      t: bars.map((b) => Math.floor(b.ts / 1000)),
      o: bars.map((b) => b.open),
      h: bars.map((b) => b.high),
      l: bars.map((b) => b.low),
      c: bars.map((b) => b.close),
      ...(hasVolume ? { v: bars.map((b) => b.volume ?? 0) } : {}),
    }
  })

  app.get('/udf/marks', async (req) => {
    const q = parse(
      z.object({
        symbol: symbolText,
        resolution: resolutionText,
        from: seconds('from'),
        to: seconds('to'),
      }),
      req.query,
    )
    if (q.to <= q.from) throw badRequest('to', "must be after 'from'")
    const m = marketOf(ctx, q.symbol)
    const tf = tfOf(m, q.resolution)
    const sums = new Map<
      string,
      { t: number; side: 'long' | 'short'; usd: number; venues: Set<string> }
    >()
    for (const e of m.liquidations) {
      if (e.ts < q.from * 1000 || e.ts >= q.to * 1000) continue
      const t = bucketStart(e.ts, tf)
      const key = `${t}:${e.side}`
      const s = sums.get(key) ?? { t, side: e.side, usd: 0, venues: new Set<string>() }
      s.usd += e.usd
      s.venues.add(e.venue)
      sums.set(key, s)
    }
    const marks = [...sums.values()].filter((s) => s.usd >= marksMin).sort((a, b) => a.t - b.t)
    return {
      id: marks.map((s) => `${s.t / 1000}-${s.side}`),
      time: marks.map((s) => Math.floor(s.t / 1000)),
      color: marks.map((s) => (s.side === 'long' ? 'red' : 'green')),
      text: marks.map(
        (s) =>
          `${s.side === 'long' ? 'Long' : 'Short'} liquidations ${formatUsd(s.usd)} (realized, as reported by ${[...s.venues].join(', ')}; a lower bound)`,
      ),
      label: marks.map((s) => (s.side === 'long' ? 'L' : 'S')),
      labelFontColor: marks.map(() => 'white'),
      minSize: marks.map((s) =>
        Math.round(Math.min(40, 14 + 6 * Math.log10(s.usd / marksMin + 1))),
      ),
    }
  })
}
