import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { syntheticMarket, testApp, T0, type TestApp } from '../server/testing.ts'
import { computeReview } from './review.ts'
import { marketSlice } from './routes.ts'

const data = syntheticMarket(6)
let t: TestApp
const from = T0 + 4 * 86_400_000
const to = from + 86_400_000

beforeAll(async () => {
  t = testApp(data)
  // registered by buildApp (src/server/app.ts)
  await t.app.ready()
})
afterAll(async () => {
  await t.app.close()
})

describe('GET /api/review', () => {
  it('serves the HTML page and the same numbers as JSON', async () => {
    const q = `symbol=BTCUSDT&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&draws=50&seed=3`
    const html = await t.app.inject({ url: `/api/review?${q}` })
    expect(html.statusCode).toBe(200)
    expect(html.headers['content-type']).toMatch(/^text\/html/)
    expect(html.body).toMatch(/session review/)
    const json = await t.app.inject({ url: `/api/review?${q}&format=json` })
    const report = json.json() as ReturnType<typeof computeReview>
    const m = t.hub.get('BTCUSDT')
    if (!m) throw new Error('no market')
    const direct = computeReview(marketSlice(m, from, to), { from, to, draws: 50, seed: 3 })
    expect(report.sweeps).toEqual(direct.sweeps)
    expect(report.sideFirst.nearer).toEqual(direct.sideFirst.nearer)
    expect(report.session.bars).toBe(288)
    expect(html.body).toContain(`${report.sweeps.swept.hits} of ${report.sweeps.swept.of}`)
  })

  it('answers 400 naming the parameter', async () => {
    const cases: [string, string][] = [
      [`symbol=BTCUSDT&to=${to}`, 'from'],
      [`symbol=BTCUSDT&from=${from}`, 'to'],
      [`symbol=BTCUSDT&from=${to}&to=${from}`, 'to'],
      [`symbol=BTCUSDT&from=${from}&to=${to}&reversalPct=50`, 'reversalPct'],
      [`symbol=BTCUSDT&from=${from}&to=${to}&format=pdf`, 'format'],
      [`symbol=BTCUSDT&from=${from}&to=${to}&draws=1`, 'draws'],
      [`symbol=BTCUSDT&from=${from + 30 * 86_400_000}&to=${from + 31 * 86_400_000}`, 'from'],
    ]
    for (const [q, parameter] of cases) {
      const r = await t.app.inject({ url: `/api/review?${q}` })
      expect(r.statusCode, q).toBe(400)
      expect((r.json() as { parameter: string }).parameter, q).toBe(parameter)
    }
  })
})
