import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { serve } from './serve.ts'

function klines(dir: string, n: number): void {
  const lines = [
    'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore',
  ]
  const t0 = Date.UTC(2025, 9, 1)
  for (let i = 0; i < n; i++) {
    const ts = t0 + i * 300_000
    const p = 100_000 + Math.sin(i / 20) * 300
    lines.push(`${ts},${p},${p + 40},${p - 40},${p + 5},${50 + (i % 7)},${ts + 299_999},,,,,0`)
  }
  fs.writeFileSync(path.join(dir, 'BTCUSDT-5m.csv'), lines.join('\n') + '\n')
}

describe('serve', () => {
  it('binds beyond loopback only with a token', async () => {
    const prev = process.env.LIQHEAT_TOKEN
    delete process.env.LIQHEAT_TOKEN
    await expect(
      serve({
        source: 'demo',
        host: '0.0.0.0',
        port: 0,
        build: false,
        logger: false,
        log: () => undefined,
      }),
    ).rejects.toThrow(/--host 0\.0\.0\.0 exposes the server beyond this machine: pass --token/)
    await expect(
      serve({
        source: 'demo',
        host: '0.0.0.0',
        port: 0,
        token: 'short',
        build: false,
        logger: false,
        log: () => undefined,
      }),
    ).rejects.toThrow(/at least 8/)
    if (prev !== undefined) process.env.LIQHEAT_TOKEN = prev
  })

  it('needs --data for a replay', async () => {
    await expect(
      serve({
        source: 'replay',
        host: '127.0.0.1',
        port: 0,
        build: false,
        logger: false,
        log: () => undefined,
      }),
    ).rejects.toThrow(/--data/)
  })

  it('serves a replay on 127.0.0.1 and prints its URL', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liqheat-serve-'))
    klines(dir, 600)
    const lines: string[] = []
    const s = await serve({
      source: 'replay',
      data: dir,
      speed: 60,
      host: '127.0.0.1',
      port: 0,
      build: false,
      logger: false,
      log: (l) => lines.push(l),
      alertsDb: path.join(dir, 'alerts.db'), // never ./data
    })
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(lines).toContain(s.url)
      const health = (await (await fetch(`${s.url}/api/health`)).json()) as {
        source: string
        symbols: { symbol: string }[]
      }
      expect(health.source).toBe('replay')
      expect(health.symbols[0].symbol).toBe('BTCUSDT')
      const r = await fetch(`${s.url}/api/heatmap?symbol=BTCUSDT&lookback=1d&format=binary`)
      expect(r.status).toBe(200)
      expect(r.headers.get('content-type')).toBe('application/octet-stream')
    } finally {
      await s.close()
      fs.rmSync(dir, { recursive: true })
    }
  })
})
