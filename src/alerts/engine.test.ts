import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AlertEngine } from './engine.ts'
import { parseRuleSpec } from './schema.ts'
import { AlertStore } from './store.ts'
import { BAR_MS, BASE_TS, fakeSnapshot, type FakeBar } from './test-snapshot.ts'

const WEBHOOK = { url: 'http://127.0.0.1:9/hook', secret: 'a-secret-of-16-chars' }

/** Price walking down through two long clusters, one bar each. */
function walk(): FakeBar[] {
  const cl: ['long', number, number, number, number][] = [
    ['long', 98_000, 98_500, 99_000, 20e6],
    ['long', 96_000, 96_500, 97_000, 20e6],
  ]
  return [100_000, 99_400, 99_300, 97_400, 97_300].map((close, i) => ({
    i,
    low: close - 50,
    high: close + 50,
    close,
    clusters: cl,
  }))
}

describe('AlertEngine with AlertStore', () => {
  it('records each firing once, queues one delivery per channel, and skips bars already seen', () => {
    const store = new AlertStore(':memory:')
    const rule = store.createRule(
      parseRuleSpec({
        symbol: 'BTCUSDT',
        kind: 'near',
        withinPct: 0.5,
        minUsd: 1e6,
        cooldownSec: 0,
        channels: { webhook: WEBHOOK, telegram: { chatId: '42' } },
      }),
    )
    const engine = new AlertEngine(store, () => 123)
    const heard: number[] = []
    engine.onEvent((e) => heard.push(e.id))
    const bars = walk()
    for (const b of bars) engine.observe(fakeSnapshot(b))
    // a restart replays every bar: nothing new
    for (const b of bars) engine.observe(fakeSnapshot(b))
    const events = store.events({ since: 0 })
    expect(events.map((e) => e.key)).toEqual([
      `near:long:98500:${BASE_TS + BAR_MS}`,
      `near:long:96500:${BASE_TS + 3 * BAR_MS}`,
    ])
    expect(heard).toEqual(events.map((e) => e.id))
    for (const e of events) {
      expect(e.ruleId).toBe(rule.id)
      expect(e.deliveries.map((d) => [d.channel, d.status])).toEqual([
        ['webhook', 'pending'],
        ['telegram', 'pending'],
      ])
    }
    const keys = events.flatMap((e) => e.deliveries.map((d) => d.idempotencyKey))
    expect(new Set(keys).size).toBe(4)
    expect(store.ruleState(rule.id).lastBarTs).toBe(BASE_TS + 4 * BAR_MS)
  })

  it('keeps events inside the cooldown as suppressed, without deliveries', () => {
    const store = new AlertStore(':memory:')
    store.createRule(
      parseRuleSpec({
        symbol: 'BTCUSDT',
        kind: 'near',
        withinPct: 0.5,
        minUsd: 1e6,
        cooldownSec: 3 * 300,
        channels: { webhook: WEBHOOK },
      }),
    )
    const engine = new AlertEngine(store)
    for (const b of walk()) engine.observe(fakeSnapshot(b))
    const events = store.events({ since: 0 })
    // second firing is 2 bars (600 s) after the first: inside the 900 s cooldown
    expect(events.map((e) => e.status)).toEqual(['fired', 'suppressed'])
    expect(events[1].deliveries).toEqual([])
  })

  it('a once rule fires once and disables itself', () => {
    const store = new AlertStore(':memory:')
    const rule = store.createRule(
      parseRuleSpec({ symbol: 'BTCUSDT', kind: 'near', withinPct: 0.5, minUsd: 1e6, once: true }),
    )
    const engine = new AlertEngine(store)
    for (const b of walk()) engine.observe(fakeSnapshot(b))
    expect(store.events({ since: 0 }).length).toBe(1)
    expect(store.getRule(rule.id)?.enabled).toBe(false)
  })

  it('only evaluates rules of the snapshot’s symbol', () => {
    const store = new AlertStore(':memory:')
    store.createRule(parseRuleSpec({ symbol: 'ETHUSDT', kind: 'near', withinPct: 5, minUsd: 0 }))
    const engine = new AlertEngine(store)
    for (const b of walk()) engine.observe(fakeSnapshot(b))
    expect(store.events()).toEqual([])
  })

  it('persists rules, state and history across reopening the file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'liqheat-alerts-')), 'a.db')
    const s1 = new AlertStore(file)
    const rule = s1.createRule(
      parseRuleSpec({
        symbol: 'BTCUSDT',
        kind: 'near',
        withinPct: 0.5,
        minUsd: 1e6,
        cooldownSec: 0,
      }),
    )
    const bars = walk()
    const e1 = new AlertEngine(s1)
    for (const b of bars.slice(0, 3)) e1.observe(fakeSnapshot(b))
    s1.close()
    const s2 = new AlertStore(file)
    expect(s2.getRule(rule.id)?.kind).toBe('near')
    const e2 = new AlertEngine(s2)
    for (const b of bars) e2.observe(fakeSnapshot(b))
    expect(s2.events({ since: 0 }).map((e) => e.cluster?.peakPrice)).toEqual([98_500, 96_500])
    s2.close()
  })
})

describe('AlertStore outbox', () => {
  it('hands out the oldest pending delivery per destination, in order', () => {
    const store = new AlertStore(':memory:')
    store.createRule(
      parseRuleSpec({
        symbol: 'BTCUSDT',
        kind: 'near',
        withinPct: 0.5,
        minUsd: 1e6,
        cooldownSec: 0,
        channels: { webhook: WEBHOOK, telegram: { chatId: '42' } },
      }),
    )
    const engine = new AlertEngine(store)
    for (const b of walk()) engine.observe(fakeSnapshot(b))
    const due = store.outbox.dueDeliveries(Date.now())
    expect(due.map((d) => d.channel).sort()).toEqual(['telegram', 'webhook'])
    const first = due.find((d) => d.channel === 'webhook')
    if (!first) throw new Error('no webhook delivery')
    store.outbox.markRetry(first.id, Date.now() + 60_000, 'HTTP 503')
    // the webhook's second delivery waits behind the first (order per destination)
    expect(store.outbox.dueDeliveries(Date.now()).map((d) => d.channel)).toEqual(['telegram'])
    store.outbox.markDelivered(first.id, Date.now())
    const next = store.outbox.dueDeliveries(Date.now()).find((d) => d.channel === 'webhook')
    expect(next?.id).toBeGreaterThan(first.id)
    expect(JSON.parse(next?.payload ?? '{}').event.cluster.peakPrice).toBe(96_500)
  })

  it('refuses a stored rule that no longer validates, naming the rule', () => {
    const store = new AlertStore(':memory:')
    const r = store.createRule(parseRuleSpec({ symbol: 'BTCUSDT', kind: 'stale', afterSec: 60 }))
    store.db.prepare('UPDATE alert_rules SET spec = ? WHERE id = ?').run('{"kind":"stale"}', r.id)
    expect(() => store.listRules()).toThrow(new RegExp(`alert rule ${r.id}: symbol`))
  })
})
