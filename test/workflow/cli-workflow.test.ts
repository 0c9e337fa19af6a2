/**
 * The workflow commands through the CLI (in-process): exit 0 with the files written, exit 2
 * naming the flag on bad usage, exit 1 naming file:line on bad data.
 */
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { run } from '../../src/cli/main.ts'
import { scenario, writeScenarioCsv } from './scenario.ts'

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

let dir: string
let dataDir: string
const AT = '2025-03-03T12:00Z'

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'liqheat-workflow-'))
  dataDir = join(dir, 'data')
  writeScenarioCsv(dataDir, scenario())
})

describe('liqheat export', () => {
  it('writes the clusters, map and grid CSVs and a Pine script', async () => {
    const cl = join(dir, 'clusters.csv')
    expect(
      (
        await cli(
          'export',
          'csv',
          '--what',
          'clusters',
          '--data',
          dataDir,
          '--at',
          AT,
          '--out',
          cl,
          '-q',
        )
      ).code,
    ).toBe(0)
    const lines = readFileSync(cl, 'utf8').trimEnd().split('\n')
    expect(lines[0]).toMatch(/^at_ms,price,side,price_low/)
    expect(lines.length).toBeGreaterThan(4)
    // clusters are as of the last bar before --at
    expect(Number(lines[1].split(',')[0])).toBe(Date.parse('2025-03-03T12:00Z') - 300_000)
    const map = await cli(
      'export',
      'csv',
      '--what',
      'map',
      '--bins',
      '40',
      '--data',
      dataDir,
      '--at',
      AT,
      '-q',
    )
    expect(map.out.trimEnd().split('\n')).toHaveLength(41)
    const grid = await cli(
      'export',
      'csv',
      '--what',
      'grid',
      '--rows',
      '30',
      '--data',
      dataDir,
      '--from',
      AT,
      '--to',
      '2025-03-03T14:00Z',
      '-q',
    )
    expect(grid.code).toBe(0)
    const times = new Set(
      grid.out
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    )
    expect(times.size).toBe(24)
    const pine = join(dir, 'x.pine')
    expect(
      (
        await cli(
          'export',
          'pine',
          '--data',
          dataDir,
          '--at',
          AT,
          '--out',
          pine,
          '--style',
          'lines',
          '-q',
        )
      ).code,
    ).toBe(0)
    expect(readFileSync(pine, 'utf8').split('\n')[0]).toBe('//@version=6')
  })

  it('exits 2 naming the flag on bad usage', async () => {
    const cases: [string[], RegExp][] = [
      [['export', 'csv', '--what', 'table', '--data', dataDir], /--what/],
      [['export', 'csv', '--what', 'grid', '--at', AT, '--data', dataDir], /--at/],
      [['export', 'csv', '--what', 'map', '--bins', '0', '--data', dataDir], /--bins/],
      [
        ['export', 'pine', '--data', dataDir, '--out', join(dir, 'y.pine'), '--max', '900'],
        /--max/,
      ],
      [
        ['export', 'pine', '--data', dataDir, '--out', join(dir, 'y.pine'), '--style', 'dots'],
        /--style/,
      ],
      [['export', 'pine', '--data', dataDir, '--out', join(dir, 'y.pine'), '--at', 'soon'], /--at/],
      [['export', 'csv', '--what', 'clusters'], /--data/],
    ]
    for (const [args, flag] of cases) {
      const r = await cli(...args, '-q')
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.err, args.join(' ')).toMatch(flag)
    }
  })

  it('exits 1 naming file:line and field on bad data', async () => {
    const bad = join(dir, 'bad')
    writeScenarioCsv(bad, scenario({ range: 60, slide: 10, climb: 10, tail: 10 }))
    appendFileSync(
      join(bad, 'BTCUSDT-5m.csv'),
      `${Date.UTC(2025, 2, 10)},1,abc,1,1,1,0,1,1,1,1,0\n`,
    )
    const r = await cli('export', 'csv', '--what', 'clusters', '--data', bad, '-q')
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/BTCUSDT-5m\.csv:92.*high/)
  })
})

