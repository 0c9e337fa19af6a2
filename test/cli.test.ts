import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { run } from '../src/cli/main.ts'

const REAL = resolve(import.meta.dirname, '../../shared/data/real')
const hasReal = existsSync(REAL)

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true))
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true))
  try {
    const code = await run(args)
    return { code, out, err }
  } finally {
    o.mockRestore()
    e.mockRestore()
  }
}

function tinyData(): string {
  const dir = mkdtempSync(join(tmpdir(), 'liqheat-cli-'))
  const lines = [
    'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore',
  ]
  let p = 100_000
  for (let i = 0; i < 200; i++) {
    const t = Date.UTC(2025, 0, 1) + i * 3_600_000
    const c = p * (1 + Math.sin(i / 7) * 0.004)
    lines.push(
      `${t},${p},${Math.max(p, c) * 1.002},${Math.min(p, c) * 0.998},${c},100,${t + 3_599_999},${100 * c},10,55,${55 * c},0`,
    )
    p = c
  }
  writeFileSync(join(dir, 'BTCUSDT-1h.csv'), `${lines.join('\n')}\n`)
  return dir
}

describe('liqheat CLI', () => {
  it('prints help for the program and every command with exit 0', async () => {
    for (const args of [
      ['--help'],
      ['heatmap', '--help'],
      ['sweeps', '--help'],
      ['clusters', '--help'],
      ['eval', '--help'],
    ]) {
      const r = await cli(...args)
      expect(r.code).toBe(0)
      expect(r.out).toMatch(/Usage: liqheat/)
    }
  })

  it('exits 2 naming the flag on bad usage', async () => {
    const dir = tinyData()
    const cases: [string[], RegExp][] = [
      [['heatmap', '--data', dir, '--out', join(dir, 'x.gif')], /--out/],
      [['heatmap', '--data', dir, '--out', join(dir, 'x.png'), '--rows', 'many'], /--rows/],
      [
        ['heatmap', '--data', dir, '--out', join(dir, 'x.png'), '--leverage', '5,abc'],
        /--leverage/,
      ],
      [
        ['heatmap', '--data', dir, '--out', join(dir, 'x.png'), '--exchanges', 'ftx'],
        /--exchanges/,
      ],
      [['sweeps', '--data', dir, '--from', 'yesterday'], /--from/],
      [['sweeps', '--data', dir, '--from', '2025-01-05', '--to', '2025-01-02'], /--to/],
      [['sweeps'], /--data/],
      [['clusters', '--data', dir, '--format', 'xml'], /--format/],
      [['heatmap', '--data', dir], /--out/],
    ]
    for (const [args, re] of cases) {
      const r = await cli(...args, '-q')
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.err, args.join(' ')).toMatch(re)
    }
  })

  it('exits 1 naming the file and line on bad data', async () => {
    const dir = tinyData()
    const f = join(dir, 'BTCUSDT-1h.csv')
    const lines = readFileSync(f, 'utf8').split('\n')
    lines[5] = lines[5].replace(/^(\d+),([\d.]+),/, '$1,abc,')
    writeFileSync(f, lines.join('\n'))
    const r = await cli('sweeps', '--data', dir, '-q')
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/BTCUSDT-1h\.csv:6/)
    const lenient = await cli('sweeps', '--data', dir, '--lenient', '-q')
    expect(lenient.code).toBe(0)
    expect(lenient.out.trim().split('\n')).toHaveLength(200) // header + 199 bars
  })

  it('writes sweeps as CSV with one row per input bar', async () => {
    const r = await cli('sweeps', '--data', tinyData(), '-q')
    expect(r.code).toBe(0)
    const lines = r.out.trim().split('\n')
    expect(lines[0]).toBe('ts,predicted_long_usd,predicted_short_usd')
    expect(lines).toHaveLength(201)
    expect(lines[1].split(',')[0]).toBe(String(Date.UTC(2025, 0, 1)))
    for (const l of lines.slice(1)) expect(l).toMatch(/^\d+,\d+\.\d\d,\d+\.\d\d$/)
  })

  it('writes heatmaps as JSON, CSV and PNG', async () => {
    const dir = tinyData()
    for (const ext of ['json', 'csv', 'png']) {
      const out = join(dir, `h.${ext}`)
      const r = await cli('heatmap', '--data', dir, '--out', out, '--rows', '60', '-q')
      expect(r.code, r.err).toBe(0)
      const buf = readFileSync(out)
      if (ext === 'png') expect(buf.subarray(1, 4).toString()).toBe('PNG')
      if (ext === 'json') {
        const j = JSON.parse(buf.toString()) as {
          estimated: boolean
          rows: number
          times: number[]
          long: number[]
        }
        expect(j.estimated).toBe(true)
        expect(j.long).toHaveLength(j.times.length * j.rows)
        expect(j.long.some((v) => v > 0)).toBe(true)
      }
      if (ext === 'csv')
        expect(buf.toString().split('\n')[0]).toBe('ts,price_low,price_high,long_usd,short_usd')
    }
  })

  it('a leverage subset shows less than the whole ladder', async () => {
    const dir = tinyData()
    const all = JSON.parse(
      (await cli('clusters', '--data', dir, '--format', 'json', '-q')).out,
    ) as { asymmetry: { longBelowUsd: number } }
    const hi = JSON.parse(
      (await cli('clusters', '--data', dir, '--format', 'json', '--leverage', '100', '-q')).out,
    ) as { asymmetry: { longBelowUsd: number } }
    expect(hi.asymmetry.longBelowUsd).toBeLessThan(all.asymmetry.longBelowUsd)
  })

  it.skipIf(!hasReal)('eval prints the table for the real w1 window', async () => {
    const r = await cli('eval', '--data', join(REAL, 'w1-2026-05-30m'), '-q')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/long\s+spearman/)
    expect(r.out).toMatch(/adverse-move×OI/)
  })

  it('eval without realized liquidations is bad data naming what is missing', async () => {
    const r = await cli('eval', '--data', tinyData(), '-q')
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/liquidations/)
  })
})
