/**
 * `liqheat alerts`: manage alert rules (add, list, rm, enable, disable), read the history, run the
 * rules over recorded data (`replay`, delivering through the outbox) and drain the outbox
 * (`deliver`). Rules, events and the outbox live in the liqheat database (`--db`).
 * @module
 */
import { Command } from 'commander'
import { ruleFromFlags, type AddFlags } from '../../alerts/cli-spec.ts'
import { Dispatcher } from '../../alerts/dispatcher.ts'
import { AlertEngine } from '../../alerts/engine.ts'
import { replayAlerts } from '../../alerts/replay.ts'
import { publicRule } from '../../alerts/schema.ts'
import { AlertStore, alertsDbPath, FALLBACK_ALERTS_DB } from '../../alerts/store.ts'
import { UsageError } from '../../core/errors.ts'
import { isoUtc, parseTime } from '../../core/time.ts'
import { DEFAULT_DB_PATH } from '../../store/store.ts'
import { parseChoice, parsePositiveInt } from '../options.ts'
import { loadSource } from '../source.ts'

interface DbFlags {
  db?: string
  format?: string
}

const out = (s: string): void => {
  process.stdout.write(`${s}\n`)
}

function sub(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .option(
      '--db <path>',
      `database holding the alerts [default: ${DEFAULT_DB_PATH} if it exists, else ${FALLBACK_ALERTS_DB}]`,
    )
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
}

function withStore<T>(f: DbFlags, fn: (s: AlertStore) => T): T {
  const store = new AlertStore(alertsDbPath(f.db))
  try {
    return fn(store)
  } finally {
    store.close()
  }
}

function addCommand(): Command {
  return sub('add', 'add a rule (flags, or --file rule.json in the API’s JSON form)')
    .option('--kind <k>', 'near | swept | fresh | asymmetry | stale')
    .option('--symbol <s>', 'symbol', 'BTCUSDT')
    .option('--name <text>', 'a name shown in deliveries')
    .option('--side <s>', 'near/swept/fresh: long | short | any', undefined)
    .option('--min-usd <usd>', 'near/swept/fresh: smallest cluster, USD (estimated)')
    .option('--within-pct <pct>', 'near: distance from price to the cluster, % of price')
    .option('--within-usd <usd>', 'near: distance from price to the cluster, USD')
    .option('--growth-pct <pct>', 'fresh: growth of the cluster’s span over --hours, %')
    .option('--hours <h>', 'fresh: look-back, hours')
    .option('--ratio <r>', 'asymmetry: threshold on longs below / shorts above')
    .option('--direction <d>', 'asymmetry: up | down | both')
    .option('--window <pct>', 'asymmetry: window each side of price, %')
    .option('--after-sec <s>', 'stale: seconds without data')
    .option('--target-side <s>', 'swept: the one cluster to watch: long | short')
    .option('--target-low <price>', 'swept: its span low')
    .option('--target-high <price>', 'swept: its span high')
    .option('--target-peak <price>', 'swept: its peak (fires when price trades through it)')
    .option('--webhook <url>', 'POST deliveries to this URL')
    .option('--webhook-secret <s>', 'HMAC-SHA256 key for the signature header (≥ 16 characters)')
    .option('--webhook-timeout-ms <ms>', 'per-attempt timeout')
    .option('--telegram-chat <id>', 'Telegram chat id (or @channel)')
    .option('--telegram-token <t>', 'bot token (default LIQHEAT_TELEGRAM_BOT_TOKEN)')
    .option('--no-page', 'do not show in the page')
    .option('--cooldown <sec>', 'minimum seconds between delivered events', '300')
    .option('--once', 'disable the rule after its first delivered event')
    .option('--exchanges <list>', 'venues whose positions count (default all)')
    .option('--leverage <list>', 'leverage rungs that count (default all)')
    .option('--file <rule.json>', 'the rule as JSON (the body POST /api/alerts takes)')
    .action((f: AddFlags & DbFlags) => {
      const spec = ruleFromFlags(f)
      const rule = withStore(f, (s) => s.createRule(spec))
      out(`added ${rule.id} (${rule.kind} ${rule.symbol})`)
    })
}

function listCommand(): Command {
  return sub('list', 'list the rules')
    .option('--format <f>', 'table or json', 'table')
    .action((f: DbFlags) => {
      const format = parseChoice(f.format ?? 'table', ['table', 'json'] as const, '--format')
      const rules = withStore(f, (s) => s.listRules())
      if (format === 'json') return out(JSON.stringify(rules.map(publicRule), null, 2))
      if (rules.length === 0) return out('(no rules)')
      for (const r of rules) {
        const { id, kind, symbol, enabled, channels } = r
        const to = [
          channels.page ? 'page' : '',
          channels.webhook ? 'webhook' : '',
          channels.telegram ? 'telegram' : '',
        ].filter(Boolean)
        out(
          `${id}  ${enabled ? 'on ' : 'off'}  ${symbol}  ${kind.padEnd(9)}  → ${to.join(',') || '(nowhere)'}  ${r.name ?? ''}`,
        )
      }
    })
}

function toggle(name: 'enable' | 'disable'): Command {
  return sub(name, `${name} a rule`)
    .argument('<id>', 'rule id')
    .action((id: string, f: DbFlags) => {
      const r = withStore(f, (s) => s.setEnabled(id, name === 'enable'))
      if (!r) throw new UsageError(`<id>: no rule '${id}'`, '<id>')
      out(`${id} ${name}d`)
    })
}

function rmCommand(): Command {
  return sub('rm', 'delete a rule (its history stays)')
    .argument('<id>', 'rule id')
    .action((id: string, f: DbFlags) => {
      if (!withStore(f, (s) => s.deleteRule(id)))
        throw new UsageError(`<id>: no rule '${id}'`, '<id>')
      out(`${id} deleted`)
    })
}

