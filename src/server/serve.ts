/**
 * `liqheat serve`: the composition root. Picks the source (live venues, a replay, the simulator),
 * builds the web bundle if stale, opens the template store, starts the app on 127.0.0.1 (or
 * `--host`, which then requires a token) and prints the URL.
 * @module
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { AppError, UsageError } from '../core/errors.ts'
import { DEFAULT_DB_PATH } from '../store/store.ts'
import { alertsDbPath } from '../alerts/store.ts'
import {
  HlPositionsCollector,
  type HlPositionsOptions,
} from '../exchanges/hyperliquid/positions/collector.ts'
import { toVenueSymbol } from '../exchanges/symbols.ts'
import { buildApp } from './app.ts'
import { hlPositionsPlan, type HlExact } from './hl-exact.ts'
import { MarketHub } from './market-hub.ts'
import type { MarketSource, SourceKind } from './source.ts'
import { createDemoMarketSource } from './sources/demo.ts'
import { createLiveSource } from './sources/live.ts'
import { createReplaySource, DEFAULT_REPLAY_SPEED } from './sources/replay.ts'
import {
  JsonFileTemplateStore,
  SqliteTemplateStore,
  type TemplateStore,
} from './templates-store.ts'
import { ensureWebBundle } from './web-bundle.ts'
import { DEFAULT_LOOKBACK_MS, DEFAULT_ROWS, resolveWindow } from './view.ts'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The page's lite view of the default lookback (web/app/request.ts): 30m columns, 100 rows, 25/50/100×. */
const LITE_TF_MS = 1_800_000
const LITE_ROWS = 100
const LITE_TIERS = [25, 50, 100] as const

export interface ServeOptions {
  readonly source: SourceKind
  readonly data?: string
  readonly speed?: number
  readonly replayFrom?: number
  readonly symbol?: string
  readonly host: string
  readonly port: number
  readonly db?: string
  readonly token?: string
  /** Build the web bundle when stale (default true). */
  readonly build?: boolean
  readonly log?: (line: string) => void
  /** With `--source live`, fail instead of falling back to the simulator when no venue answers. */
  readonly noFallback?: boolean
  /** Pino request/error logging (default true). */
  readonly logger?: boolean
  /**
   * Run the Hyperliquid position collector (`/api/hl-exact`): `--hl-positions` / `--no-hl-positions`;
   * undefined = on with the live source. Only the live source can run it.
   */
  readonly hlPositions?: boolean
  /** Collector options (tests point it at a fake venue). */
  readonly hlPositionsOptions?: HlPositionsOptions
  /** Alerts database (default `alertsDbPath(db)`). */
  readonly alertsDb?: string
}

export interface RunningServer {
  readonly url: string
  readonly source: MarketSource
  close(): Promise<void>
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])

function version(): string {
  try {
    const pkg: unknown = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'))
    if (pkg && typeof pkg === 'object' && 'version' in pkg && typeof pkg.version === 'string')
      return pkg.version
  } catch {
    // fall through
  }
  return '0.0.0'
}

function howToReplay(): string {
  return (
    'to replay downloaded data instead: npm start -- --source replay --data <folder of Binance Vision CSVs> ' +
    '(e.g. --data ../shared/data/real/w4-2025-10-5m)'
  )
}

function openTemplates(db: string | undefined, log: (l: string) => void): TemplateStore {
  const dbPath = db ?? (fs.existsSync(DEFAULT_DB_PATH) ? DEFAULT_DB_PATH : undefined)
  if (dbPath) {
    try {
      return new SqliteTemplateStore(dbPath)
    } catch (err) {
      log(
        `templates: cannot open ${dbPath} (${err instanceof Error ? err.message : String(err)}); using data/templates.json`,
      )
    }
  }
  return new JsonFileTemplateStore(path.resolve('data', 'templates.json'))
}

async function pickSource(opts: ServeOptions, log: (l: string) => void): Promise<MarketSource> {
  const speed = opts.speed ?? DEFAULT_REPLAY_SPEED
  if (opts.source === 'replay') {
    if (!opts.data) throw new UsageError('--data: a replay needs --data <folder>', '--data')
    return createReplaySource({
      dir: opts.data,
      speed,
      log,
      ...(opts.symbol ? { symbol: opts.symbol } : {}),
      ...(opts.replayFrom !== undefined ? { startAt: opts.replayFrom } : {}),
    })
  }
  if (opts.source === 'demo') return createDemoMarketSource({ speed, log })
  const live = await createLiveSource({
    log,
    ...(opts.symbol ? { symbol: opts.symbol } : {}),
    ...(opts.db ? { db: opts.db } : {}),
  })
  if (typeof live !== 'string') return live
  log(`live: ${live}`)
  if (opts.noFallback) throw new AppError(`--source live: ${live}; ${howToReplay()}`)
  log('running the SIMULATED market instead (--source demo): every figure on it is simulated')
  log(howToReplay())
  return createDemoMarketSource({ speed, log })
}

