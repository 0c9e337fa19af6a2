import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  JsonFileTemplateStore,
  SqliteTemplateStore,
  type TemplateStore,
} from './templates-store.ts'
import { testApp, type TestApp } from './testing.ts'

let t: TestApp
beforeAll(async () => {
  t = testApp(undefined)
  await t.app.ready()
})
afterAll(async () => {
  await t.app.close()
})

const view = {
  palette: 'magma',
  scaling: 'log',
  clip: 99,
  tiers: [25, 50, 100],
  venues: ['binance', 'okx'],
  lite: false,
}

describe('templates API', () => {
  it('round-trips a layout: PUT, GET, list, DELETE, then 404', async () => {
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/templates/My%20layout',
      payload: { view },
    })
    expect(put.statusCode).toBe(200)
    expect(put.json()).toMatchObject({ name: 'My layout', view })
    const got = await t.app.inject({ url: '/api/templates/My%20layout' })
    expect(got.json().view).toEqual(view)
    const list = await t.app.inject({ url: '/api/templates' })
    expect(list.json().templates.map((x: { name: string }) => x.name)).toEqual(['My layout'])
    const replaced = await t.app.inject({
      method: 'PUT',
      url: '/api/templates/My%20layout',
      payload: { view: { palette: 'turbo' } },
    })
    expect(replaced.json().view).toEqual({ palette: 'turbo' })
    expect(
      (await t.app.inject({ method: 'DELETE', url: '/api/templates/My%20layout' })).statusCode,
    ).toBe(200)
    const gone = await t.app.inject({ url: '/api/templates/My%20layout' })
    expect(gone.statusCode).toBe(404)
    expect(gone.json()).toMatchObject({
      parameter: 'name',
      reason: "no template named 'My layout'",
    })
  })

  it.each([
    ['PUT', '/api/templates/..%2Fetc', { view }, 400, 'name'],
    ['PUT', '/api/templates/ok', { view: 'x' }, 400, 'body.view'],
    ['PUT', '/api/templates/ok', { view: { nested: { a: 1 } } }, 400, 'body.view.nested'],
    ['PUT', '/api/templates/ok', { view, extra: 1 }, 400, 'body'],
    [
      'PUT',
      '/api/templates/ok',
      { view: Object.fromEntries([...Array(70).keys()].map((i) => [`k${i}`, i])) },
      400,
      'body.view',
    ],
    ['PUT', '/api/templates/ok', [1, 2], 400, 'body'],
    ['DELETE', '/api/templates/none', undefined, 404, 'name'],
    ['GET', '/api/templates/-bad', undefined, 400, 'name'],
  ] as const)('%s %s → %i naming %s', async (method, url, payload, status, parameter) => {
    const r = await t.app.inject({ method, url, ...(payload !== undefined ? { payload } : {}) })
    expect(r.statusCode).toBe(status)
    expect(r.json().parameter).toBe(parameter)
  })

  it('rejects malformed JSON and oversized bodies without crashing', async () => {
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/templates/x',
      headers: { 'content-type': 'application/json' },
      payload: '{"view":',
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().parameter).toBe('body')
    const big = await t.app.inject({
      method: 'PUT',
      url: '/api/templates/x',
      payload: { view: { a: 'x'.repeat(20_000) } },
    })
    expect(big.statusCode).toBe(413)
    const text = await t.app.inject({
      method: 'PUT',
      url: '/api/templates/x',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    })
    expect(text.statusCode).toBe(415)
  })
})

describe.each([
  [
    'JSON file',
    (dir: string) => new JsonFileTemplateStore(path.join(dir, 'sub', 'templates.json')),
  ],
  ['SQLite', (dir: string) => new SqliteTemplateStore(path.join(dir, 'liqheat.db'))],
])('%s template store', (_name, open: (dir: string) => TemplateStore) => {
  it('persists across reopen', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liqheat-tpl-'))
    const a = open(dir)
    a.put('one', { palette: 'viridis' })
    a.put('two', { palette: 'inferno', tiers: [5, 10] })
    expect(a.delete('one')).toBe(true)
    expect(a.delete('one')).toBe(false)
    a.close()
    const b = open(dir)
    expect(b.list().map((x) => x.name)).toEqual(['two'])
    expect(b.get('two')?.view).toEqual({ palette: 'inferno', tiers: [5, 10] })
    b.close()
    fs.rmSync(dir, { recursive: true })
  })
})
