import { describe, expect, it } from 'vitest'
import { buildApp } from './app.ts'
import { MarketHub } from './market-hub.ts'
import { MemoryTemplateStore } from './templates-store.ts'

type Op = {
  parameters: { name: string; in: string; required: boolean }[]
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> }
  responses: Record<string, { content?: Record<string, unknown> }>
}

async function openapi(alerts: boolean): Promise<Record<string, Record<string, Op>>> {
  const { app } = buildApp({
    hub: new MarketHub(),
    source: { kind: 'replay', description: 'test', expectedIntervalMs: 5000, status: () => [] },
    templates: new MemoryTemplateStore(),
    ...(alerts ? { alerts: { dbPath: ':memory:' } } : {}),
  })
  const r = await app.inject({ method: 'GET', url: '/api/openapi.json' })
  await app.close()
  expect(r.statusCode).toBe(200)
  return (r.json() as { paths: Record<string, Record<string, Op>> }).paths
}

describe('/api/openapi.json documents the workflow routes', () => {
  it('lists alerts, exports, the review and the exact map with their methods', async () => {
    const paths = await openapi(true)
    expect(Object.keys(paths['/api/alerts']).sort()).toEqual(['get', 'post'])
    expect(Object.keys(paths['/api/alerts/{id}']).sort()).toEqual(['delete', 'get', 'patch', 'put'])
    for (const p of [
      '/api/alerts/events',
      '/api/alerts/stream',
      '/api/export/png',
      '/api/export/pine',
      '/api/export/csv',
      '/api/review',
      '/api/hl-exact',
    ])
      expect(paths[p]?.get, p).toBeDefined()
    const names = (p: string) => paths[p].get.parameters.map((x) => x.name)
    expect(names('/api/hl-exact').sort()).toEqual(['bins', 'rangePct', 'symbol'])
    expect(names('/api/review')).toEqual(expect.arrayContaining(['symbol', 'from', 'to']))
    expect(names('/api/export/pine')).toEqual(
      expect.arrayContaining(['symbol', 'exchanges', 'leverage']),
    )
    expect(names('/api/export/csv')).toEqual(expect.arrayContaining(['what', 'bins', 'rangePct']))
    expect(names('/api/export/png')).toEqual(
      expect.arrayContaining(['symbol', 'lookback', 'palette', 'scaling', 'clip']),
    )
    expect(names('/api/export/png')).not.toContain('format')
    expect(names('/api/alerts/events').sort()).toEqual(['limit', 'rule', 'since'])
    const id = paths['/api/alerts/{id}'].patch.parameters.find((x) => x.name === 'id')
    expect(id).toMatchObject({ in: 'path', required: true })
  })

  it('describes the rule body with the schema that validates it', async () => {
    const paths = await openapi(true)
    const body = paths['/api/alerts'].post.requestBody?.content['application/json'].schema
    const text = JSON.stringify(body)
    for (const k of ['near', 'swept', 'fresh', 'asymmetry', 'stale', 'withinPct', 'target'])
      expect(text).toContain(`"${k}"`)
    const patch = paths['/api/alerts/{id}'].patch.requestBody?.content['application/json'].schema
    expect(patch).toMatchObject({ properties: { enabled: { type: 'boolean' } } })
    expect(paths['/api/alerts/{id}'].delete.responses['204'].content).toBeUndefined()
  })

  it('leaves the alerts out when the server runs without them', async () => {
    const paths = await openapi(false)
    expect(Object.keys(paths).some((p) => p.startsWith('/api/alerts'))).toBe(false)
    expect(paths['/api/hl-exact']).toBeDefined()
  })
})
