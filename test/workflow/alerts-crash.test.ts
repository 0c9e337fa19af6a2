/**
 * Exactly-once alert delivery through crashes. A replay in which price approaches and sweeps long
 * clusters, then short ones, runs as a child process (`liqheat alerts replay`) against a local
 * webhook receiver that fails its first requests and a fake Telegram API. The child is killed
 * three ways: by the fault hook right after a send and before its commit (so the delivery is sent
 * again and the receiver must drop the repeat by its idempotency key), by SIGKILL in the middle of
 * the replay, and then allowed to finish. Each alert must reach each receiver exactly once, and
 * the events must be those of an uninterrupted run.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AlertEngine } from '../../src/alerts/engine.ts'
import { replayAlerts } from '../../src/alerts/replay.ts'
import { parseRuleSpec } from '../../src/alerts/schema.ts'
import { AlertStore } from '../../src/alerts/store.ts'
import type { RuleSpec } from '../../src/alerts/types.ts'
import { isoUtc } from '../../src/core/time.ts'
import { runCli, type CliRun } from './cli-child.ts'
import { telegramReceiver, webhookReceiver, type Receiver } from './receivers.ts'
import { scenario, writeScenarioCsv } from './scenario.ts'

const SECRET = 'crash-test-secret-0123456789'
const TOKEN = '4242:crash_test_token_ABCDEFGHIJKL'
const data = scenario()
const FROM = data.bars[700].ts
let dir: string
let rx: Receiver
let tg: Receiver
const runs: CliRun[] = []

function rules(webhookUrl: string): RuleSpec[] {
  const channels = {
    page: true,
    webhook: { url: webhookUrl, secret: SECRET },
    telegram: { chatId: '-100777', botToken: TOKEN },
  }
  return [
    parseRuleSpec({
      symbol: 'BTCUSDT',
      kind: 'near',
      withinPct: 0.5,
      minUsd: 20e6,
      cooldownSec: 0,
      channels,
    }),
    parseRuleSpec({ symbol: 'BTCUSDT', kind: 'swept', minUsd: 20e6, cooldownSec: 0, channels }),
  ]
}

function replayArgs(db: string): string[] {
  return [
    'alerts',
    'replay',
    '--data',
    join(dir, 'data'),
    '--db',
    db,
    '--from',
    isoUtc(FROM),
    '--pace-ms',
    '8',
    '--telegram-api',
    tg.url,
    '--retry-base-ms',
    '40',
    '--drain-timeout',
    '30',
  ]
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'liqheat-crash-alerts-'))
  writeScenarioCsv(join(dir, 'data'), data)
  rx = await webhookReceiver(SECRET)
  tg = await telegramReceiver(TOKEN)
  rx.failNext(503, 503, 500) // the receiver is down at first, then recovers
  tg.failNext(502)
  const db = join(dir, 'live.db')
  const store = new AlertStore(db)
  for (const r of rules(rx.url)) store.createRule(r)
  store.close()
  // 1: dies right after its second successful send, before committing it
  runs.push(await runCli(replayArgs(db), { env: { LIQHEAT_FAULT_CRASH_AFTER_SEND: '2' } }))
  // 2: SIGKILLed in the middle of the replay
  runs.push(await runCli(replayArgs(db), { killAfter: { line: 'replaying', ms: 1200 } }))
  // 3: runs to the end and empties the outbox
  runs.push(await runCli(replayArgs(db)))
}, 180_000)

afterAll(async () => {
  await rx.close()
  await tg.close()
})

describe('alerts replay through crashes', () => {
  it('was really interrupted twice, then finished', () => {
    expect(runs[0].signal).toBe('SIGKILL')
    expect(runs[0].lines.some((l) => l.startsWith('fault: crashing after send'))).toBe(true)
    expect(runs[1].signal).toBe('SIGKILL')
    expect(runs[2].code, runs[2].stderr).toBe(0)
    expect(runs[2].lines).toContain('outbox empty')
    // the second run was killed while replaying: the third still had bars to evaluate
    const evaluated = (r: CliRun): number =>
      Number(/evaluated (\d+) bars/.exec(r.lines.join('\n'))?.[1] ?? -1)
    expect(evaluated(runs[1])).toBe(-1)
    expect(evaluated(runs[2])).toBeGreaterThan(0)
    expect(evaluated(runs[2])).toBeLessThan(data.bars.length - 700)
    if (process.env.LIQHEAT_TEST_VERBOSE) for (const r of runs) console.log(r.lines.join('\n'))
  })

  it('records the same events as an uninterrupted run, each once', async () => {
    const ref = new AlertStore(':memory:')
    for (const r of rules(rx.url)) ref.createRule(r)
    const expected = await replayAlerts({ data, engine: new AlertEngine(ref), from: FROM })
    ref.close()
    const live = new AlertStore(join(dir, 'live.db'))
    const got = live.events({ since: 0, limit: 1000 })
    live.close()
    expect(expected.events.length).toBeGreaterThanOrEqual(6)
    expect(new Set(expected.events.map((e) => e.kind))).toEqual(new Set(['near', 'swept']))
    expect(got.map((e) => [e.kind, e.key])).toEqual(expected.events.map((e) => [e.kind, e.key]))
    for (const e of got)
      for (const d of e.deliveries)
        expect(d, `${e.key} ${d.channel}`).toMatchObject({ status: 'delivered' })
  })

  it('delivers each alert to each receiver exactly once, signed; the repeat after the crash was dropped', () => {
    const live = new AlertStore(join(dir, 'live.db'))
    const events = live.events({ since: 0, limit: 1000 })
    live.close()
    const keys = (ch: string): string[] =>
      events.flatMap((e) =>
        e.deliveries.filter((d) => d.channel === ch).map((d) => d.idempotencyKey),
      )
    expect([...rx.accepted.keys()].sort()).toEqual(keys('webhook').sort())
    expect([...tg.accepted.keys()].sort()).toEqual(keys('telegram').sort())
    expect(rx.hits.every((h) => h.signatureOk || h.attempt === 0)).toBe(true)
    // failures were retried (the receiver answered 503, 503, 500 first)
    expect(rx.hits.length).toBeGreaterThan(rx.accepted.size)
    // the send made just before the fault-injected crash came again and was deduplicated
    expect(rx.repeats.length + tg.repeats.length).toBeGreaterThanOrEqual(1)
    // and each alert reached the receiver once: one accepted key per event and channel
    expect(rx.accepted.size).toBe(events.length)
    expect(tg.accepted.size).toBe(events.length)
  })

  it('swept alerts match the bars: price really traded through the cluster peak', () => {
    const swept = [...rx.accepted.values()]
      .map(
        (h) =>
          JSON.parse(h.body) as {
            event: { kind: string; key: string; cluster: { side: string; peakPrice: number } }
          },
      )
      .filter((b) => b.event.kind === 'swept')
    expect(swept.length).toBeGreaterThanOrEqual(2)
    for (const { event } of swept) {
      const barTs = Number(event.key.split(':')[3])
      const bar = data.bars.find((b) => b.ts === barTs)
      if (!bar) throw new Error(`no bar at ${barTs}`)
      if (event.cluster.side === 'long')
        expect(bar.low).toBeLessThanOrEqual(event.cluster.peakPrice + 0.01)
      else expect(bar.high).toBeGreaterThanOrEqual(event.cluster.peakPrice - 0.01)
    }
  })
})
