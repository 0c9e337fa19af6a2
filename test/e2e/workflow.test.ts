// The workflow features on the page against a replay of w4-2025-10-5m: alerts from a cluster's
// bell (panel, API, the alert WebSocket with resume), the exports (PNG, Pine, CSV, session review)
// and the Hyperliquid exact toggle (disabled on a replay, with the reason).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exactLiquidationMap } from '../../src/exchanges/hyperliquid/positions/position-map.ts'
import type { RunningServer } from '../../src/server/serve.ts'
import { artifact, launch, skipReason, startReplayServer, type Session } from './browser.ts'

const reason = skipReason()
if (reason) console.warn(reason)

interface Rule {
  id: string
  kind: string
  enabled: boolean
  once: boolean
  side?: string
  minUsd?: number
  withinPct?: number
  target?: { side: string; priceLow: number; priceHigh: number; peakPrice: number }
  channels: { page: boolean }
}

async function waitLoads(page: Page): Promise<void> {
  await page.waitForFunction(
    'window.__liqheat && window.__liqheat.perf.loads >= 1 && window.__liqheat.perf.sideLoads >= 1',
    null,
    { timeout: 30_000 },
  )
}

async function api<T>(
  page: Page,
  url: string,
  init?: { method: string; body?: unknown },
): Promise<T> {
  return page.evaluate(
    async ([u, i]) => {
      const r = await fetch(u, {
        method: i?.method ?? 'GET',
        ...(i?.body !== undefined
          ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(i.body) }
          : {}),
      })
      return r.status === 204 ? null : await r.json()
    },
    [url, init] as const,
  ) as Promise<T>
}

const rules = async (page: Page): Promise<Rule[]> =>
  (await api<{ rules: Rule[] }>(page, '/api/alerts')).rules

async function download(
  page: Page,
  selector: string,
): Promise<{ name: string; url: string; bytes: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)])
  const file = await dl.path()
  return { name: dl.suggestedFilename(), url: dl.url(), bytes: fs.readFileSync(file) }
}

