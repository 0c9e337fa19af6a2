import { DEFAULT_PARAMS } from '../../model/index.ts'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command } from 'commander'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { waitFor } from '../../../test/fakes/fake-server.ts'
import {
  fakeAddress as A,
  FakeHyperliquid,
  isolatedPosition,
} from '../../../test/fakes/hyperliquid.ts'
import { exitCodeFor } from '../main.ts'
import { register } from './hl-positions.ts'

/** Runs `liqheat <args>` with only this command registered, as main.ts's `run` does. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true))
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true))
  const program = new Command('liqheat').exitOverride()
  register(program)
  for (const c of program.commands) c.exitOverride()
  program.configureOutput({
    writeErr: (s) => process.stderr.write(s),
    writeOut: (s) => process.stdout.write(s),
  })
  try {
    await program.parseAsync(args, { from: 'user' })
    return { code: 0, out, err }
  } catch (x) {
    return { code: exitCodeFor(x), out, err }
  } finally {
    o.mockRestore()
    e.mockRestore()
  }
}

let fake: FakeHyperliquid | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

describe('liqheat hl-positions', () => {
  it('--help exits 0', async () => {
    const r = await cli('hl-positions', '--help')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/--minutes <n>/)
    expect(r.out).toMatch(/--rest-url <url>/)
  })

  it('exits 2 naming the flag on bad usage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liqheat-hl-'))
    const cases: [string[], RegExp][] = [
      [['--minutes', 'ten'], /--minutes/],
      [['--minutes', '0'], /--minutes/],
      [['--ws-url', 'http://127.0.0.1:1/ws'], /--ws-url/],
      [['--rest-url', 'not a url'], /--rest-url/],
      [['--budget-share', '1.5'], /--budget-share/],
      [['--out', join(dir, 'missing', 'x.json')], /--out/],
      [['--ladder', '5,abc'], /--ladder/],
      [['--bogus'], /--bogus/],
    ]
    for (const [args, re] of cases) {
      const r = await cli('hl-positions', ...args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.err, args.join(' ')).toMatch(re)
    }
  })

  it('collects against the fake and writes the exact map and leverage mix (exit 0)', async () => {
    fake = await new FakeHyperliquid().start()
    fake.ctx = { markPx: '65000.0', openInterest: '4.0' }
    const long = isolatedPosition(1, 65_000, 20)
    fake.setPositions(A(1), [long])
    fake.setPositions(A(2), [isolatedPosition(-1, 65_000, 10)])
    const f = fake
    const feeder = (async () => {
      await waitFor(() => f.subscriptions.length === 1, 5000, 'subscription')
      f.sendTrades([[A(1), A(2)]])
    })()
    const out = join(mkdtempSync(join(tmpdir(), 'liqheat-hl-')), 'map.json')
    const r = await cli(
      'hl-positions',
      '--minutes',
      '0.025',
      '--status-every',
      '0.5',
      '--rest-url',
      fake.url,
      '--ws-url',
      `${fake.wsUrl}/ws`,
      '--out',
      out,
      '--bins',
      '20',
      '--range-pct',
      '10',
    )
    await feeder
    expect(r.err).not.toMatch(/internal error/)
    expect(r.code).toBe(0)
    expect(r.err).toMatch(/hl-positions BTC .* coverage 25\.0 %/)
    const doc = JSON.parse(readFileSync(out, 'utf8')) as {
      map: { exact: boolean; coverage: number; addresses: number; long: number[] }
      leverage: { notionalUsd: number[] }
      prior: unknown
      priorNote: string
    }
    // (65 000 + 65 000) / (2 × 4 × 65 000)
    expect(doc.map).toMatchObject({ exact: true, coverage: 0.25, addresses: 2 })
    expect(doc.map.long[Math.floor((Number(long.liquidationPx) - 58_500) / 650)]).toBe(65_000)
    // one 10× and one 20× position, on the default ladder's rungs
    expect(doc.leverage.notionalUsd).toEqual(
      DEFAULT_PARAMS.leverages.map((l) => (l === 10 || l === 20 ? 65_000 : 0)),
    )
    expect(doc.prior).toBeNull()
    expect(doc.priorNote).toMatch(/at least 50/)
  })

  it('exits 1 when the venue never answers', async () => {
    fake = await new FakeHyperliquid().start()
    fake.limitInfo(1000, { status: 500, body: 'down' }, 'metaAndAssetCtxs')
    const r = await cli(
      'hl-positions',
      '--minutes',
      '0.01',
      '--rest-url',
      fake.url,
      '--ws-url',
      `${fake.wsUrl}/ws`,
    )
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/no mark price .*HTTP 500/)
  })
})
