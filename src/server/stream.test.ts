import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import { syntheticMarket, testApp, TF, type TestApp } from './testing.ts'

const data = syntheticMarket(6)
let t: TestApp

beforeAll(async () => {
  t = testApp(data)
  await t.app.ready()
})
afterAll(async () => {
  await t.app.close()
})

async function connect() {
  let c: ReturnType<typeof collector> | undefined
  const ws = await t.app.injectWS('/api/stream', {}, { onInit: (w) => (c = collector(w)) })
  if (!c) throw new Error('no socket')
  return { ws, c }
}

function collector(ws: WebSocket) {
  const got: Record<string, unknown>[] = []
  const waiters: { type: string; resolve: (m: Record<string, unknown>) => void }[] = []
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as Record<string, unknown>
    const w = waiters.find((x) => x.type === m.type)
    if (w) {
      waiters.splice(waiters.indexOf(w), 1)
      w.resolve(m)
    } else got.push(m)
  })
  return {
    next(type: string): Promise<Record<string, unknown>> {
      const have = got.findIndex((m) => m.type === type)
      if (have >= 0) return Promise.resolve(got.splice(have, 1)[0])
      return new Promise((resolve, reject) => {
        waiters.push({ type, resolve })
        setTimeout(() => reject(new Error(`no ${type} message`)), 5000)
      })
    },
  }
}

describe('WebSocket /api/stream', () => {
  it('pushes a heatmap column, the candle and clusters when a bar closes', async () => {
    const { ws, c } = await connect()
    expect((await c.next('hello')).source).toBe('replay')
    const last = data.bars[data.bars.length - 1]
    ws.send(
      JSON.stringify({
        type: 'subscribe',
        symbol: 'btcusdt',
        tf: '15m',
        leverage: '25,50,100',
        rows: 80,
        priceMin: last.close * 0.9,
        priceMax: last.close * 1.1,
      }),
    )
    const sub = await c.next('subscribed')
    expect(sub).toMatchObject({
      symbol: 'BTCUSDT',
      tf: '15m',
      filter: { leverages: [25, 50, 100] },
    })
    expect(((await c.next('clusters')).above as unknown[]).length).toBeGreaterThan(0)
    const status = await c.next('status')
    expect(status.freshness).toMatchObject({ stale: false })

    const ts = last.ts + TF
    const bar = {
      ts,
      open: last.close,
      high: last.close * 1.002,
      low: last.close * 0.998,
      close: last.close * 1.001,
      volume: 12,
    }
    t.hub.bar('BTCUSDT', { ...bar, close: last.close }, false)
    const price = await c.next('price')
    expect(price.price).toBe(last.close)
    t.hub.bar('BTCUSDT', bar, true)
    const col = await c.next('column')
    expect(col.barTs).toBe(ts)
    expect(col.time).toBe(Math.floor(ts / 900_000) * 900_000)
    expect((col.long as number[]).length).toBe(80)
    expect((col.long as number[]).some((v) => v > 0)).toBe(true)
    expect((col.candle as { close: number }).close).toBe(bar.close)
    expect(col.sentAt as number).toBeGreaterThanOrEqual(col.closedAt as number)
    await c.next('clusters')
    ws.terminate()
  })

  it('answers a bad subscription with an error naming the field and stays open', async () => {
    const { ws, c } = await connect()
    await c.next('hello')
    ws.send('not json')
    expect(await c.next('error')).toMatchObject({ parameter: 'message', reason: 'not JSON' })
    ws.send(
      JSON.stringify({ type: 'subscribe', symbol: 'BTCUSDT', rows: 5, priceMin: 1, priceMax: 2 }),
    )
    const e = await c.next('error')
    expect(e, JSON.stringify(e)).toMatchObject({ parameter: 'rows' })
    ws.send(
      JSON.stringify({ type: 'subscribe', symbol: 'NOPE', rows: 50, priceMin: 1, priceMax: 2 }),
    )
    expect(await c.next('error')).toMatchObject({ status: 404, parameter: 'symbol' })
    ws.send(
      JSON.stringify({ type: 'subscribe', symbol: 'BTCUSDT', rows: 50, priceMin: 3, priceMax: 2 }),
    )
    expect(await c.next('error')).toMatchObject({ parameter: 'priceMin' })
    ws.send(
      JSON.stringify({
        type: 'subscribe',
        symbol: 'BTCUSDT',
        leverage: '7',
        rows: 50,
        priceMin: 1,
        priceMax: 2,
      }),
    )
    expect(await c.next('error')).toMatchObject({ parameter: 'leverage' })
    ws.send(
      JSON.stringify({ type: 'subscribe', symbol: 'BTCUSDT', rows: 50, priceMin: 1, priceMax: 2 }),
    )
    expect(await c.next('subscribed')).toMatchObject({ symbol: 'BTCUSDT' })
    ws.terminate()
  })
})