describe.skipIf(reason !== undefined)('workflow on the page (replay of w4-2025-10-5m)', () => {
  let srv: RunningServer
  let session: Session
  let page: Page
  let dir: string

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liqheat-workflow-'))
    // a 5m bar every 5 s; alerts in a database of their own (never ./data)
    srv = await startReplayServer(60, undefined, { alertsDb: path.join(dir, 'alerts.db') })
    session = await launch()
    page = await session.browser.newPage({ viewport: { width: 1440, height: 860 } })
    await page.goto(srv.url)
    await waitLoads(page)
  }, 120_000)

  afterAll(async () => {
    await session?.close()
    await srv?.close()
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })

  it("creates a swept alert from a cluster's bell, shown in the panel and by GET /api/alerts", async () => {
    expect(await rules(page)).toEqual([])
    await page.click('#alerts-card summary')
    await expect.poll(() => page.textContent('#alert-rules')).toMatch(/No alerts yet/)
    const row = page.locator('#clusters-above li.cluster').last()
    const peak = Number(await row.getAttribute('data-price'))
    await row.locator('button.alert-btn').click()
    await page.waitForSelector('.alert-menu #alert-swept')
    await page.screenshot({ path: artifact('workflow-alert-menu.png') })
    await page.click('#alert-swept')
    await page.waitForSelector('#alert-rules li.alert-rule')
    const got = await rules(page)
    expect(got).toHaveLength(1)
    const r = got[0]
    expect(r).toMatchObject({ kind: 'swept', once: true, enabled: true, channels: { page: true } })
    expect(r.target?.side).toBe('short') // a cluster above price
    expect(r.target?.peakPrice).toBeCloseTo(peak, 1)
    const t = r.target ?? { priceLow: 0, priceHigh: 0, peakPrice: 0 }
    expect(t.priceLow).toBeLessThanOrEqual(t.peakPrice)
    expect(t.peakPrice).toBeLessThanOrEqual(t.priceHigh)
    expect(await page.getAttribute('#alert-rules li.alert-rule', 'data-id')).toBe(r.id)
    expect(await page.textContent('#alerts-count')).toBe('1/1')
    await page.screenshot({ path: artifact('workflow-alerts-panel.png') })
  }, 60_000)

  it('creates the "near" variant, disables and deletes rules from the panel', async () => {
    const row = page.locator('#clusters-below li.cluster').first()
    await row.locator('button.alert-btn').click()
    await page.click('#alert-near')
    await expect.poll(async () => (await rules(page)).length).toBe(2)
    const near = (await rules(page)).find((x) => x.kind === 'near')
    expect(near).toMatchObject({ side: 'long', withinPct: 0.5, channels: { page: true } })
    expect(near?.minUsd).toBeGreaterThan(0)
    await page.waitForSelector(`#alert-rules li[data-id="${near?.id}"]`)
    await page.click(`#alert-rules li[data-id="${near?.id}"] input[type=checkbox]`)
    await expect
      .poll(async () => (await rules(page)).find((x) => x.id === near?.id)?.enabled)
      .toBe(false)
    await page.waitForSelector(`#alert-rules li.off[data-id="${near?.id}"]`)
    await page.click(`#alert-rules li[data-id="${near?.id}"] button.ar-delete`)
    await expect.poll(async () => (await rules(page)).map((x) => x.kind)).toEqual(['swept'])
    await expect.poll(() => page.locator('#alert-rules li.alert-rule').count()).toBe(1)
  }, 60_000)

  it("shows the server's parameter and reason when a rule is refused", async () => {
    // the server refuses nothing the page builds, so stand in for it once
    await page.route('**/api/alerts', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({
            status: 400,
            contentType: 'application/json',
            body: JSON.stringify({
              error: 'bad request',
              parameter: 'target.peakPrice',
              reason: 'needs priceLow ≤ peakPrice ≤ priceHigh',
            }),
          })
        : route.continue(),
    )
    try {
      await page.locator('#clusters-above li.cluster button.alert-btn').first().click()
      await page.click('#alert-swept')
      await page.waitForSelector('.alert-menu-error:not([hidden])')
      expect(await page.textContent('.alert-menu-error')).toBe(
        'target.peakPrice: needs priceLow ≤ peakPrice ≤ priceHigh',
      )
      expect(await page.textContent('.toast.error')).toMatch(/target\.peakPrice: needs priceLow/)
      await page.screenshot({ path: artifact('workflow-alert-refused.png') })
      await page.keyboard.press('Escape')
      expect(await page.locator('.alert-menu').count()).toBe(0)
      expect(await rules(page)).toHaveLength(1)
    } finally {
      await page.unroute('**/api/alerts')
    }
  }, 30_000)

  it('toasts an alert from the WebSocket and replays missed ones after a reload', async () => {
    // a rule that fires on the next bar: any cluster within 20 % (once)
    const created = await api<{ rule: Rule }>(page, '/api/alerts', {
      method: 'POST',
      body: {
        symbol: 'BTCUSDT',
        kind: 'near',
        withinPct: 20,
        minUsd: 0,
        once: true,
        name: 'e2e near',
        channels: { page: true },
      },
    })
    await page.waitForSelector('.toast.alert', { timeout: 30_000 })
    const text = await page.textContent('.toast.alert')
    expect(text).toMatch(/BTCUSDT alert/)
    const events = (
      await api<{ events: { id: number; ruleId: string; status: string }[] }>(
        page,
        '/api/alerts/events?limit=50',
      )
    ).events
    const ev = events.find((e) => e.ruleId === created.rule.id)
    expect(ev?.status).toBe('fired')
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem('liqheat.alerts.lastEventId')))
      .toBe(String(ev?.id))
    await page.waitForSelector(`#alert-events li[data-id="${ev?.id}"]`)
    expect(await page.textContent(`#alert-events li[data-id="${ev?.id}"] .badge`)).toBe('fired')
    await page.screenshot({ path: artifact('workflow-alert-toast.png') })
    // as if the page had last seen the event before: the reload resumes and replays it
    await page.evaluate(
      (id) => localStorage.setItem('liqheat.alerts.lastEventId', String(id)),
      (ev?.id ?? 1) - 1,
    )
    await page.reload()
    await waitLoads(page)
    await page.waitForSelector('.toast.alert', { timeout: 20_000 })
    expect(await page.textContent('.toast.alert')).toMatch(/while you were away/)
    expect(await page.evaluate(() => localStorage.getItem('liqheat.alerts.lastEventId'))).toBe(
      String(ev?.id),
    )
  }, 90_000)

  it('downloads the Pine Script, the PNG and a CSV of the current view', async () => {
    // Alerts missed during the reload stay as toasts until closed; they sit over the side panel.
    for (const close of await page.locator('#toasts .toast-close').all()) await close.click()
    await page.click('#export-card summary')
    await page.selectOption('#palette', 'magma')
    const pine = await download(page, '#export-pine')
    expect(pine.name).toMatch(/^liqheat-BTCUSDT-.*\.pine$/)
    expect(pine.bytes.toString('utf8').startsWith('//@version=6')).toBe(true)
    expect(pine.bytes.toString('utf8')).toMatch(/indicator\(/)

    const png = await download(page, '#export-png')
    expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]))
    expect(png.bytes.readUInt32BE(16)).toBe(1600) // IHDR width
    expect(png.bytes.readUInt32BE(20)).toBe(900)
    const q = new URL(png.url).searchParams
    expect(q.get('palette')).toBe('magma')
    expect(q.get('symbol')).toBe('BTCUSDT')
    expect(q.get('lookback')).toBe('7d')
    expect(q.has('format')).toBe(false)

    await page.selectOption('#export-csv-what', 'clusters')
    const csv = await download(page, '#export-csv')
    const lines = csv.bytes.toString('utf8').trim().split('\n')
    expect(lines[0]).toMatch(/^at_ms,price,side,price_low,price_high,peak_price,notional_usd/)
    expect(lines.length).toBeGreaterThan(1)
    await page.selectOption('#export-csv-what', 'map')
    const map = await download(page, '#export-csv')
    expect(map.bytes.toString('utf8').split('\n')[0]).toMatch(/^at_ms,price,price_low/)
    await page.screenshot({ path: artifact('workflow-export.png') })
  }, 90_000)

  it('opens the session review in a new tab', async () => {
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      page.click('#export-review'),
    ])
    await tab.waitForLoadState('domcontentloaded')
    const u = new URL(tab.url())
    expect(u.pathname).toBe('/api/review')
    const from = Number(u.searchParams.get('from'))
    const to = Number(u.searchParams.get('to'))
    expect(to - from).toBe(24 * 3_600_000)
    const html = await tab.content()
    expect(html).toMatch(/estimate/i)
    expect(html).toMatch(/<svg/)
    await tab.screenshot({ path: artifact('workflow-review.png') })
    await tab.close()
  }, 90_000)

  it('disables the Hyperliquid exact toggle on a replay and says why', async () => {
    await page.waitForFunction(() => {
      const l = document.getElementById('hl-exact')
      return l !== null && /live source/.test(l.title)
    })
    expect(await page.isDisabled('#hl-exact-toggle')).toBe(true)
    expect(await page.getAttribute('#hl-exact', 'title')).toBe(
      'Hyperliquid exact positions need the live source (--source live)',
    )
  }, 30_000)

  it('with an exact map from the server, the toggle shows its coverage and the map draws it', async () => {
    // A replay has no collector, so stand in for a live server's answer: the exact map of three
    // positions around the current price, built by the collector's own function.
    const { price } = await api<{ price: number }>(page, '/api/clusters?symbol=BTCUSDT')
    const at = Date.now()
    const pos = (address: string, side: 'long' | 'short', size: number, liq: number) => ({
      address,
      coin: 'BTC',
      side,
      size,
      entryPx: price,
      liquidationPx: liq,
      leverageType: 'isolated' as const,
      leverage: 20,
      marginUsed: (size * price) / 20,
      positionValue: size * price,
      unrealizedPnl: 0,
      polledAt: at - 240_000,
    })
    const map = exactLiquidationMap(
      [
        pos('0x01', 'long', 20, price * 0.98),
        pos('0x02', 'long', 8, price * 0.95),
        pos('0x03', 'short', 12, price * 1.015),
      ],
      { markPx: price, openInterest: 400, now: at, bins: 160, rangePct: 12 },
    )
    const other = await session.browser.newPage({ viewport: { width: 1440, height: 860 } })
    await other.route('**/api/hl-exact?*', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({ available: true, estimated: false, unit: 'USD', ...map }),
      }),
    )
    await other.goto(srv.url)
    await waitLoads(other)
    await other.waitForSelector('#hl-exact-toggle:not([disabled])')
    // coverage (20 + 8 + 12) BTC / (2 × 400) = 5.0 %
    expect(await other.textContent('#hl-exact .hl-cov')).toBe(' (coverage 5.0 %)')
    expect(await other.getAttribute('#hl-exact', 'title')).toMatch(/oldest position 4 min old/)
    const amber = () =>
      other.evaluate(() => {
        const c = document.getElementById('map') as HTMLCanvasElement
        const ctx = c.getContext('2d')
        if (!ctx) return -1
        const x0 = Math.floor(c.width * 0.55)
        const d = ctx.getImageData(x0, 0, c.width - x0, c.height).data
        let n = 0
        for (let i = 0; i < d.length; i += 4)
          if (d[i] > 200 && d[i + 1] > 150 && d[i + 1] < 210 && d[i + 2] < 80) n++
        return n
      })
    expect(await amber()).toBe(0)
    await other.check('#hl-exact-toggle')
    await expect.poll(amber).toBeGreaterThan(50)
    await other.screenshot({ path: artifact('workflow-hl-exact.png') })
    await other.close()
  }, 60_000)

  it('stays clean at 360 px with the alerts and export panels open', async () => {
    const phone = await session.browser.newPage({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    })
    await phone.goto(`${srv.url}/?map=1`)
    await waitLoads(phone)
    await phone.click('#alerts-card summary')
    await phone.click('#export-card summary')
    await phone.waitForSelector('#alert-rules li.alert-rule')
    const { scroll, client } = await phone.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }))
    expect(client).toBe(360)
    expect(scroll).toBeLessThanOrEqual(360)
    await phone.locator('#clusters-below li.cluster button.alert-btn').first().tap()
    await phone.waitForSelector('.alert-menu')
    const box = await phone.locator('.alert-menu').boundingBox()
    expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true)
    await phone.screenshot({ path: artifact('workflow-phone-menu.png') })
    await phone.keyboard.press('Escape')
    await phone.screenshot({ path: artifact('workflow-phone-full.png'), fullPage: true })
    await phone.close()
  }, 60_000)
})

