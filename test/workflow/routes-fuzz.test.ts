/**
 * The workflow routes (exports, review, UDF, alerts) on arbitrary query strings and bodies: never
 * a 5xx, and every 4xx explains itself in JSON naming a parameter.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { alertsPlugin } from '../../src/alerts/plugin.ts'
import { syntheticMarket, testApp, type TestApp } from '../../src/server/testing.ts'
import { assertQueriesNeverFail } from '../../src/server/testing-fuzz.ts'

let t: TestApp
beforeAll(async () => {
  t = testApp(syntheticMarket(3, 5))
  void t.app.register(alertsPlugin, { ctx: t.ctx })
  await t.app.ready()
})
afterAll(async () => {
  await t.app.close()
})

const keys = [
  'symbol',
  'exchanges',
  'leverage',
  'tf',
  'from',
  'to',
  'lookback',
  'rows',
  'width',
  'height',
  'palette',
  'scaling',
  'clip',
  'side',
  'what',
  'bins',
  'rangePct',
  'style',
  'max',
  'format',
  'reversalPct',
  'bars',
  'stepHours',
  'seed',
  'draws',
  'resolution',
  'countback',
  'query',
  'limit',
  'type',
  'exchange',
  'since',
  'rule',
]
const values = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    'BTCUSDT',
    '5',
    '15',
    '1D',
    '1M',
    '0',
    '-1',
    '1e309',
    'NaN',
    '2025-10-02',
    '1759363200',
    '1759363200000',
    'binance',
    '25,50',
    'json',
    'html',
    'grid',
    'map',
    'clusters',
    'lines',
    '499',
    '%00',
    '[]',
    '999999999999999999999',
  ),
)
const paths = [
  '/api/export/png',
  '/api/export/pine',
  '/api/export/csv',
  '/api/review',
  '/udf/history',
  '/udf/marks',
  '/udf/symbols',
  '/udf/search',
  '/api/alerts',
  '/api/alerts/events',
]

describe('workflow routes on arbitrary input', () => {
  it('never answer 5xx; a 4xx always carries a reason', async () => {
    await assertQueriesNeverFail(t, {
      paths,
      keys,
      values,
      maxPairs: 5,
      numRuns: 120,
      // UDF answers errors as { s: 'error', errmsg }; the API as { error, parameter, reason }.
      reasonOf: (body) => {
        const b = body as { reason?: unknown; errmsg?: unknown }
        return b.reason ?? b.errmsg
      },
    })
  })

  it('POST /api/alerts never answers 5xx on arbitrary JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            symbol: fc.oneof(fc.constant('BTCUSDT'), fc.string()),
            kind: fc.constantFrom('near', 'swept', 'fresh', 'asymmetry', 'stale', 'x'),
            withinPct: fc.oneof(fc.double(), fc.string()),
            minUsd: fc.oneof(fc.double(), fc.integer()),
            ratio: fc.double(),
            afterSec: fc.integer(),
            channels: fc.anything(),
            target: fc.anything(),
          },
          { requiredKeys: [] },
        ),
        async (body) => {
          const r = await t.app.inject({ method: 'POST', url: '/api/alerts', payload: body })
          expect(r.statusCode, r.body).toBeLessThan(500)
          if (r.statusCode === 400)
            expect(typeof (r.json() as { parameter?: string }).parameter).toBe('string')
        },
      ),
      { numRuns: 150 },
    )
  })
})
