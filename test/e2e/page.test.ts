import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { serve, type RunningServer } from '../../src/server/serve.ts'
import { artifact, launch, skipReason, startReplayServer, type Session } from './browser.ts'

const reason = skipReason()
if (reason) console.warn(reason)

interface Perf {
  navToHeatmapMs: number
  loads: number
  sideLoads: number
  liveLatencyMs: number[]
}

async function perf(page: Page): Promise<Perf> {
  return page.evaluate(() => (window as unknown as { __liqheat: { perf: Perf } }).__liqheat.perf)
}

/** Colour statistics of the chart's main pane canvas (the largest one), and a grey-level sample. */
async function paneColours(page: Page): Promise<{ distinct: number; sample: number[] }> {
  return page.evaluate(() => {
    const canvases = [...document.querySelectorAll<HTMLCanvasElement>('#chart canvas')]
    const c = canvases.sort((a, b) => b.width * b.height - a.width * a.height)[0]
    const ctx = c.getContext('2d')
    if (!ctx) return { distinct: 0, sample: [] }
    const { data } = ctx.getImageData(0, 0, c.width, c.height)
    const seen = new Set<number>()
    const sample: number[] = []
    for (let i = 0; i < data.length; i += 4 * 7) {
      seen.add(((data[i] >> 3) << 10) | ((data[i + 1] >> 3) << 5) | (data[i + 2] >> 3))
      sample.push(data[i] + data[i + 1] + data[i + 2])
    }
    return { distinct: seen.size, sample }
  })
}

/** Share of sampled pixels whose brightness moved by more than a little. */
function changed(a: number[], b: number[]): number {
  let n = 0
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (Math.abs(a[i] - b[i]) > 24) n++
  return n / Math.max(1, a.length)
}

async function waitLoads(page: Page, n: number): Promise<void> {
  await page.waitForFunction(`window.__liqheat && window.__liqheat.perf.loads >= ${n}`, null, {
    timeout: 20_000,
  })
  await page.waitForTimeout(400) // two frames and the side panel
}