describe.skipIf(reason !== undefined)('a server with a token', () => {
  it('opens both WebSockets with ?token= after the page rewrote its URL', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liqheat-token-'))
    const token = 'e2e-secret-token'
    const srv = await startReplayServer(60, undefined, {
      alertsDb: path.join(dir, 'alerts.db'),
      token,
    })
    const session = await launch()
    try {
      const page = await session.browser.newPage({ viewport: { width: 1200, height: 800 } })
      const sockets: string[] = []
      page.on('websocket', (ws) => sockets.push(ws.url()))
      await page.goto(`${srv.url}/?token=${token}`)
      await waitLoads(page)
      expect(page.url()).not.toContain('token=')
      await expect.poll(() => sockets.length).toBeGreaterThanOrEqual(2)
      const paths = sockets.map((u) => {
        const x = new URL(u)
        return `${x.pathname}?${x.search.slice(1)}`
      })
      expect(paths).toEqual(
        expect.arrayContaining([`/api/stream?token=${token}`, `/api/alerts/stream?token=${token}`]),
      )
      // the alerts panel reads the API through the cookie the page load set
      await page.click('#alerts-card summary')
      await expect.poll(() => page.textContent('#alert-rules')).toMatch(/No alerts yet/)
    } finally {
      await session.close()
      await srv.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 90_000)
})
