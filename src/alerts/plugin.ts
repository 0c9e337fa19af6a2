/**
 * The alerts fastify plugin: `/api/alerts` CRUD (zod-validated; 400 names the field), the history
 * (`/api/alerts/events`), the page's WebSocket (`/api/alerts/stream`), and the wiring that evaluates
 * the rules on every closed bar of the market hub (and the `stale` rules every second) and runs the
 * outbox dispatcher. Register it on the app before it listens:
 * `void app.register(alertsPlugin, { ctx, dbPath })`.
 * @module
 */
import type { FastifyInstance } from 'fastify'
import type { WebSocket } from 'ws'
import { z } from 'zod'
import type { ServerContext } from '../server/context.ts'
import { freshness } from '../server/context.ts'
import { HttpError, badRequest, notFound } from '../server/http-error.ts'
import { Dispatcher, type DispatcherOptions } from './dispatcher.ts'
import { AlertEngine } from './engine.ts'
import { parseRuleSpec, publicRule } from './schema.ts'
import { LaggedModels, marketSnapshot } from './snapshot.ts'
import { AlertStore } from './store.ts'
import type { AlertEvent, AlertRule, RuleSpec } from './types.ts'

export interface AlertsPluginOptions {
  readonly ctx: ServerContext
  /** An open store (kept open), or `dbPath` to open (and close with the app). Default `:memory:`. */
  readonly store?: AlertStore
  readonly dbPath?: string
  readonly dispatcher?: DispatcherOptions
  /** How often the `stale` rules are checked, ms (default 1000). */
  readonly staleCheckMs?: number
}

const idParam = z.strictObject({
  id: z.string().regex(/^r_[0-9a-f]{16}$/, 'not a rule id (r_ and 16 hex digits)'),
})
const eventsQuery = z.strictObject({
  since: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  rule: z.string().max(40).optional(),
  token: z.string().optional(),
})
const listQuery = z.strictObject({
  symbol: z
    .string()
    .regex(/^[A-Za-z0-9]{2,24}$/, 'must be 2–24 letters or digits')
    .optional(),
  token: z.string().optional(),
})
const patchBody = z.strictObject({ enabled: z.boolean() })

function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const r = schema.safeParse(value ?? {})
  if (r.success) return r.data
  const issue = r.error.issues[0]
  const key =
    issue?.code === 'unrecognized_keys'
      ? (issue.keys[0] ?? where)
      : issue?.path.map(String).join('.') || where
  throw badRequest(
    key,
    issue?.code === 'unrecognized_keys'
      ? `unknown parameter '${key}'`
      : (issue?.message ?? 'invalid'),
  )
}

/** A new definition keeps the old secrets when it omits them for the same destination. */
function keepSecrets(spec: RuleSpec, old: AlertRule): RuleSpec {
  const wh = spec.channels.webhook
  const tg = spec.channels.telegram
  const oldWh = old.channels.webhook
  const oldTg = old.channels.telegram
  return {
    ...spec,
    channels: {
      ...spec.channels,
      ...(wh && wh.secret === undefined && oldWh?.url === wh.url && oldWh.secret !== undefined
        ? { webhook: { ...wh, secret: oldWh.secret } }
        : {}),
      ...(tg && tg.botToken === undefined && oldTg?.chatId === tg.chatId && oldTg.botToken
        ? { telegram: { ...tg, botToken: oldTg.botToken } }
        : {}),
    },
  }
}

function eventMessage(e: AlertEvent, rule: AlertRule): Record<string, unknown> {
  return {
    type: 'alert',
    event: e,
    rule: { id: rule.id, name: rule.name ?? null, kind: rule.kind },
  }
}