describe.skipIf(reason !== undefined)('the page against a replay of w4-2025-10-5m', () => {
  let srv: RunningServer
  let session: Session
  let page: Page

  beforeAll(async () => {
    srv = await startReplayServer(20) // a 5m bar every 15 s: slow enough to compare with the API
    session = await launch()
    page = await session.browser.newPage({ viewport: { width: 1440, height: 860 } })
    await page.goto(srv.url)
    await waitLoads(page, 1)
  }, 120_000)

  afterAll(async () => {
    await session?.close()
    await srv?.close()
  })

  it('paints a heatmap with varied colour and says it is estimated', async () => {
    const c = await paneColours(page)
    expect(c.distinct).toBeGreaterThan(40)
    await expect(page.locator('.legend .est').first().textContent()).resolves.toMatch(/estimated/i)
    await page.screenshot({ path: artifact('desktop.png') })
  }, 60_000)

  it('changes the heatmap when a tier or a venue is toggled', async () => {
    const before = await paneColours(page)
    const loads = (await perf(page)).loads
    // the high tiers sit near price, inside the grid (5× and 10× levels fall mostly off it)
    await page.click('#tier-toggles button[data-value="100"]')
    await waitLoads(page, loads + 1)
    await page.click('#tier-toggles button[data-value="50"]')
    await waitLoads(page, loads + 2)
    expect(page.url()).toMatch(/lev=5%2C10%2C20%2C25%2C75%2C125|lev=5,10,20,25,75,125/)
    const tiers = await paneColours(page)
    expect(changed(before.sample, tiers.sample)).toBeGreaterThan(0.05)
    await page.screenshot({ path: artifact('desktop-tiers-5-10-25.png') })
    const loads2 = (await perf(page)).loads
    await page.click('#venue-toggles button[data-value="binance"]')
    await waitLoads(page, loads2 + 1)
    const venues = await paneColours(page)
    expect(changed(tiers.sample, venues.sample)).toBeGreaterThan(0.05)
    // back to everything
    const loads3 = (await perf(page)).loads
    await page.goto(`${srv.url}/?s=BTCUSDT&lb=7d`)
    await waitLoads(page, 1)
    await page.waitForFunction('window.__liqheat && window.__liqheat.perf.sideLoads >= 1')
    expect(loads3).toBeGreaterThan(0)
  }, 90_000)

  it('lists the clusters /api/clusters reports', async () => {
    // compare at an instant both describe (the replay moves on every 15 s)
    for (let attempt = 0; ; attempt++) {
      const got = await page.evaluate(async () => {
        const w = window as unknown as {
          __liqheat: {
            clusters?: { at: number }
            store: { state: { venues: string[]; tiers: number[] } }
          }
        }
        const s = w.__liqheat.store.state
        const q = new URLSearchParams({ symbol: 'BTCUSDT' })
        if (s.venues.length !== 4) q.set('exchanges', s.venues.join(','))
        if (s.tiers.length !== 5) q.set('leverage', s.tiers.join(','))
        const api = (await (await fetch(`/api/clusters?${q.toString()}`)).json()) as {
          at: number
          above: { peakPrice: number }[]
          below: { peakPrice: number }[]
        }
        const shown = [...document.querySelectorAll('#clusters li.cluster')].map((e) =>
          Number(e.getAttribute('data-price')),
        )
        return { api, shown, pageAt: w.__liqheat.clusters?.at }
      })
      if (got.api.at === got.pageAt || attempt >= 40) {
        const want = [...got.api.above, ...got.api.below].map((c) => Number(c.peakPrice.toFixed(2)))
        expect(got.shown.length).toBeGreaterThan(0)
        expect([...got.shown].sort()).toEqual([...want].sort())
        break
      }
      await page.waitForTimeout(500)
    }
  }, 60_000)

  it('shows the model the server runs in the Model card, rung by rung', async () => {
    await page.click('#model-card summary')
    await page.waitForSelector('#model .model-ladder', { timeout: 10_000 })
    const got = await page.evaluate(async () => {
      const api = (await (await fetch('/api/model')).json()) as {
        params: { leverages: number[]; halfLifeHours: number[] }
      }
      const rows = [...document.querySelectorAll('#model .model-ladder tr')]
        .slice(1)
        .map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))
      return { api: api.params, rows, text: document.querySelector('#model')?.textContent ?? '' }
    })
    expect(got.rows.map((r) => r[0])).toEqual(got.api.leverages.map((l) => `${l}×`))
    expect(got.rows.map((r) => r[2])).toEqual(got.api.halfLifeHours.map((x) => `${x} h`))
    expect(got.text).toMatch(/Positions open from/)
    await page.click('#model-card summary')
  }, 30_000)

  it('says in the Accuracy card that a replay without liquidations has nothing to measure', async () => {
    await page.click('#accuracy-card summary')
    await expect
      .poll(() => page.textContent('#accuracy'))
      .toMatch(/Nothing to measure yet for BTCUSDT: .*realized liquidations/)
    await page.click('#accuracy-card summary')
  }, 30_000)

  it('saves a layout as a template and applies it again', async () => {
    await page.click('details:has(#templates) summary')
    await page.selectOption('#palette', 'magma')
    await page.selectOption('#scaling', 'log')
    await page.fill('#template-name', 'e2e layout')
    await page.click('#template-save')
    await page.waitForSelector('#template-select option[value="e2e layout"]', { state: 'attached' })
    const stored = await page.evaluate(async () =>
      (await fetch('/api/templates/e2e%20layout')).json(),
    )
    expect(stored.view).toMatchObject({ palette: 'magma', scaling: 'log' })
    await page.selectOption('#palette', 'turbo')
    await page.selectOption('#scaling', 'linear')
    expect(page.url()).toMatch(/pal=turbo/)
    await page.selectOption('#template-select', 'e2e layout')
    await page.click('#template-apply')
    await expect
      .poll(() => page.$eval('#palette', (e) => (e as HTMLSelectElement).value))
      .toBe('magma')
    expect(await page.$eval('#scaling', (e) => (e as HTMLSelectElement).value)).toBe('log')
    expect(page.url()).toMatch(/pal=magma/)
    await page.screenshot({ path: artifact('desktop-template-magma-log.png') })
    // the URL reproduces the view in a fresh page
    const other = await session.browser.newPage({ viewport: { width: 1200, height: 800 } })
    await other.goto(page.url())
    await waitLoads(other, 1)
    expect(await other.$eval('#palette', (e) => (e as HTMLSelectElement).value)).toBe('magma')
    await other.close()
    await page.evaluate(async () => fetch('/api/templates/e2e%20layout', { method: 'DELETE' }))
  }, 60_000)

  it('fits a 360×740 phone without horizontal scrolling', async () => {
    const phone = await session.browser.newPage({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    })
    await phone.goto(srv.url)
    await waitLoads(phone, 1)
    await phone.waitForTimeout(600)
    const { scroll, client } = await phone.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }))
    expect(client).toBe(360)
    expect(scroll).toBeLessThanOrEqual(360)
    expect((await paneColours(phone)).distinct).toBeGreaterThan(20)
    await phone.screenshot({ path: artifact('phone.png') })
    await phone.screenshot({ path: artifact('phone-full.png'), fullPage: true })
    await phone.close()
  }, 60_000)
})

