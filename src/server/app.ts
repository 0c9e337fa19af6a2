/**
 * The HTTP/WebSocket application: `buildApp(deps)` returns a fastify instance that is not listening
 * (tests drive it with `inject`; `serve.ts` listens). One error handler renders every failure as
 * `{error, parameter?, reason}`; the server never crashes on input.
 * @module
 */
import fs from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import fastifyWebsocket from '@fastify/websocket'
import Fastify, { type FastifyInstance } from 'fastify'
import { alertsPlugin, type AlertsPluginOptions } from '../alerts/plugin.ts'
import { describeAlertRoutes } from './alerts-doc.ts'
import { ApiDocs } from './api-doc.ts'
import { requireToken } from './auth.ts'
import type { ServerContext, SourceInfo } from './context.ts'
import { HeatmapService } from './heatmap-service.ts'
import { errorBody, toErrorResponse } from './http-error.ts'
import type { MarketHub } from './market-hub.ts'
import { ModelRunners } from './model-runner.ts'
import { candleRoutes } from './routes/candles.ts'
import { accuracyRoutes } from './routes/accuracy.ts'
import { healthRoutes, modelRoute } from './routes/health.ts'
import { heatmapRoutes } from './routes/heatmap.ts'
import { HL_NEEDS_LIVE, HL_TURNED_OFF, hlExactRoutes, type HlExact } from './hl-exact.ts'
import { levelRoutes } from './routes/levels.ts'
import { overlayRoutes } from './routes/overlays.ts'
import { streamRoutes } from './routes/stream.ts'
import { templateRoutes } from './routes/templates.ts'
import { udfPlugin } from './udf/plugin.ts'
import { exportRoutes } from '../export/routes.ts'
import { reviewRoutes } from '../review/routes.ts'
import type { TemplateStore } from './templates-store.ts'

export interface AppDeps {
  readonly hub: MarketHub
  readonly source: SourceInfo
  readonly templates: TemplateStore
  /** When set, every request must present it (see auth.ts). */
  readonly token?: string
  /** Folder of the built web app (index.html, assets/); omitted = API only. */
  readonly webRoot?: string
  readonly version?: string
  readonly now?: () => number
  /** fastify logger: false in tests, true (pino) when serving. */
  readonly logger?: boolean
  /** Registers the alerts plugin (`/api/alerts*`) with these options; omitted = no alerts. */
  readonly alerts?: Omit<AlertsPluginOptions, 'ctx'>
  /** The Hyperliquid position collector behind `/api/hl-exact`, or why there is none. */
  readonly hlExact?: HlExact
}

export interface App {
  readonly app: FastifyInstance
  readonly ctx: ServerContext
}

export function buildApp(deps: AppDeps): App {
  const app = Fastify({
    // Requests are not logged (info); warnings and errors are.
    logger: deps.logger ? { level: 'warn' } : false,
    routerOptions: { maxParamLength: 200 },
    bodyLimit: 65_536,
  })
  const runners = new ModelRunners(deps.hub)
  const ctx: ServerContext = {
    hub: deps.hub,
    runners,
    heatmaps: new HeatmapService(runners),
    source: deps.source,
    templates: deps.templates,
    version: deps.version ?? '0.1.0',
    now: deps.now ?? Date.now,
  }
  const docs = new ApiDocs()
  // When a bar closes: the running models first, then (stream.ts) the clients get their columns,
  // then the cached live grids are extended (registered on ready, so it runs after the stream).
  const offBar = deps.hub.onBar((m, _bar, closed) => {
    if (!closed) return
    try {
      ctx.runners.advance(m.symbol)
    } catch (err) {
      app.log.error({ err }, 'updating the model after a bar failed')
    }
  })
  let offGrids = (): void => {}
  app.addHook('onReady', async () => {
    offGrids = deps.hub.onBar((m, bar, closed) => {
      if (!closed) return
      try {
        ctx.heatmaps.onBarClosed(m, bar)
      } catch (err) {
        app.log.error({ err }, 'extending the cached heatmaps failed')
      }
    })
  })
  app.addHook('onClose', async () => {
    offBar()
    offGrids()
  })

  app.setErrorHandler((err, req, reply) => {
    const { status, body } = toErrorResponse(err)
    if (status >= 500) req.log.error({ err }, 'request failed')
    const fastifyCode =
      typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : ''
    const parameter = body.parameter ?? (fastifyCode.startsWith('FST_ERR_CTP') ? 'body' : undefined)
    void reply.code(status).send(parameter ? { ...body, parameter } : body)
  })
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send(errorBody(404, `no route ${req.method} ${req.url.split('?')[0]}`))
  })
  if (deps.token !== undefined) requireToken(app, deps.token)

  void app.register(fastifyWebsocket, { options: { maxPayload: 65_536 } })
  void app.register(async (api) => {
    healthRoutes(api, ctx, docs)
    modelRoute(api, docs)
    accuracyRoutes(api, ctx, docs)
    candleRoutes(api, ctx, docs)
    heatmapRoutes(api, ctx, docs)
    levelRoutes(api, ctx, docs)
    overlayRoutes(api, ctx, docs)
    templateRoutes(api, ctx, docs)
    streamRoutes(api, ctx, docs)
    api.get('/api/openapi.json', async () => docs.document(ctx.version))
  })
  void app.register(udfPlugin, { ctx })
  void app.register(exportRoutes, { ctx, docs })
  void app.register(reviewRoutes, { ctx, docs })
  if (deps.alerts) {
    void app.register(alertsPlugin, { ...deps.alerts, ctx })
    describeAlertRoutes(docs)
  }
  const hl: HlExact = deps.hlExact ?? {
    running: false,
    reason: deps.source.kind === 'live' ? HL_TURNED_OFF : HL_NEEDS_LIVE,
  }
  void app.register(async (api) => hlExactRoutes(api, hl, docs))

  const webRoot = deps.webRoot
  if (webRoot && fs.existsSync(path.join(webRoot, 'index.html'))) {
    void app.register(fastifyStatic, {
      root: path.resolve(webRoot),
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      setHeaders(res, file) {
        const name = path.basename(file)
        if (file.includes(`${path.sep}assets${path.sep}`))
          res.setHeader('cache-control', 'public, max-age=31536000, immutable')
        else if (name === 'index.html' || name === 'sw.js' || name.endsWith('.webmanifest'))
          res.setHeader('cache-control', 'no-cache')
      },
    })
  } else {
    app.get('/', async (_req, reply) =>
      reply
        .type('text/html')
        .send(
          '<!doctype html><meta charset="utf-8"><title>liqheat</title><body style="font:15px system-ui;background:#111;color:#ddd;padding:2em">' +
            '<h1>liqheat</h1><p>The web app is not built. Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it) ' +
            'and reload. The API is up: <a style="color:#8cf" href="/api/openapi.json">/api/openapi.json</a>.</p>',
        ),
    )
  }
  return { app, ctx }
}