function historyCommand(): Command {
  return sub('history', 'recent events with their deliveries, newest first')
    .option('--limit <n>', 'how many', '50')
    .option('--rule <id>', 'only this rule')
    .option('--format <f>', 'table or json', 'table')
    .action((f: DbFlags & { limit?: string; rule?: string }) => {
      const format = parseChoice(f.format ?? 'table', ['table', 'json'] as const, '--format')
      const limit = parsePositiveInt(f.limit ?? '50', '--limit', 1000)
      const events = withStore(f, (s) =>
        s.events({ limit, ...(f.rule !== undefined ? { ruleId: f.rule } : {}) }),
      )
      if (format === 'json') return out(JSON.stringify(events, null, 2))
      if (events.length === 0) return out('(no events)')
      for (const e of events) {
        const d = e.deliveries
          .map((x) => `${x.channel}:${x.status}${x.attempts > 1 ? `×${x.attempts}` : ''}`)
          .join(' ')
        out(`#${e.id} ${isoUtc(e.at)} ${e.status.padEnd(10)} ${e.message}${d ? `  [${d}]` : ''}`)
      }
    })
}

interface ReplayFlags extends DbFlags {
  data?: string
  from?: string
  to?: string
  symbol?: string
  paceMs?: string
  telegramApi?: string
  retryBaseMs?: string
  maxAttempts?: string
  drainTimeout?: string
  lenient?: boolean
}

function dispatcherFor(f: ReplayFlags, store: AlertStore): Dispatcher {
  return new Dispatcher(store, {
    ...(f.telegramApi !== undefined ? { telegramApi: f.telegramApi } : {}),
    ...(f.retryBaseMs !== undefined
      ? { retryBaseMs: parsePositiveInt(f.retryBaseMs, '--retry-base-ms', 3_600_000) }
      : {}),
    ...(f.maxAttempts !== undefined
      ? { maxAttempts: parsePositiveInt(f.maxAttempts, '--max-attempts', 1000) }
      : {}),
    pollMs: 100,
    log: out,
  })
}

function deliveryOptions(cmd: Command): Command {
  return cmd
    .option('--telegram-api <url>', 'Telegram Bot API base URL [default: https://api.telegram.org]')
    .option('--retry-base-ms <ms>', 'first retry delay [default: 2000]')
    .option('--max-attempts <n>', 'attempts before a delivery fails [default: 12]')
    .option('--drain-timeout <sec>', 'how long to keep delivering after the last bar', '60')
}

async function drain(d: Dispatcher, store: AlertStore, f: ReplayFlags): Promise<void> {
  const secs = parsePositiveInt(f.drainTimeout ?? '60', '--drain-timeout', 86_400)
  const empty = await d.drain(secs * 1000)
  await d.stop()
  out(empty ? 'outbox empty' : `outbox: ${store.outbox.pendingCount()} deliveries still pending`)
}

function replayCommand(): Command {
  const cmd = sub('replay', 'run the rules over recorded data, delivering as it goes')
    .option('--data <dir>', 'folder of market data files (else the market data in --db)')
    .option('--symbol <s>', 'symbol', 'BTCUSDT')
    .option('--from <iso>', 'evaluate bars from here (earlier bars warm the model up)')
    .option('--to <iso>', 'stop here (exclusive)')
    .option('--pace-ms <ms>', 'wait between bars (watch it live)', '0')
    .option('--lenient', 'skip malformed rows')
  return deliveryOptions(cmd).action(async (f: ReplayFlags) => {
    const from = f.from !== undefined ? parseTime(f.from, '--from') : undefined
    const paceMs = f.paceMs === '0' ? 0 : parsePositiveInt(f.paceMs ?? '0', '--pace-ms', 60_000)
    const dbPath = alertsDbPath(f.db)
    const { data } = await loadSource(
      {
        ...(f.data !== undefined ? { data: f.data } : { db: dbPath }),
        ...(f.to !== undefined ? { to: f.to } : {}),
        ...(f.symbol !== undefined ? { symbol: f.symbol } : {}),
        ...(f.lenient ? { lenient: true } : {}),
        quiet: true,
      },
      { liquidations: false },
    )
    const store = new AlertStore(dbPath)
    try {
      const engine = new AlertEngine(store)
      const dispatcher = dispatcherFor(f, store)
      dispatcher.start()
      out(
        `replaying ${data.bars.length} bars of ${data.symbol}; ${store.listRules(data.symbol).filter((r) => r.enabled).length} rules`,
      )
      const r = await replayAlerts({
        data,
        engine,
        dispatcher,
        ...(from !== undefined ? { from } : {}),
        paceMs,
        log: out,
      })
      out(`evaluated ${r.evaluated} bars, ${r.events.length} new events`)
      await drain(dispatcher, store, f)
    } finally {
      store.close()
    }
  })
}

function deliverCommand(): Command {
  return deliveryOptions(sub('deliver', 'send what the outbox holds, then exit')).action(
    async (f: ReplayFlags) => {
      const store = new AlertStore(alertsDbPath(f.db))
      try {
        await drain(dispatcherFor(f, store), store, f)
      } finally {
        store.close()
      }
    },
  )
}

export function register(program: Command): void {
  const cmd = new Command('alerts').description(
    'alert rules on the estimated clusters: add, list, rm, enable, disable, history, replay, deliver',
  )
  for (const c of [
    addCommand(),
    listCommand(),
    rmCommand(),
    toggle('enable'),
    toggle('disable'),
    historyCommand(),
    replayCommand(),
    deliverCommand(),
  ])
    cmd.addCommand(c)
  program.addCommand(cmd)
}
