import { describe, expect, it } from 'vitest'
import { MarketHub } from '../market-hub.ts'
import { createDemoMarketSource } from './demo.ts'

describe('demo source', () => {
  it('loads a simulated history, then adds bars, and says it is simulated', async () => {
    const src = createDemoMarketSource({ speed: 1e6, lookbackDays: 1, seed: 3 })
    expect(src.kind).toBe('demo')
    expect(src.description).toMatch(/SIMULATED/)
    const hub = new MarketHub()
    const ac = new AbortController()
    await src.start(hub, ac.signal)
    const m = hub.get('BTCUSDT')
    expect(m?.bars.length).toBe(288)
    const n = m?.bars.length ?? 0
    const t0 = Date.now()
    while ((hub.get('BTCUSDT')?.bars.length ?? 0) < n + 3 && Date.now() - t0 < 3000)
      await new Promise((r) => setTimeout(r, 20))
    ac.abort()
    const after = hub.get('BTCUSDT')
    expect(after?.bars.length).toBeGreaterThanOrEqual(n + 3)
    const bars = after?.bars ?? []
    for (let i = 1; i < bars.length; i++) expect(bars[i].ts - bars[i - 1].ts).toBe(300_000)
    expect(src.status()[0]).toMatchObject({ state: 'open', detail: 'SIMULATED' })
  })
})
