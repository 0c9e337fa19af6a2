/**
 * Test helper: a fast-check property that GETs routes with arbitrary query strings and checks the
 * server never answers 5xx and explains every 4xx. Shared by the API and workflow fuzz tests.
 * @module
 */
import fc from 'fast-check'
import { expect } from 'vitest'
import type { TestApp } from './testing.ts'

export interface QueryFuzz {
  readonly paths: readonly string[]
  readonly keys: readonly string[]
  readonly values: fc.Arbitrary<string>
  /** Most query pairs per request. */
  readonly maxPairs: number
  readonly numRuns: number
  /** The explanation a 4xx body carries (checked to be a string of more than 3 characters). */
  readonly reasonOf: (body: unknown) => unknown
}

export async function assertQueriesNeverFail(t: TestApp, f: QueryFuzz): Promise<void> {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...f.paths),
      fc.array(fc.tuple(fc.constantFrom(...f.keys), f.values), { maxLength: f.maxPairs }),
      async (p, pairs) => {
        const qs = pairs
          .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
          .join('&')
        const r = await t.app.inject({ url: `${p}?symbol=BTCUSDT&${qs}` })
        expect(r.statusCode, `${p}?${qs}: ${r.body.slice(0, 300)}`).toBeLessThan(500)
        if (r.statusCode >= 400) {
          const reason = f.reasonOf(r.json())
          expect(typeof reason).toBe('string')
          expect(String(reason).length).toBeGreaterThan(3)
        }
      },
    ),
    { numRuns: f.numRuns },
  )
}
