import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { syntheticMarket, testApp, type TestApp } from '../server/testing.ts'
import { clustersCsv, gridCsv, mapCsv } from './csv.ts'

const data = syntheticMarket(5)
let t: TestApp

beforeAll(async () => {
  t = testApp(data)
  // registered by buildApp (src/server/app.ts)
  await t.app.ready()
})
afterAll(async () => {
  await t.app.close()
})

const inject = (url: string) => t.app.inject({ url })

function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const [head, ...rest] = text.trimEnd().split('\n')
  return { header: head.split(','), rows: rest.map((l) => l.split(',')) }
}

describe('CSV exports', () => {
  it('grid: one row per non-empty cell with the cell’s values', () => {
    const m = t.hub.get('BTCUSDT')
    if (!m) throw new Error('no market')
    const grid = t.ctx.heatmaps.grid(m, {
      window: {
        from: data.bars[600].ts,
        to: data.bars[700].ts,
        tfMs: 300_000,
        columns: 100,
        live: false,
      },
      rows: 50,
      filter: {},
    })
    const { header, rows } = parseCsv(gridCsv(grid))
    expect(header).toEqual([
      'time_ms',
      'time_iso',
      'price_low',
      'price_high',
      'long_usd',
      'short_usd',
    ])
    let nonEmpty = 0
    for (let i = 0; i < grid.long.length; i++)
      if (grid.long[i] >= 0.5 || grid.short[i] >= 0.5) nonEmpty++
    expect(rows.length).toBe(nonEmpty)
    const r = rows[Math.floor(rows.length / 2)]
    const c = grid.times.indexOf(Number(r[0]))
    const step = (grid.priceMax - grid.priceMin) / grid.rows
    const row = Math.round((Number(r[2]) - grid.priceMin) / step)
    expect(Number(r[4])).toBe(Math.round(grid.long[c * grid.rows + row]))
    expect(new Date(r[1]).getTime()).toBe(Number(r[0]))
  })

  it('map and clusters: one row per bin / cluster', async () => {
    const m = t.hub.get('BTCUSDT')
    if (!m) throw new Error('no market')
    const model = t.ctx.runners.get(m)
    const map = model.map({ bins: 120 })
    const mc = parseCsv(mapCsv(map))
    expect(mc.rows.length).toBe(120)
    expect(mc.header).toContain('cum_long_usd')
    expect(Number(mc.rows[0][2])).toBeCloseTo(map.priceMin, 2)
    const rep = model.clusters()
    const cc = parseCsv(clustersCsv(rep))
    expect(cc.rows.length).toBe(rep.all.length)
    expect(cc.rows.map((r) => r[2]).sort()).toEqual(rep.all.map((c) => c.side).sort())
    const nearestAbove = rep.above[0]
    if (nearestAbove) {
      const row = cc.rows.find((r) => Number(r[5]) === Number(nearestAbove.peakPrice.toFixed(2)))
      expect(row?.[12]).toBe('1')
    }
  })
})

describe('GET /api/export/png', () => {
  it('renders the heatmap view as a PNG of the asked size', async () => {
    const r = await inject(
      '/api/export/png?symbol=BTCUSDT&lookback=2d&rows=80&width=800&height=450&palette=magma',
    )
    expect(r.statusCode).toBe(200)
    expect(r.headers['content-type']).toBe('image/png')
    const png = r.rawPayload
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
    expect(png.readUInt32BE(16)).toBe(800) // IHDR width
    expect(png.readUInt32BE(20)).toBe(450) // IHDR height
  })

  it('answers 400 naming each bad parameter', async () => {
    const cases: [string, string][] = [
      ['width=100', 'width'],
      ['palette=rainbow', 'palette'],
      ['side=up', 'side'],
      ['scaling=cubic', 'scaling'],
      ['clip=0', 'clip'],
      ['format=json', 'format'],
      ['leverage=7', 'leverage'],
      ['tf=7m', 'tf'],
    ]
    for (const [q, parameter] of cases) {
      const r = await inject(`/api/export/png?symbol=BTCUSDT&${q}`)
      expect(r.statusCode, q).toBe(400)
      expect((r.json() as { parameter: string }).parameter, q).toBe(parameter)
    }
    expect((await inject('/api/export/png?symbol=ETHUSDT')).statusCode).toBe(404)
  })
})

describe('GET /api/export/pine and /api/export/csv', () => {
  it('returns a Pine v6 script for the current clusters, titled with the generation time', async () => {
    const r = await inject(
      '/api/export/pine?symbol=BTCUSDT&exchanges=binance,okx&leverage=25,50,100&style=lines&max=10',
    )
    expect(r.statusCode).toBe(200)
    expect(r.headers['content-disposition']).toMatch(
      /attachment; filename="liqheat-BTCUSDT-.*\.pine"/,
    )
    expect(r.body.split('\n')[0]).toBe('//@version=6')
    expect(r.body).toMatch(/indicator\(".*generated 2030-01-01 00:00Z"/)
    expect(r.body).toContain('binance+okx · 25×/50×/100×')
    expect((r.body.match(/line\.new\(/g) ?? []).length).toBeLessThanOrEqual(10)
    expect((await inject('/api/export/pine?symbol=BTCUSDT&max=600')).json()).toMatchObject({
      parameter: 'max',
    })
    expect((await inject('/api/export/pine?symbol=BTCUSDT&style=dots')).json()).toMatchObject({
      parameter: 'style',
    })
  })

  it('serves the three CSVs and refuses parameters that do not apply', async () => {
    const grid = await inject('/api/export/csv?symbol=BTCUSDT&what=grid&lookback=1d&rows=40')
    expect(grid.statusCode).toBe(200)
    expect(grid.headers['content-type']).toMatch(/^text\/csv/)
    expect(grid.body.split('\n')[0]).toBe(
      'time_ms,time_iso,price_low,price_high,long_usd,short_usd',
    )
    const cl = await inject('/api/export/csv?symbol=BTCUSDT&what=clusters&leverage=50,100')
    expect(cl.body.split('\n')[0]).toMatch(/^at_ms,price,side,/)
    const map = await inject('/api/export/csv?symbol=BTCUSDT&what=map&bins=50')
    expect(map.body.trimEnd().split('\n')).toHaveLength(51)
    expect((await inject('/api/export/csv?symbol=BTCUSDT')).json()).toMatchObject({
      parameter: 'what',
    })
    expect((await inject('/api/export/csv?symbol=BTCUSDT&what=map&rows=5')).json()).toMatchObject({
      parameter: 'rows',
    })
    expect((await inject('/api/export/csv?symbol=BTCUSDT&what=grid&bins=50')).json()).toMatchObject(
      { parameter: 'bins' },
    )
    expect((await inject('/api/export/csv?symbol=BTCUSDT&what=table')).json()).toMatchObject({
      parameter: 'what',
    })
  })
})
