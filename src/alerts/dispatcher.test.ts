import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { telegramReceiver, webhookReceiver, type Receiver } from '../../test/workflow/receivers.ts'
import { Dispatcher } from './dispatcher.ts'
import { AlertEngine } from './engine.ts'
import { parseRuleSpec } from './schema.ts'
import { signature, verifySignature } from './senders.ts'
import { AlertStore } from './store.ts'
import { fakeSnapshot } from './test-snapshot.ts'

const SECRET = 'webhook-secret-0123456789'
const TOKEN = '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ_abc'
const open: Receiver[] = []
afterEach(async () => {
  for (const r of open.splice(0)) await r.close()
})

/** A store with one rule whose `n` events (clusters swept one per bar) are queued. */
function queued(channels: Record<string, unknown>, n = 1): AlertStore {
  const store = new AlertStore(':memory:')
  store.createRule(
    parseRuleSpec({ symbol: 'BTCUSDT', kind: 'swept', minUsd: 0, cooldownSec: 0, channels }),
  )
  const engine = new AlertEngine(store)
  const clusters: ['long', number, number, number, number][] = Array.from({ length: n }, (_, k) => [
    'long',
    98_000 - 1000 * k,
    98_500 - 1000 * k,
    99_000 - 1000 * k,
    5e7,
  ])
  engine.observe(fakeSnapshot({ i: 0, low: 99_900, high: 100_100, close: 100_000, clusters }))
  for (let k = 0; k < n; k++) {
    const close = 98_400 - 1000 * k
    engine.observe(
      fakeSnapshot({
        i: k + 1,
        low: close - 10,
        high: close + 500,
        close,
        clusters: clusters.slice(k + 1),
      }),
    )
  }
  return store
}

function statuses(store: AlertStore): string[] {
  return store.events({ since: 0 }).flatMap((e) => e.deliveries.map((d) => d.status))
}

describe('Dispatcher → webhook', () => {
  it('retries a failing receiver with backoff until it recovers; signed, keyed, exactly once', async () => {
    const rx = await webhookReceiver(SECRET)
    open.push(rx)
    rx.failNext(503, 500)
    const store = queued({ webhook: { url: rx.url, secret: SECRET } })
    const d = new Dispatcher(store, { retryBaseMs: 20 })
    expect(await d.drain(5000)).toBe(true)
    expect(rx.hits.map((h) => h.attempt)).toEqual([1, 2, 3])
    expect(rx.hits.every((h) => h.signatureOk)).toBe(true)
    expect(rx.accepted.size).toBe(1)
    const [hit] = [...rx.accepted.values()]
    const body = JSON.parse(hit.body) as {
      idempotencyKey: string
      event: { kind: string; price: number; time: unknown; cluster: { peakPrice: number } }
      rule: { channels: { webhook: unknown } }
    }
    expect(body.idempotencyKey).toBe(hit.key)
    expect(body.event.kind).toBe('swept')
    expect(body.event.cluster.peakPrice).toBe(98_500)
    expect(body.event.price).toBe(98_400)
    expect(typeof body.event.time).toBe('string')
    expect(body.rule.channels.webhook).toEqual({ url: rx.url, secretSet: true })
    expect(hit.body).not.toContain(SECRET)
    const [e] = store.events({ since: 0 })
    expect(e.deliveries[0]).toMatchObject({ status: 'delivered', attempts: 3 })
  })

  it('gives up at once on a refusal (400) and after maxAttempts on a timeout', async () => {
    const rx = await webhookReceiver(SECRET)
    open.push(rx)
    rx.failNext(400)
    const store = queued({ webhook: { url: rx.url, secret: SECRET } })
    await new Dispatcher(store, { retryBaseMs: 10 }).drain(5000)
    expect(store.events({ since: 0 })[0].deliveries[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'HTTP 400 (not retried)',
    })
    const slow = createServer(() => {}) // never answers
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r))
    const port = (slow.address() as AddressInfo).port
    const s2 = queued({ webhook: { url: `http://127.0.0.1:${port}/`, timeoutMs: 100 } })
    await new Dispatcher(s2, { retryBaseMs: 10, maxAttempts: 2 }).drain(5000)
    slow.closeAllConnections()
    slow.close()
    expect(s2.events({ since: 0 })[0].deliveries[0]).toMatchObject({
      status: 'failed',
      attempts: 2,
      lastError: 'timed out; gave up after 2 attempts',
    })
  })

  it('keeps a destination’s deliveries in order while the first is retried', async () => {
    const rx = await webhookReceiver(SECRET)
    open.push(rx)
    rx.failNext(503, 503)
    const store = queued({ webhook: { url: rx.url, secret: SECRET } }, 3)
    await new Dispatcher(store, { retryBaseMs: 15 }).drain(5000)
    const peaks = [...rx.accepted.values()].map(
      (h) =>
        (JSON.parse(h.body) as { event: { cluster: { peakPrice: number } } }).event.cluster
          .peakPrice,
    )
    expect(peaks).toEqual([98_500, 97_500, 96_500])
  })
})

describe('Dispatcher → Telegram', () => {
  it('posts to <base>/bot<token>/sendMessage, honours 429 retry_after, and is keyed', async () => {
    const tg = await telegramReceiver(TOKEN)
    open.push(tg)
    tg.failNext(429, 502)
    const store = queued({ page: false, telegram: { chatId: '-1001', botToken: TOKEN } })
    await new Dispatcher(store, { telegramApi: tg.url, retryBaseMs: 10 }).drain(5000)
    expect(tg.hits.length).toBe(3)
    expect(tg.accepted.size).toBe(1)
    const body = JSON.parse([...tg.accepted.values()][0].body) as { chat_id: string; text: string }
    expect(body.chat_id).toBe('-1001')
    expect(body.text).toMatch(/swept the long cluster/)
    expect(statuses(store)).toEqual(['delivered'])
  })

  it('fails without retrying on a bad token, and says so without a token at all', async () => {
    const tg = await telegramReceiver(TOKEN)
    open.push(tg)
    const wrong = queued({ telegram: { chatId: '5', botToken: '999:WRONGWRONGWRONGWRONGWRONG' } })
    await new Dispatcher(wrong, { telegramApi: tg.url }).drain(5000)
    expect(wrong.events({ since: 0 })[0].deliveries[0].lastError).toMatch(/404.*bot token/)
    const none = queued({ telegram: { chatId: '5' } })
    await new Dispatcher(none, { telegramApi: tg.url, telegramBotToken: undefined }).drain(2000)
    expect(none.events({ since: 0 })[0].deliveries[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: expect.stringMatching(/no Telegram bot token/),
    })
    expect(tg.hits.length).toBe(1) // only the wrong-token attempt reached the API
  })
})

describe('signatures', () => {
  it('verifies a body signed with the secret and refuses changes, other secrets and old stamps', () => {
    const body = '{"a":1}'
    const sig = signature(SECRET, '1700000000', body)
    expect(verifySignature(SECRET, sig, '1700000000', body, 1700000100)).toBe(true)
    expect(verifySignature(SECRET, sig, '1700000000', '{"a":2}', 1700000100)).toBe(false)
    expect(verifySignature('another-secret-of-16', sig, '1700000000', body, 1700000100)).toBe(false)
    expect(verifySignature(SECRET, sig, '1700000000', body, 1700001000)).toBe(false)
    expect(verifySignature(SECRET, undefined, '1700000000', body, 1700000000)).toBe(false)
  })
})
