/**
 * Web benchmarks: the binary heatmap's size on the wire, `/api/heatmap` latency, first heatmap
 * paint (desktop; phone profile with 4× CPU throttling), pan/zoom frame time and how long a closed
 * bar takes to reach the page. Runs a real server replaying w4-2025-10-5m and Debian's Chromium;
 * returns no browser metrics (and says why on stderr) when /usr/bin/chromium is absent.
 * @module
 */
import { chromium, type Browser, type Page } from 'playwright-core'
import { launch, skipReason, startReplayServer, REPLAY_DIR } from '../test/e2e/browser.ts'
import fs from 'node:fs'

export interface BenchResult {
  name: string
  value: number
  unit: string
}

const q = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN
}
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function waitPaint(page: Page, timeout = 30_000): Promise<number> {
  await page.waitForFunction('window.__liqheat && window.__liqheat.perf.navToHeatmapMs > 0', null, {
    timeout,
  })
  return (await page.evaluate('window.__liqheat.perf.navToHeatmapMs')) as number
}

/**
 * Main-thread time of each frame while panning and zooming for `frames` frames: from the frame's
 * requestAnimationFrame start to a message posted then, which runs once the frame's rendering
 * (the chart's own rAF paint included) is done. A string, so the bundler's helpers stay out.
 */
const PAN_ZOOM = `(n) => new Promise((done) => {
  const ts = window.__liqheat.chart.chart.timeScale()
  const start = ts.getVisibleLogicalRange() || { from: 0, to: 400 }
  const times = []
  const ch = new MessageChannel()
  let i = 0
  let t0 = 0
  const frame = (t) => {
    t0 = t
    const k = i % 60
    const zoom = 1 + 0.4 * Math.sin((i / n) * Math.PI * 2)
    const width = (start.to - start.from) * zoom
    const to = start.to + (k < 30 ? -k * 6 : -(60 - k) * 6)
    ts.setVisibleLogicalRange({ from: to - width, to })
    ch.port2.postMessage(0)
  }
  ch.port1.onmessage = () => {
    times.push(performance.now() - t0)
    if (++i >= n) done(times)
    else requestAnimationFrame(frame)
  }
  requestAnimationFrame(frame)
})`

async function panZoom(page: Page, frames: number): Promise<number[]> {
  return (await page.evaluate(`(${PAN_ZOOM})(${frames})`)) as number[]
}

export async function benchWeb(): Promise<BenchResult[]> {
  const out: BenchResult[] = []
  if (!fs.existsSync(REPLAY_DIR)) {
    process.stderr.write(`bench web: skipped, ${REPLAY_DIR} is absent\n`)
    return out
  }
  // 1–2: the API, against a replay closing a 5m bar every second
  const srv = await startReplayServer(300)
  try {
    const url = `${srv.url}/api/heatmap?symbol=BTCUSDT&lookback=7d&tf=5m&rows=200&format=binary`
    const cold0 = performance.now()
    const first = await fetch(url)
    const bytes = (await first.arrayBuffer()).byteLength
    const cold = performance.now() - cold0
    out.push({
      name: 'web: heatmap 7d@5m binary on the wire',
      value: round(bytes / 1024),
      unit: 'KB',
    })
    out.push({
      name: 'web: /api/heatmap cold build (7d@5m, 200 rows)',
      value: round(cold),
      unit: 'ms',
    })
    const lat: number[] = []
    const until = performance.now() + 12_000
    while (performance.now() < until) {
      const t0 = performance.now()
      const r = await fetch(url)
      await r.arrayBuffer()
      lat.push(performance.now() - t0)
      await sleep(20)
    }
    out.push({
      name: `web: /api/heatmap p50 (${lat.length} requests, live replay)`,
      value: round(q(lat, 50)),
      unit: 'ms',
    })
    out.push({
      name: `web: /api/heatmap p99 (${lat.length} requests, live replay)`,
      value: round(q(lat, 99)),
      unit: 'ms',
    })
  } finally {
    await srv.close()
  }

  const skip = skipReason()
  if (skip) {
    process.stderr.write(`bench web: ${skip}\n`)
    return out
  }
  const server = await startReplayServer(300)
  const session = await launch()
  const browser: Browser = session.browser
  try {
    // let the server warm the default view (as it does at start-up)
    await fetch(`${server.url}/api/heatmap?symbol=BTCUSDT&format=binary`).then((r) =>
      r.arrayBuffer(),
    )
    await fetch(
      `${server.url}/api/heatmap?symbol=BTCUSDT&format=binary&lookback=7d&tf=30m&rows=100&leverage=25,50,100`,
    ).then((r) => r.arrayBuffer())
    // 3: first paint, desktop (median of 3 fresh pages)
    const desk: number[] = []
    for (let i = 0; i < 3; i++) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 860 } })
      await page.goto(server.url)
      desk.push(await waitPaint(page))
      if (i < 2) await page.close()
      else {
        // 5: pan/zoom frame time on the desktop page
        await sleep(500)
        const frames = await panZoom(page, 180)
        out.push({
          name: 'web: pan/zoom frame time median (desktop)',
          value: round(q(frames, 50), 2),
          unit: 'ms',
        })
        out.push({
          name: 'web: pan/zoom frame time p95 (desktop)',
          value: round(q(frames, 95), 2),
          unit: 'ms',
        })
        // 6: live update latency: bars close every second
        await page.evaluate('window.__liqheat.perf.liveLatencyMs.length = 0')
        await sleep(12_000)
        const live = (await page.evaluate('window.__liqheat.perf.liveLatencyMs')) as number[]
        out.push({
          name: `web: bar close → page, median (${live.length} bars)`,
          value: round(q(live, 50)),
          unit: 'ms',
        })
        out.push({
          name: `web: bar close → page, max (${live.length} bars)`,
          value: round(Math.max(...live)),
          unit: 'ms',
        })
        await page.close()
      }
    }
    out.push({
      name: 'web: first heatmap paint after navigation (desktop, median of 3)',
      value: round(q(desk, 50)),
      unit: 'ms',
    })
    // 4: phone profile, 4× CPU throttling
    const phone: number[] = []
    for (let i = 0; i < 3; i++) {
      const page = await browser.newPage({
        viewport: { width: 360, height: 740 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      })
      const cdp = await page.context().newCDPSession(page)
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
      await page.goto(server.url)
      phone.push(await waitPaint(page, 60_000))
      await page.close()
    }
    out.push({
      name: 'web: first heatmap paint (phone 360×740, 4× CPU throttle, median of 3)',
      value: round(q(phone, 50)),
      unit: 'ms',
    })
  } finally {
    await session.close()
    await server.close()
  }
  return out
}

const isMain = process.argv[1] !== undefined && /web\.bench\.ts$/.test(process.argv[1])
if (isMain) {
  for (const r of await benchWeb()) console.log(`${r.name}: ${r.value} ${r.unit}`)
  void chromium
}
