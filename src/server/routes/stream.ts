/**
 * WebSocket `/api/stream`. The client subscribes to a symbol and its view
 * (`{"type":"subscribe","symbol":"BTCUSDT","exchanges":"binance,okx","leverage":"25,50","tf":"5m",
 * "rows":200,"priceMin":…,"priceMax":…}`); the server pushes, as they change: `column` (the heatmap
 * column for the bar that closed, new or updating the last one, with its candle), `price` (forming
 * bar), `clusters` and `status` (freshness, every 2 s). Bad messages get `{type:"error", parameter,
 * reason}`; the connection stays open.
 * @module
 */
import type { FastifyInstance } from 'fastify'
import type { WebSocket } from 'ws'
import { z } from 'zod'
import type { Bar } from '../../core/types.ts'
import { msToTimeframe } from '../../core/time.ts'
import type { ModelFilter } from '../../model/types.ts'
import { aggregateBars, bucketStart } from '../aggregate.ts'
import type { ApiDocs } from '../api-doc.ts'
import { freshness, type ServerContext } from '../context.ts'
import { HttpError, toErrorResponse } from '../http-error.ts'
import type { SymbolMarket } from '../market-hub.ts'
import {
  parseQuery,
  leverageParam,
  numberParam,
  symbolParam,
  tfParam,
  venuesParam,
} from '../query.ts'
import { marketOr404, MAX_ROWS, resolveFilter, resolveParams } from '../view.ts'

const subscribeSchema = z.strictObject({
  type: z.literal('subscribe'),
  symbol: z.string(),
  exchanges: z.string().optional(),
  leverage: z.string().optional(),
  halfLife: z.union([z.string(), z.number()]).optional(),
  tf: z.string().optional(),
  rows: z.number().int().min(10).max(MAX_ROWS),
  priceMin: z.number().positive(),
  priceMax: z.number().positive(),
})

const SUBSCRIBE_PARAMS = {
  symbol: symbolParam,
  exchanges: venuesParam,
  leverage: leverageParam,
  tf: tfParam,
  halfLife: numberParam('halfLife', 0.5, 8760),
}

interface Subscription {
  readonly symbol: string
  readonly filter: ModelFilter
  readonly halfLife?: number
  readonly tfMs: number
  readonly rows: number
  readonly priceMin: number
  readonly priceMax: number
}

function round(a: Float32Array): number[] {
  return Array.from(a, (v) => Math.round(v))
}

function candleOf(b: Bar) {
  return {
    time: b.ts,
    open: b.open,
    high: b.high,
    low: b.low,
    close: b.close,
    volume: b.volume ?? null,
  }
}

