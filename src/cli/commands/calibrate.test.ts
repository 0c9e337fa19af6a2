import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { PRESET_LADDER } from '../../eval/calibrate-rungs.ts'
import { FIELD_PRIOR, resolveParams, type ModelParams } from '../../model/index.ts'
import { simulate, writeSimFiles } from '../../sim/index.ts'
import { generateMarket } from '../../synth/generate.ts'
import { writeMarketCsv } from '../../synth/write-csv.ts'
import { run } from '../main.ts'

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true))
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true))
  try {
    return { code: await run(args), out, err }
  } finally {
    o.mockRestore()
    e.mockRestore()
  }
}

/** 8 days of 30m bars with OI, and realized liquidations that grow with the adverse move. */
function realLikeDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'liqheat-cal-'))
  const m = generateMarket({ days: 8, barMs: 1_800_000, oiMs: 1_800_000, seed: 3 })
  writeMarketCsv(m, dir)
  const rows = ['ts,interval_s,exchanges,long_usd,short_usd']
  m.bars.forEach((b, i) => {
    const noise = 1 + 0.5 * Math.sin(i * 1.7)
    const down = ((b.open - b.low) / b.open) ** 1.5 * 1e9 * noise
    const up = ((b.high - b.open) / b.open) ** 1.5 * 1e9 * (2 - noise)
    rows.push(`${b.ts},1800,binance,${down.toFixed(2)},${up.toFixed(2)}`)
  })
  writeFileSync(join(dir, 'liquidations-aggregated.csv'), `${rows.join('\n')}\n`)
  return dir
}

describe('liqheat calibrate', () => {
  it('exits 2 naming --train / --test / --objective on bad usage', async () => {
    const dir = realLikeDir()
    const cases: [string[], RegExp][] = [
      [['--data', dir, '--test', '60%..'], /--train/],
      [['--data', dir, '--train', '0%..60%'], /--test/],
      [['--data', dir, '--train', '2026-05-21-2026-05-27', '--test', '60%..'], /--train/],
      [['--data', dir, '--train', '0%..60%', '--test', '60%..50%'], /--test/],
      [['--data', dir, '--train', '0%..60%', '--test', 'soon..'], /--test/],
      [['--data', dir, '--train', '0%..60%', '--test', '50%..'], /--test.*overlaps --train/],
      [
        ['--data', dir, '--train', '0%..60%', '--test', '60%..', '--objective', 'sim'],
        /--objective/,
      ],
      [['--data', dir, '--train', '0%..60%', '--test', '60%..', '--passes', '0'], /--passes/],
      [['--train', '0%..60%', '--test', '60%..'], /--data/],
      [['--data', dir, '--train', '0%..60%', '--test', '60%..', '--fit', 'all'], /--fit/],
      [['--data', dir, '--train', '0%..60%', '--test', '60%..', '--ladder', '10,5'], /--ladder/],
      [['--data', dir, '--train', '0%..60%', '--test', '60%..', '--ladder', '10,x'], /--ladder/],
      [
        [
          '--data',
          dir,
          '--train',
          '0%..60%',
          '--test',
          '60%..',
          '--fit',
          'family',
          '--ladder',
          '10',
        ],
        /--ladder/,
      ],
      [
        ['--data', dir, '--train', '0%..60%', '--test', '60%..', '--objective', 'joint'],
        /--objective joint/,
      ],
    ]
    for (const [args, re] of cases) {
      const r = await cli('calibrate', ...args, '-q')
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.err).toMatch(re)
    }
  })

  it('fits on real-like data, prints train and test tables and writes --params JSON', async () => {
    const dir = realLikeDir()
    const out = join(dir, 'fitted.json')
    const r = await cli(
      'calibrate',
      '--data',
      dir,
      '--train',
      '0%..60%',
      '--test',
      '60%..100%',
      '--passes',
      '1',
      '--out',
      out,
      '-q',
    )
    expect(r.code, r.err).toBe(0)
    expect(r.out).toMatch(/== train, real data: worst margin/)
    expect(r.out).toMatch(/== test, real data: worst margin/)
    expect(r.out).toMatch(/adverse-move×OI/)
    expect(r.out).toMatch(/fitted \(rungs, real\): 5× /)
    const p = JSON.parse(readFileSync(out, 'utf8')) as ModelParams
    expect(resolveParams(p)).toEqual(p)
    expect(p.leverages).toEqual([...PRESET_LADDER])
    expect(p.aggressorTilt).toBe(0)
    // the other commands take it
    const e = await cli('eval', '--data', dir, '--params', out, '-q')
    expect(e.code, e.err).toBe(0)
    // the six-number family keeps the field prior's ladder; --ladder picks the rungs
    const fam = join(dir, 'family.json')
    const g = await cli(
      ...['calibrate', '--data', dir, '--train', '0%..60%', '--test', '60%..', '--fit', 'family'],
      ...['--passes', '1', '--out', fam, '-q'],
    )
    expect(g.code, g.err).toBe(0)
    expect((JSON.parse(readFileSync(fam, 'utf8')) as ModelParams).leverages).toEqual([
      ...FIELD_PRIOR.leverages,
    ])
    const lad = join(dir, 'ladder.json')
    const h = await cli(
      ...[
        'calibrate',
        '--data',
        dir,
        '--train',
        '0%..60%',
        '--test',
        '60%..',
        '--ladder',
        '3,20,100',
      ],
      ...['--passes', '1', '--out', lad, '-q'],
    )
    expect(h.code, h.err).toBe(0)
    expect((JSON.parse(readFileSync(lad, 'utf8')) as ModelParams).leverages).toEqual([3, 20, 100])
  }, 120_000)

  it('uses the truth metrics on simulated folders, testing on unseen seeds', async () => {
    const dirs: string[] = []
    for (const seed of [1, 2]) {
      const d = mkdtempSync(join(tmpdir(), `liqheat-cal-sim${seed}-`))
      await writeSimFiles(simulate({ seed, days: 3, tfMs: 300_000, params: { traders: 1000 } }), d)
      dirs.push(d)
    }
    const r = await cli(
      'calibrate',
      '--data',
      dirs[0],
      '--test-data',
      dirs[1],
      '--train',
      '0%..100%',
      '--test',
      '0%..100%',
      '--passes',
      '1',
      '-q',
    )
    expect(r.code, r.err).toBe(0)
    expect(r.out).toMatch(/== train, simulated \(1 markets, means\): mean log goal ratio/)
    // eval on a simulated folder prints the truth metrics with the binned correlation's ceiling
    const ev = await cli('eval', '--data', dirs[1], '-q')
    expect(ev.code, ev.err).toBe(0)
    expect(ev.out).toMatch(/ceiling/)
    expect(ev.out).toMatch(/binned_corr\s+long.*≤ (0|1)\.\d{3}/)
    expect(r.out).toMatch(/wasserstein1_pct\s+long/)
    expect(r.out).toMatch(/flat-ladder/)
    // real and simulated folders together: the joint objective
    const j = await cli(
      ...['calibrate', '--data', dirs[0], '--data', realLikeDir(), '--train', '0%..60%'],
      ...['--test', '60%..', '--passes', '1', '-q'],
    )
    expect(j.code, j.err).toBe(0)
    expect(j.out).toMatch(/== train, real data: worst margin/)
    expect(j.out).toMatch(/== train, simulated \(1 markets/)
    expect(j.out).toMatch(/joint: real worst margin held at ≥ -?\d/)
    expect(j.out).toMatch(/fitted \(rungs, joint\)/)
  }, 180_000)
})