describe.skipIf(reason !== undefined)('the Accuracy card on the demo market', () => {
  it('shows the running model against the reported liquidations, as GET /api/accuracy says', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liqheat-acc-'))
    const srv = await serve({
      source: 'demo',
      host: '127.0.0.1',
      port: 0,
      logger: false,
      log: () => undefined,
      alertsDb: path.join(dir, 'alerts.db'),
    })
    const session = await launch()
    try {
      const page = await session.browser.newPage({ viewport: { width: 1440, height: 860 } })
      await page.goto(srv.url)
      await waitLoads(page, 1)
      await page.click('#accuracy-card summary')
      await page.waitForSelector('#accuracy .accuracy-table', { timeout: 20_000 })
      const got = await page.evaluate(async () => {
        const api = (await (await fetch('/api/accuracy?symbol=BTCUSDT')).json()) as {
          available: boolean
          result: {
            bars: number
            rows: { side: string; measure: string; values: Record<string, number | null> }[]
          }
        }
        const rows = [...document.querySelectorAll('#accuracy .accuracy-table tr')]
          .slice(1)
          .map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))
        return { api, rows, text: document.querySelector('#accuracy')?.textContent ?? '' }
      })
      expect(got.api.available).toBe(true)
      expect(got.rows.map((r) => r[0])).toEqual(
        got.api.result.rows.map((r) => `${r.side} ${r.measure}`),
      )
      expect(got.rows.map((r) => r[1])).toEqual(
        got.api.result.rows.map((r) => (r.values.model ?? Number.NaN).toFixed(2)),
      )
      expect(got.text).toMatch(new RegExp(`Last 24 h, ${got.api.result.bars} bars`))
      expect(got.text).toMatch(/naive baselines/)
      await page
        .locator('#accuracy-card')
        .screenshot({ path: artifact('desktop-accuracy-card.png') })
    } finally {
      await session.close()
      await srv.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 90_000)
})

describe.skipIf(reason !== undefined)('installable and offline', () => {
  it('serves a manifest with icons and keeps the shell when the server is gone', async () => {
    const srv = await startReplayServer(60)
    const session = await launch()
    try {
      const ctx = session.browser.contexts()[0]
      const page = await ctx.newPage()
      await page.goto(srv.url)
      await waitLoads(page, 1)
      const manifest = await page.evaluate(async () =>
        (await fetch('/manifest.webmanifest')).json(),
      )
      expect(manifest).toMatchObject({ display: 'standalone', start_url: '/' })
      const sizes = (manifest.icons as { sizes: string; src: string }[]).map((i) => i.sizes)
      expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']))
      for (const icon of manifest.icons as { src: string }[]) {
        const ok = await page.evaluate(async (src) => (await fetch(src)).ok, icon.src)
        expect(ok).toBe(true)
      }
      await page.waitForFunction(
        'navigator.serviceWorker.controller !== null || navigator.serviceWorker.ready.then(() => true)',
      )
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready
      })
      await page.reload() // now controlled by the worker, which caches the shell
      await waitLoads(page, 1)
      await ctx.setOffline(true)
      await page.reload()
      await expect(page.title()).resolves.toMatch(/liqheat/)
      await page.waitForSelector('#chart-error:not([hidden])', { timeout: 10_000 })
      expect(await page.textContent('#chart-error')).toMatch(/Cannot load the heatmap/)
      await page.screenshot({ path: artifact('offline-shell.png') })
      await ctx.setOffline(false)
    } finally {
      await session.close()
      await srv.close()
    }
  }, 90_000)
})