describe('liqheat review', () => {
  it('writes the HTML report and the JSON numbers', async () => {
    const html = join(dir, 'r.html')
    const args = [
      'review',
      '--data',
      dataDir,
      '--from',
      AT,
      '--to',
      '2025-03-04T12:00Z',
      '--draws',
      '40',
      '-q',
    ]
    expect((await cli(...args, '--out', html)).code).toBe(0)
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/)
    const json = await cli(...args, '--format', 'json')
    const r = JSON.parse(json.out) as {
      sweeps: { swept: { of: number } }
      method: { draws: number }
    }
    expect(r.method.draws).toBe(40)
    expect(r.sweeps.swept.of).toBeGreaterThan(3)
  })

  it('exits 2 naming the flag', async () => {
    const base = ['review', '--data', dataDir, '-q']
    const cases: [string[], RegExp][] = [
      [[...base, '--to', AT], /--from/],
      [[...base, '--from', AT], /--to/],
      [[...base, '--from', AT, '--to', '2025-03-04', '--step', 'hourly'], /--step/],
      [[...base, '--from', AT, '--to', '2025-03-04', '--reversal-pct', '-1'], /--reversal-pct/],
      [[...base, '--from', AT, '--to', '2025-03-04', '--format', 'pdf'], /--format/],
    ]
    for (const [args, flag] of cases) {
      const r = await cli(...args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.err, args.join(' ')).toMatch(flag)
    }
    // a session outside the data is bad data (the shared loader's rule), named by the flags
    const empty = await cli(...base, '--from', '2026-01-01', '--to', '2026-01-02')
    expect(empty.code).toBe(1)
    expect(empty.err).toMatch(/no bars/)
  })
})

describe('liqheat alerts', () => {
  it('adds, lists, disables and removes rules; bad flags exit 2 naming the flag', async () => {
    const db = join(dir, 'alerts.db')
    const add = await cli(
      'alerts',
      'add',
      '--db',
      db,
      '--kind',
      'near',
      '--within-pct',
      '0.5',
      '--min-usd',
      '5e7',
      '--webhook',
      'http://127.0.0.1:9/x',
      '--webhook-secret',
      'cli-secret-0123456789',
    )
    expect(add.code, add.err).toBe(0)
    const id = /added (r_[0-9a-f]{16})/.exec(add.out)?.[1] ?? ''
    expect(id).not.toBe('')
    const list = await cli('alerts', 'list', '--db', db, '--format', 'json')
    const rules = JSON.parse(list.out) as {
      id: string
      withinPct: number
      channels: { webhook: unknown }
    }[]
    expect(rules.map((r) => r.id)).toEqual([id])
    expect(rules[0].withinPct).toBe(0.5)
    expect(list.out).not.toContain('cli-secret')
    expect((await cli('alerts', 'disable', id, '--db', db)).code).toBe(0)
    expect((await cli('alerts', 'list', '--db', db)).out).toMatch(new RegExp(`${id}\\s+off`))
    expect((await cli('alerts', 'rm', id, '--db', db)).code).toBe(0)
    expect((await cli('alerts', 'rm', id, '--db', db)).code).toBe(2)
    const cases: [string[], RegExp][] = [
      [['--kind', 'near', '--min-usd', '1'], /--within-pct/],
      [['--kind', 'near', '--within-pct', 'x', '--min-usd', '1'], /--within-pct/],
      [['--kind', 'bounce'], /--kind/],
      [['--kind', 'near', '--within-pct', '1', '--min-usd', '1', '--ratio', '2'], /--ratio/],
      [['--kind', 'stale', '--after-sec', '1'], /--after-sec/],
      [['--kind', 'swept', '--webhook', 'mailto:x'], /--webhook/],
      [['--kind', 'swept', '--telegram-chat', 'me'], /--telegram-chat/],
      [['--kind', 'asymmetry', '--ratio', '2', '--direction', 'sideways'], /--direction/],
    ]
    for (const [args, flag] of cases) {
      const r = await cli('alerts', 'add', '--db', db, ...args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.err, args.join(' ')).toMatch(flag)
    }
  })

  it('reads a rule from --file; a bad file is bad data (exit 1) naming the file', async () => {
    const db = join(dir, 'alerts2.db')
    const good = join(dir, 'rule.json')
    writeFileSync(good, JSON.stringify({ symbol: 'BTCUSDT', kind: 'asymmetry', ratio: 3 }))
    expect((await cli('alerts', 'add', '--db', db, '--file', good)).code).toBe(0)
    const bad = join(dir, 'bad-rule.json')
    writeFileSync(bad, '{"kind": "asymmetry"')
    const r = await cli('alerts', 'add', '--db', db, '--file', bad)
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/bad-rule\.json: not valid JSON/)
  })
})