export async function serve(opts: ServeOptions): Promise<RunningServer> {
  const log = opts.log ?? ((l: string) => process.stdout.write(`${l}\n`))
  const token = opts.token ?? process.env.LIQHEAT_TOKEN
  if (!LOOPBACK.has(opts.host) && !token)
    throw new UsageError(
      `--host ${opts.host} exposes the server beyond this machine: pass --token <secret> (or set LIQHEAT_TOKEN)`,
      '--token',
    )
  if (token !== undefined && token.length < 8)
    throw new UsageError('--token: use at least 8 characters', '--token')
  const webRoot =
    opts.build === false
      ? path.join(REPO_ROOT, 'dist', 'web')
      : await ensureWebBundle(REPO_ROOT, log)
  if (opts.hlPositions === true && opts.source !== 'live')
    throw new UsageError('--hl-positions: needs --source live', '--hl-positions')
  const source = await pickSource(opts, log)
  const hub = new MarketHub()
  const templates = openTemplates(opts.db, log)
  const plan = hlPositionsPlan(source.kind, opts.hlPositions)
  const symbol = opts.symbol ?? 'BTCUSDT'
  let collector: HlPositionsCollector | undefined
  let hlExact: HlExact
  if (plan.run) {
    collector = new HlPositionsCollector({
      coin: toVenueSymbol('hyperliquid', symbol),
      ...opts.hlPositionsOptions,
    })
    hlExact = { running: true, symbol, collector }
  } else hlExact = { running: false, reason: plan.reason }
  if (!plan.run && opts.source === 'live') log(`hl-positions: off (${plan.reason})`)
  const { app, ctx } = buildApp({
    hub,
    source,
    templates,
    webRoot,
    version: version(),
    logger: opts.logger ?? true,
    alerts: { dbPath: opts.alertsDb ?? alertsDbPath(opts.db) },
    hlExact,
    ...(token ? { token } : {}),
  })
  const abort = new AbortController()
  try {
    await app.listen({ host: opts.host, port: opts.port })
  } catch (err) {
    templates.close()
    const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : ''
    if (code === 'EADDRINUSE')
      throw new UsageError(
        `--port: ${opts.port} is already in use; pick another with --port`,
        '--port',
      )
    throw err
  }
  const shownHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host
  const address = app.server.address()
  const bound = address !== null && typeof address === 'object' ? address.port : opts.port
  const url = `http://${shownHost}:${bound}`
  log(url)
  log(`source: ${source.kind} — ${source.description}`)
  try {
    await source.start(hub, abort.signal)
  } catch (err) {
    abort.abort()
    await app.close()
    templates.close()
    throw err
  }
  if (collector) {
    collector.start(abort.signal)
    log(`hl-positions: collecting Hyperliquid ${collector.coin} positions for /api/hl-exact`)
  }
  // Warm the default views (desktop, and the phones' lite view) so first page loads hit the cache.
  setImmediate(() => {
    for (const symbol of hub.symbols()) {
      const m = hub.get(symbol)
      if (!m) continue
      try {
        ctx.runners.get(m)
        const desktop = resolveWindow(m, { lookback: DEFAULT_LOOKBACK_MS }, DEFAULT_ROWS)
        ctx.heatmaps.grid(m, { window: desktop, rows: DEFAULT_ROWS, filter: {} })
        if (LITE_TF_MS % m.timeframeMs === 0) {
          const lite = resolveWindow(
            m,
            { lookback: DEFAULT_LOOKBACK_MS, tf: LITE_TF_MS },
            LITE_ROWS,
          )
          ctx.heatmaps.grid(m, {
            window: lite,
            rows: LITE_ROWS,
            filter: { leverages: [...LITE_TIERS] },
          })
        }
      } catch (err) {
        log(`warm-up of ${symbol} failed: ${err instanceof Error ? err.message : String(err)}`)
      }
    }
  })
  return {
    url,
    source,
    async close() {
      abort.abort()
      await collector?.stop()
      await app.close()
      templates.close()
    },
  }
}
