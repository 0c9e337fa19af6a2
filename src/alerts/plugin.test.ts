import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import { syntheticMarket, testApp, TF, type TestApp } from '../server/testing.ts'
import { alertsPlugin } from './plugin.ts'
import { AlertStore } from './store.ts'

const data = syntheticMarket(4)
let t: TestApp
const store = new AlertStore(':memory:')
const SECRET = 'plugin-secret-0123456789'

beforeAll(async () => {
  t = testApp(data)
  void t.app.register(alertsPlugin, { ctx: t.ctx, store, dispatcher: { pollMs: 50 } })
  await t.app.ready()
})
afterAll(async () => {
  await t.app.close()
  store.close()
})

async function call(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
) {
  const r = await t.app.inject({
    method,
    url,
    ...(body !== undefined
      ? typeof body === 'string'
        ? { payload: body, headers: { 'content-type': 'application/json' } }
        : { payload: body as Record<string, unknown> }
      : {}),
  })
  return { status: r.statusCode, body: r.body ? (r.json() as unknown) : {} }
}

/** The value at a dotted path of parsed JSON (undefined when absent). */
function at(v: unknown, path: string): unknown {
  let cur = v
  for (const k of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string, unknown>)[k]
  }
  return cur
}

const nearRule = {
  symbol: 'btcusdt',
  kind: 'near',
  withinPct: 15,
  minUsd: 0,
  cooldownSec: 0,
  channels: { webhook: { url: 'http://127.0.0.1:9/hook', secret: SECRET } },
}

describe('/api/alerts CRUD', () => {
  it('creates a rule (201) and never shows its secret', async () => {
    const r = await call('POST', '/api/alerts', nearRule)
    expect(r.status).toBe(201)
    expect(at(r.body, 'rule.id')).toMatch(/^r_[0-9a-f]{16}$/)
    expect(at(r.body, 'rule.symbol')).toBe('BTCUSDT')
    expect(at(r.body, 'rule.channels.webhook')).toEqual({
      url: 'http://127.0.0.1:9/hook',
      secretSet: true,
    })
    const list = await call('GET', '/api/alerts')
    expect(JSON.stringify(list.body)).not.toContain(SECRET)
    const ids = (at(list.body, 'rules') as { id: string }[]).map((x) => x.id)
    expect(ids).toContain(at(r.body, 'rule.id'))
  })

  it('answers 400 naming the field for each kind of bad body', async () => {
    const cases: [unknown, string][] = [
      [{ ...nearRule, withinPct: undefined }, 'withinPct'],
      [{ ...nearRule, kind: 'nearby' }, 'kind'],
      [
        { ...nearRule, channels: { webhook: { url: 'ftp://x', secret: SECRET } } },
        'channels.webhook.url',
      ],
      [
        { ...nearRule, channels: { webhook: { url: 'http://a/b', secret: 'short' } } },
        'channels.webhook.secret',
      ],
      [{ ...nearRule, ratio: 2 }, 'ratio'],
      [{ ...nearRule, minUsd: -1 }, 'minUsd'],
      [{ kind: 'stale', symbol: 'BTCUSDT', afterSec: 1 }, 'afterSec'],
      [
        {
          kind: 'swept',
          symbol: 'BTCUSDT',
          target: { side: 'long', priceLow: 10, priceHigh: 9, peakPrice: 11 },
        },
        'target.peakPrice',
      ],
      ['{not json', 'body'],
    ]
    for (const [body, parameter] of cases) {
      const r = await call('POST', '/api/alerts', body)
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect(at(r.body, 'parameter'), JSON.stringify(r.body)).toBe(parameter)
    }
  })

  it('reads, replaces (keeping the secret), disables and deletes', async () => {
    const { body } = await call('POST', '/api/alerts', { ...nearRule, withinPct: 1 })
    const id = at(body, 'rule.id') as string
    expect(at((await call('GET', `/api/alerts/${id}`)).body, 'state.firedCount')).toBe(0)
    const put = await call('PUT', `/api/alerts/${id}`, {
      ...nearRule,
      withinPct: 2,
      channels: { webhook: { url: 'http://127.0.0.1:9/hook' } },
    })
    expect(put.status).toBe(200)
    expect(at(put.body, 'rule.withinPct')).toBe(2)
    expect(store.getRule(id)?.channels.webhook?.secret).toBe(SECRET)
    expect(
      at((await call('PATCH', `/api/alerts/${id}`, { enabled: false })).body, 'rule.enabled'),
    ).toBe(false)
    expect(
      at((await call('PATCH', `/api/alerts/${id}`, { enabled: 'no' })).body, 'parameter'),
    ).toBe('enabled')
    expect((await call('DELETE', `/api/alerts/${id}`)).status).toBe(204)
    expect((await call('GET', `/api/alerts/${id}`)).status).toBe(404)
    expect(at((await call('GET', '/api/alerts/nope')).body, 'parameter')).toBe('id')
    expect(at((await call('GET', '/api/alerts/events?limit=0')).body, 'parameter')).toBe('limit')
    expect(at((await call('GET', '/api/alerts?colour=red')).body, 'parameter')).toBe('colour')
  })
})

function collector(ws: WebSocket) {
  const got: Record<string, unknown>[] = []
  ws.on('message', (d) => got.push(JSON.parse(String(d)) as Record<string, unknown>))
  return {
    async until(pred: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
      for (let i = 0; i < 100; i++) {
        const m = got.find(pred)
        if (m) return m
        await new Promise((r) => setTimeout(r, 20))
      }
      throw new Error(`no matching message in ${JSON.stringify(got)}`)
    },
  }
}

describe('evaluation on closed bars, history and the page stream', () => {
  it('evaluates the rules when a bar closes and pushes the event to the page', async () => {
    let c: ReturnType<typeof collector> | undefined
    const ws = await t.app.injectWS('/api/alerts/stream', {}, { onInit: (w) => (c = collector(w)) })
    if (!c) throw new Error('no socket')
    const hello = await c.until((m) => m.type === 'hello')
    const before = at(hello, 'lastEventId') as number
    const last = data.bars[data.bars.length - 1]
    t.hub.bar('BTCUSDT', { ...last, ts: last.ts + TF }, true)
    const msg = await c.until((m) => m.type === 'alert')
    expect(at(msg, 'event.kind')).toBe('near')
    expect(at(msg, 'event.id')).toBeGreaterThan(before)
    expect(at(msg, 'event.at')).toBe(last.ts + 2 * TF)
    const hist = await call('GET', `/api/alerts/events?since=${before}`)
    const events = at(hist.body, 'events') as { id: number; deliveries: { channel: string }[] }[]
    expect(events.map((e) => e.id)).toContain(at(msg, 'event.id'))
    expect(events[0].deliveries[0].channel).toBe('webhook')
    // a page that reconnects asks for what it missed
    ws.send(JSON.stringify({ type: 'resume', since: before }))
    const replayed = await c.until((m) => m.type === 'alert' && m.replay === true)
    expect(at(replayed, 'event.id')).toBe(at(msg, 'event.id'))
    ws.send('{"type":"resume"}')
    expect((await c.until((m) => m.type === 'error')).parameter).toBe('message')
    ws.terminate()
  })
})
