import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { DataError, ExchangeError, NetworkError, RateLimitError } from '../../../core/errors.ts'
import {
  fakeAddress as A,
  FakeHyperliquid,
  rawPosition,
} from '../../../../test/fakes/hyperliquid.ts'
import { exactLiquidationMap } from './position-map.ts'
import { parseExactMap } from './exact-map-file.ts'
import { HlInfoClient } from './info-client.ts'

let fake: FakeHyperliquid | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

describe('HlInfoClient against the fake', () => {
  it('reads the coin position (side from szi, null level kept null) and the asset context', async () => {
    fake = await new FakeHyperliquid().start()
    fake.ctx = { markPx: '64000.5', openInterest: '1234.5' }
    fake.setPositions(A(1), [
      rawPosition({
        szi: -0.25,
        entryPx: 65_000,
        markPx: 64_000,
        liquidationPx: null,
        type: 'cross',
        leverage: 40,
      }),
    ])
    const c = new HlInfoClient({ restUrl: fake.url })
    expect(await c.position(A(1), 'BTC', 7)).toEqual({
      address: A(1),
      coin: 'BTC',
      side: 'short',
      size: 0.25,
      entryPx: 65_000,
      liquidationPx: null,
      leverageType: 'cross',
      leverage: 40,
      marginUsed: 400,
      positionValue: 16_000,
      unrealizedPnl: 250,
      polledAt: 7,
    })
    expect(await c.position(A(2), 'BTC', 7)).toBeUndefined()
    expect(await c.assetCtx('BTC')).toEqual({ markPx: 64_000.5, openInterest: 1234.5 })
    await expect(c.assetCtx('NOPE')).rejects.toThrow(/no coin 'NOPE'/)
  })

  it('classifies errors: 429 (Retry-After), 5xx, 4xx, bad field', async () => {
    fake = await new FakeHyperliquid().start()
    const c = new HlInfoClient({ restUrl: fake.url })
    fake.limitInfo(1, { status: 429, headers: { 'retry-after': '3' }, body: 'slow down' })
    const e429 = await c.position(A(1), 'BTC', 0).catch((e: unknown) => e)
    expect(e429).toBeInstanceOf(RateLimitError)
    expect((e429 as RateLimitError).retryAfterMs).toBe(3000)
    fake.limitInfo(1, { status: 502, body: 'bad gateway' })
    await expect(c.position(A(1), 'BTC', 0)).rejects.toBeInstanceOf(NetworkError)
    await expect(c.position('0xnot-an-address', 'BTC', 0)).rejects.toBeInstanceOf(ExchangeError)
    fake.limitInfo(1, { body: { assetPositions: [{ position: { coin: 'BTC', szi: '1' } }] } })
    await expect(c.position(A(1), 'BTC', 0)).rejects.toThrow(
      /field 'assetPositions\.0\.position\.entryPx'/,
    )
    fake.limitInfo(1, { body: 'not json at all' })
    await expect(c.position(A(1), 'BTC', 0)).rejects.toBeInstanceOf(DataError)
  })

  it('times out on a server that never answers', async () => {
    const silent = http.createServer(() => {})
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))
    const { port } = silent.address() as AddressInfo
    try {
      const c = new HlInfoClient({ restUrl: `http://127.0.0.1:${port}`, timeoutMs: 100 })
      await expect(c.assetCtx('BTC')).rejects.toThrow(/timed out after 100 ms/)
    } finally {
      silent.closeAllConnections()
      await new Promise((r) => silent.close(r))
    }
  })
})

describe('parseExactMap', () => {
  const map = exactLiquidationMap([], { markPx: 65_000, openInterest: 1, now: 0, bins: 4 })

  it('reads back a map, bare or inside the CLI document', () => {
    expect(parseExactMap(JSON.stringify(map), 'm.json')).toEqual(map)
    expect(parseExactMap(JSON.stringify({ map, leverage: {} }), 'm.json')).toEqual(map)
  })

  it('names the file and field of a bad map', () => {
    const bad = JSON.stringify({ map: { ...map, coverage: -1 } })
    expect(() => parseExactMap(bad, 'm.json')).toThrow(/m\.json: field 'map\.coverage'/)
    const notExact = JSON.stringify({ ...map, exact: false })
    expect(() => parseExactMap(notExact, 'x.json')).toThrow(/x\.json: field 'exact'/)
    const ragged = JSON.stringify({ ...map, cumShort: [1] })
    expect(() => parseExactMap(ragged, 'r.json')).toThrow(/field 'long' .*same length/)
    expect(() => parseExactMap('{', 'b.json')).toThrow(/b\.json: not JSON/)
  })
})
