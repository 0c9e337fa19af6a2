import fc from 'fast-check'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { syntheticMarket, testApp, type TestApp } from './testing.ts'
import { assertQueriesNeverFail } from './testing-fuzz.ts'

let t: TestApp
beforeAll(async () => {
  t = testApp(syntheticMarket(3, 11))
  await t.app.ready()
})
afterAll(async () => {
  await t.app.close()
})

const keys = [
  'symbol',
  'exchanges',
  'exchange',
  'tf',
  'from',
  'to',
  'lookback',
  'leverage',
  'rows',
  'format',
  'at',
  'bins',
  'kind',
  'halfLife',
  'range',
  'window',
]
const values = fc.oneof(
  fc.string(),
  fc.constantFrom(
    'BTCUSDT',
    'btcusdt',
    '5m',
    '1h',
    '1W',
    '0',
    '-1',
    '1e309',
    'NaN',
    '2025-10-02',
    '2025-10-02T03:00Z',
    '1759363200000',
    'binance,okx',
    'all',
    '25,50',
    'binary',
    'json',
    'cvd',
    'depth',
    '%00',
    '[]',
    '{}',
    '3d',
    '999999999999999999999',
  ),
)
const paths = [
  '/api/heatmap',
  '/api/candles',
  '/api/map',
  '/api/clusters',
  '/api/overlays',
  '/api/markets',
  '/api/health',
  '/api/templates/x',
]

describe('the API on arbitrary input', () => {
  it('never answers 5xx and always explains a 4xx with JSON', async () => {
    await assertQueriesNeverFail(t, {
      paths,
      keys,
      values,
      maxPairs: 6,
      numRuns: 150,
      reasonOf: (body) => (body as { reason?: unknown }).reason,
    })
  })
})