export function streamRoutes(app: FastifyInstance, ctx: ServerContext, docs: ApiDocs): void {
  docs.add({
    method: 'get',
    path: '/api/stream',
    summary:
      'WebSocket: subscribe to a symbol and view; receive heatmap columns, clusters, price and staleness',
    responses: { '101': 'switching protocols' },
  })
  const clients = new Map<WebSocket, Subscription | undefined>()

  const send = (ws: WebSocket, msg: Record<string, unknown>): void => {
    if (ws.readyState !== ws.OPEN || ws.bufferedAmount > 4_000_000) return
    ws.send(JSON.stringify({ ...msg, sentAt: ctx.now() }))
  }

  const clustersMsg = (m: SymbolMarket, s: Subscription) => {
    const model = ctx.runners.get(m, resolveParams(s.halfLife))
    const r = model.clusters({ filter: s.filter })
    return {
      type: 'clusters',
      symbol: m.symbol,
      estimated: true,
      ...r,
      freshness: freshness(ctx, m),
    }
  }

  const columnMsg = (m: SymbolMarket, s: Subscription, bar: Bar, closedAt: number) => {
    const model = ctx.runners.get(m, resolveParams(s.halfLife))
    const col = model.column({
      filter: s.filter,
      rows: s.rows,
      priceMin: s.priceMin,
      priceMax: s.priceMax,
    })
    const start = bucketStart(bar.ts, s.tfMs)
    const candle = aggregateBars(m.bars, s.tfMs, start, start + s.tfMs)[0] ?? bar
    return {
      type: 'column',
      symbol: m.symbol,
      estimated: true,
      time: start,
      barTs: bar.ts,
      closedAt,
      candle: candleOf(candle),
      long: round(col.long),
      short: round(col.short),
    }
  }

  const off = ctx.hub.onBar((m, bar, closed, at) => {
    if (closed) ctx.runners.advance(m.symbol)
    const subscribed = [...clients].filter(([, s]) => s?.symbol === m.symbol)
    for (const [ws, s] of subscribed) {
      if (!s) continue
      try {
        if (closed) send(ws, columnMsg(m, s, bar, at))
        else
          send(ws, {
            type: 'price',
            symbol: m.symbol,
            time: bar.ts,
            price: bar.close,
            candle: candleOf(bar),
          })
      } catch (err) {
        app.log.error({ err }, 'stream: building an update failed')
      }
    }
    // Clusters cost more than a column: they follow once every column is out.
    if (closed && subscribed.length > 0)
      setImmediate(() => {
        for (const [ws, s] of subscribed) {
          if (!s || clients.get(ws) !== s) continue
          try {
            send(ws, clustersMsg(m, s))
          } catch (err) {
            app.log.error({ err }, 'stream: building clusters failed')
          }
        }
      })
  })
  const timer = setInterval(() => {
    for (const [ws, s] of clients) {
      const m = s ? ctx.hub.get(s.symbol) : undefined
      if (m)
        send(ws, {
          type: 'status',
          symbol: m.symbol,
          freshness: freshness(ctx, m),
          streams: ctx.source.status(),
        })
    }
  }, 2_000)
  timer.unref()
  app.addHook('onClose', async () => {
    off()
    clearInterval(timer)
  })

  app.get('/api/stream', { websocket: true }, (socket) => {
    clients.set(socket, undefined)
    send(socket, { type: 'hello', version: ctx.version, source: ctx.source.kind })
    socket.on('close', () => clients.delete(socket))
    socket.on('error', () => clients.delete(socket))
    socket.on('message', (data, isBinary) => {
      try {
        if (isBinary) throw new HttpError(400, 'messages are JSON text', 'message')
        const raw: unknown = JSON.parse(String(data))
        if (
          typeof raw === 'object' &&
          raw !== null &&
          'type' in raw &&
          raw.type === 'unsubscribe'
        ) {
          clients.set(socket, undefined)
          return
        }
        const msg = subscribeSchema.parse(raw)
        const q = parseQuery(SUBSCRIBE_PARAMS, {
          symbol: msg.symbol,
          ...(msg.exchanges !== undefined ? { exchanges: msg.exchanges } : {}),
          ...(msg.leverage !== undefined ? { leverage: msg.leverage } : {}),
          ...(msg.tf !== undefined ? { tf: msg.tf } : {}),
          ...(msg.halfLife !== undefined ? { halfLife: String(msg.halfLife) } : {}),
        })
        const m = marketOr404(ctx.hub, q.symbol)
        if (msg.priceMin >= msg.priceMax)
          throw new HttpError(400, 'must be below priceMax', 'priceMin')
        const tfMs = q.tf ?? m.timeframeMs
        if (tfMs % m.timeframeMs !== 0)
          throw new HttpError(
            400,
            `not a multiple of the data's ${msToTimeframe(m.timeframeMs)}`,
            'tf',
          )
        const sub: Subscription = {
          symbol: m.symbol,
          filter: resolveFilter(q.exchanges, q.leverage),
          ...(q.halfLife !== undefined ? { halfLife: q.halfLife } : {}),
          tfMs,
          rows: msg.rows,
          priceMin: msg.priceMin,
          priceMax: msg.priceMax,
        }
        clients.set(socket, sub)
        send(socket, {
          type: 'subscribed',
          symbol: m.symbol,
          tf: msToTimeframe(tfMs),
          filter: sub.filter,
        })
        send(socket, clustersMsg(m, sub))
        send(socket, {
          type: 'status',
          symbol: m.symbol,
          freshness: freshness(ctx, m),
          streams: ctx.source.status(),
        })
      } catch (err) {
        const e = err instanceof SyntaxError ? new HttpError(400, 'not JSON', 'message') : err
        const { status, body } = toErrorResponse(e)
        if (status >= 500) app.log.error({ err }, 'stream: message handling failed')
        send(socket, { type: 'error', status, ...body })
      }
    })
  })
}