export async function alertsPlugin(app: FastifyInstance, opts: AlertsPluginOptions): Promise<void> {
  const { ctx } = opts
  let store: AlertStore
  try {
    store = opts.store ?? new AlertStore(opts.dbPath ?? ':memory:')
  } catch (err) {
    // The server still runs without alerts; every alert route says why.
    const reason = `alerts are unavailable: ${err instanceof Error ? err.message : String(err)}`
    app.log.warn(reason)
    const unavailable = async (): Promise<never> => {
      throw new HttpError(503, reason)
    }
    app.all('/api/alerts', unavailable)
    app.all('/api/alerts/*', unavailable)
    return
  }
  const engine = new AlertEngine(store, ctx.now)
  const dispatcher = new Dispatcher(store, {
    log: (l) => app.log.info(`alerts: ${l}`),
    ...opts.dispatcher,
  })
  const clients = new Set<WebSocket>()
  const lagged = new Map<string, LaggedModels>()

  engine.onEvent((e, rule) => {
    if (e.status === 'fired') dispatcher.kick()
    if (!rule.channels.page) return
    const msg = JSON.stringify(eventMessage(e, rule))
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(msg)
  })

  const offBar = ctx.hub.onBar((m, _bar, closed) => {
    if (!closed || m.modelBars.length === 0) return
    try {
      if (!engine.hasRules(m.symbol, 'market')) return
      let lag = lagged.get(m.symbol)
      if (!lag) {
        lag = new LaggedModels()
        lagged.set(m.symbol, lag)
      }
      engine.observe(
        marketSnapshot({
          symbol: m.symbol,
          tfMs: m.timeframeMs,
          bars: m.modelBars,
          model: ctx.runners.get(m),
          lagged: lag,
          generation: m.generation,
        }),
      )
    } catch (err) {
      app.log.error({ err }, 'alerts: evaluating the rules failed')
    }
  })
  const staleTimer = setInterval(() => {
    for (const symbol of ctx.hub.symbols()) {
      const m = ctx.hub.get(symbol)
      if (!m || !engine.hasRules(symbol, 'stale')) continue
      try {
        const f = freshness(ctx, m)
        const last = m.bars[m.bars.length - 1]
        engine.observeFreshness({
          symbol,
          at: ctx.now(),
          ageMs: f.ageMs,
          ...(last ? { price: last.close } : {}),
          ...(f.reason ? { reason: f.reason } : {}),
        })
      } catch (err) {
        app.log.error({ err }, 'alerts: checking freshness failed')
      }
    }
  }, opts.staleCheckMs ?? 1000)
  staleTimer.unref()

  app.addHook('onReady', async () => dispatcher.start())
  app.addHook('onClose', async () => {
    offBar()
    clearInterval(staleTimer)
    await dispatcher.stop()
    for (const ws of clients) ws.close()
    if (!opts.store) store.close()
  })

  const ruleOr404 = (params: unknown): AlertRule => {
    const { id } = parse(idParam, params, 'id')
    const rule = store.getRule(id)
    if (!rule) throw notFound('id', `no alert rule '${id}'`)
    return rule
  }

  app.get('/api/alerts', async (req) => {
    const q = parse(listQuery, req.query, 'query')
    const symbol = q.symbol?.toUpperCase()
    return { rules: store.listRules(symbol).map(publicRule) }
  })
  app.post('/api/alerts', async (req, reply) => {
    const spec = parseRuleSpec(req.body)
    const rule = store.createRule(spec, ctx.now())
    return reply.code(201).send({ rule: publicRule(rule) })
  })
  app.get('/api/alerts/events', async (req) => {
    const q = parse(eventsQuery, req.query, 'query')
    const events = store.events({
      ...(q.since !== undefined ? { since: q.since } : {}),
      ...(q.limit !== undefined ? { limit: q.limit } : {}),
      ...(q.rule !== undefined ? { ruleId: q.rule } : {}),
    })
    return {
      events,
      lastEventId: store.lastEventId(),
      pendingDeliveries: store.outbox.pendingCount(),
    }
  })
  app.get('/api/alerts/:id', async (req) => {
    const rule = ruleOr404(req.params)
    const st = store.ruleState(rule.id)
    return {
      rule: publicRule(rule),
      state: {
        lastBarTs: st.lastBarTs ?? null,
        lastFiredAt: st.lastFiredAt ?? null,
        firedCount: st.firedCount,
      },
    }
  })
  app.put('/api/alerts/:id', async (req) => {
    const old = ruleOr404(req.params)
    const spec = keepSecrets(parseRuleSpec(req.body), old)
    const rule = store.replaceRule(old.id, spec, ctx.now())
    if (!rule) throw notFound('id', `no alert rule '${old.id}'`)
    return { rule: publicRule(rule) }
  })
  app.patch('/api/alerts/:id', async (req) => {
    const old = ruleOr404(req.params)
    const body = parse(patchBody, req.body, 'body')
    const rule = store.setEnabled(old.id, body.enabled, ctx.now()) ?? old
    return { rule: publicRule(rule) }
  })
  app.delete('/api/alerts/:id', async (req, reply) => {
    const rule = ruleOr404(req.params)
    store.deleteRule(rule.id)
    return reply.code(204).send()
  })

  app.get('/api/alerts/stream', { websocket: true }, (socket) => {
    clients.add(socket)
    socket.send(JSON.stringify({ type: 'hello', lastEventId: store.lastEventId() }))
    socket.on('close', () => clients.delete(socket))
    socket.on('error', () => clients.delete(socket))
    socket.on('message', (data) => {
      try {
        const msg = z
          .strictObject({ type: z.literal('resume'), since: z.number().int().min(0) })
          .safeParse(JSON.parse(String(data)))
        if (!msg.success)
          throw new HttpError(400, 'expected {"type":"resume","since":<event id>}', 'message')
        for (const e of store.events({ since: msg.data.since, limit: 200 })) {
          const rule = store.getRule(e.ruleId)
          if (rule && !rule.channels.page) continue
          socket.send(
            JSON.stringify({
              type: 'alert',
              replay: true,
              event: e,
              rule: rule ? { id: rule.id, name: rule.name ?? null, kind: rule.kind } : null,
            }),
          )
        }
      } catch (err) {
        const reason = err instanceof HttpError ? err.reason : 'not JSON'
        socket.send(JSON.stringify({ type: 'error', parameter: 'message', reason }))
      }
    })
  })
}
