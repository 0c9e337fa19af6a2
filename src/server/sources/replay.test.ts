import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MarketHub } from '../market-hub.ts'
import { barIntervalMs, createReplaySource, MIN_BAR_INTERVAL_MS } from './replay.ts'

const TF = 300_000
const T0 = Date.UTC(2025, 9, 1)

function writeKlines(dir: string, n: number): void {
  const lines = [
    'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore',
  ]
  let p = 100_000
  for (let i = 0; i < n; i++) {
    const ts = T0 + i * TF
    const c = p + Math.sin(i / 7) * 80
    lines.push(
      `${ts},${p},${Math.max(p, c) + 20},${Math.min(p, c) - 20},${c},${100 + (i % 13)},${ts + TF - 1},,,,,0`,
    )
    p = c
  }
  fs.writeFileSync(path.join(dir, 'BTCUSDT-5m.csv'), lines.join('\n') + '\n')
}

describe('barIntervalMs', () => {
  it('is the bar length divided by the speed, never below the floor', () => {
    expect(barIntervalMs(TF, 60)).toBe(5000)
    expect(barIntervalMs(TF, 1)).toBe(TF)
    expect(barIntervalMs(TF, 1e9)).toBe(MIN_BAR_INTERVAL_MS)
  })
})

describe('replay source', () => {
  it('loads the history before the start, then plays the rest in order and ends', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liqheat-replay-'))
    writeKlines(dir, 400)
    const startAt = T0 + 390 * TF
    const src = createReplaySource({ dir, speed: 1e6, startAt })
    const hub = new MarketHub()
    const seen: number[] = []
    hub.onBar((_m, bar, closed) => {
      if (closed) seen.push(bar.ts)
    })
    const ac = new AbortController()
    await src.start(hub, ac.signal)
    expect(hub.get('BTCUSDT')?.bars.length).toBe(390)
    expect(src.expectedIntervalMs).toBe(MIN_BAR_INTERVAL_MS)
    const t0 = Date.now()
    while (src.status()[0].state !== 'ended' && Date.now() - t0 < 5000)
      await new Promise((r) => setTimeout(r, 20))
    expect(src.status()[0]).toMatchObject({ state: 'ended', detail: 'all 10 bars played' })
    expect(seen).toEqual([...Array(10).keys()].map((i) => T0 + (390 + i) * TF))
    const m = hub.get('BTCUSDT')
    expect(m?.bars.length).toBe(400)
    expect(m?.modelBars.length).toBe(400)
    ac.abort()
    fs.rmSync(dir, { recursive: true })
  })

  it('refuses a start outside the data, naming the flag', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liqheat-replay-'))
    writeKlines(dir, 20)
    const src = createReplaySource({ dir, speed: 10, startAt: Date.UTC(2030, 0, 1) })
    await expect(src.start(new MarketHub(), new AbortController().signal)).rejects.toThrow(
      /--replay-from: .* is outside the data/,
    )
    expect(() => createReplaySource({ dir, speed: 0 })).toThrow(/--speed/)
    fs.rmSync(dir, { recursive: true })
  })
})
