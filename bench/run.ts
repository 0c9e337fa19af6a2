/**
 * `npm run bench`: the speed targets of the issues, measured on this machine. Each number is the
 * median of repeated runs (wall time; CPU time beside it where it matters, since other processes
 * share the 2 cores). Prints a table; `--json` prints JSON.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { buildHeatmap, LiquidationModel, toModelBars } from '../src/model/index.ts'
import { loadDataDir } from '../src/data/index.ts'
import { generateMarket } from '../src/synth/generate.ts'
import { writeMarketCsv } from '../src/synth/write-csv.ts'
import { renderHeatmapPng } from '../src/render/index.ts'

export interface BenchResult {
  name: string
  value: number
  unit: string
  target?: string
  pass?: boolean
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

function time(fn: () => void, runs: number): { wall: number; cpu: number } {
  const walls: number[] = []
  const cpus: number[] = []
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    fn()
    walls.push(performance.now() - t0)
    const c = process.cpuUsage(c0)
    cpus.push((c.user + c.system) / 1000)
  }
  return { wall: median(walls), cpu: median(cpus) }
}

async function benchModel(): Promise<BenchResult[]> {
  const out: BenchResult[] = []
  const market = generateMarket({ days: 90, seed: 7 })
  const bars = toModelBars(market)
  // The issue's configuration: 5 tiers × 4 venues (the shipped model on the 5, 10, 25, 50, 100×
  // rungs; weights and half-lives interpolated from the default ladder). Warm-up run (JIT), then
  // the median of 7.
  const five = { leverages: [5, 10, 25, 50, 100] }
  const opts = { symbol: 'BTCUSDT', columns: 1000, rows: 500 }
  buildHeatmap(bars, { ...opts, params: five })
  const hm = time(() => buildHeatmap(bars, { ...opts, params: five }), 7)
  out.push({
    name: 'full rebuild: 90 d of 1m bars, 5m OI, 5 tiers × 4 venues → 1000 × 500 (wall)',
    value: hm.wall,
    unit: 'ms',
    target: '≤ 150 ms',
    pass: hm.wall <= 150,
  })
  out.push({ name: 'full rebuild (CPU time)', value: hm.cpu, unit: 'ms' })
  buildHeatmap(bars, opts)
  const all = time(() => buildHeatmap(bars, opts), 7)
  out.push({
    name: 'full rebuild, shipped defaults (8 tiers × 4 venues) → 1000 × 500 (wall)',
    value: all.wall,
    unit: 'ms',
  })
  const model = new LiquidationModel()
  const warm = bars.length - 2000
  for (let i = 0; i < warm; i++) model.append(bars[i])
  const per: number[] = []
  for (let i = warm; i < bars.length; i++) {
    const t0 = performance.now()
    model.append(bars[i])
    model.clusters()
    per.push(performance.now() - t0)
  }
  const inc = median(per)
  out.push({
    name: 'one-bar incremental update with clusters (median of 2000 bars)',
    value: inc,
    unit: 'ms',
    target: '≤ 0.2 ms',
    pass: inc <= 0.2,
  })
  const liveBar: number[] = []
  for (let i = 0; i < 3; i++) {
    const m2 = new LiquidationModel()
    const t0 = performance.now()
    for (let j = 0; j < bars.length; j++) m2.append(bars[j])
    liveBar.push((performance.now() - t0) / bars.length)
  }
  out.push({
    name: 'live model update per bar, no clusters (mean over 129,600 bars)',
    value: median(liveBar),
    unit: 'ms',
    target: '≤ 0.2 ms',
    pass: median(liveBar) <= 0.2,
  })
  return out
}

async function benchProcess(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'liqheat-bench-'))
  writeMarketCsv(generateMarket({ days: 90, seed: 7 }), dir)
  const bin = resolve(import.meta.dirname, '../bin/liqheat.js')
  const run = (args: string[]): number => {
    const t0 = performance.now()
    execFileSync(process.execPath, [bin, ...args], { stdio: 'ignore' })
    return performance.now() - t0
  }
  const out: BenchResult[] = []
  // In-process: parse only vs parse + model + PNG.
  const parse: number[] = []
  const whole: number[] = []
  for (let i = 0; i < 5; i++) {
    let t0 = performance.now()
    const data = await loadDataDir(dir)
    parse.push(performance.now() - t0)
    t0 = performance.now()
    const d2 = await loadDataDir(dir)
    const grid = buildHeatmap(toModelBars(d2), { symbol: 'BTCUSDT', columns: 1000, rows: 500 })
    renderHeatmapPng(grid, { title: 'bench' })
    whole.push(performance.now() - t0)
    if (data.bars.length === 0) throw new Error('bench data empty')
  }
  out.push({ name: 'in-process: read + parse the 90-day CSVs', value: median(parse), unit: 'ms' })
  out.push({
    name: 'in-process: read + parse + model + PNG',
    value: median(whole),
    unit: 'ms',
    target: '≤ 2 × parse',
    pass: median(whole) <= 2 * median(parse),
  })
  run(['inspect', '--data', dir, '-q'])
  const p: number[] = []
  const h: number[] = []
  for (let i = 0; i < 5; i++) {
    p.push(run(['inspect', '--data', dir, '-q']))
    h.push(
      run([
        'heatmap',
        '--data',
        dir,
        '--out',
        join(dir, 'h.png'),
        '--columns',
        '1000',
        '--rows',
        '500',
        '-q',
      ]),
    )
  }
  out.push({ name: 'process: `liqheat inspect` (read + parse only)', value: median(p), unit: 'ms' })
  out.push({
    name: 'process: `liqheat heatmap … --out h.png` (1000 × 500)',
    value: median(h),
    unit: 'ms',
    target: '≤ 2 × inspect',
    pass: median(h) <= 2 * median(p),
  })
  return out
}

/** Benches written beside their code by each area, when present. */
async function benchAreas(): Promise<BenchResult[]> {
  const out: BenchResult[] = []
  const areas: [string, string][] = [
    ['./mappers.bench.ts', 'benchMappers'],
    ['./store.bench.ts', 'benchStore'],
    ['./sim.bench.ts', 'benchSim'],
    ['./web.bench.ts', 'benchWeb'],
  ]
  for (const [file, fn] of areas) {
    if (!existsSync(resolve(import.meta.dirname, file))) continue
    const mod = (await import(file)) as Record<string, () => Promise<BenchResult[]>>
    try {
      out.push(...(await mod[fn]()))
    } catch (e) {
      out.push({ name: `${file}: failed (${(e as Error).message})`, value: Number.NaN, unit: '' })
    }
  }
  return out
}

const results = [...(await benchModel()), ...(await benchProcess()), ...(await benchAreas())]
if (process.argv.includes('--json')) console.log(JSON.stringify(results, null, 2))
else {
  console.log(
    `liqheat bench — ${new Date().toISOString()} — node ${process.version}, ${(await import('node:os')).cpus().length} cores, load ${(await import('node:os')).loadavg()[0].toFixed(2)}`,
  )
  for (const r of results)
    console.log(
      `${r.pass === undefined ? '    ' : r.pass ? 'PASS' : 'MISS'}  ${r.name}: ${Number.isFinite(r.value) ? r.value.toFixed(r.value < 1 ? 3 : 1) : 'n/a'} ${r.unit}${r.target ? `  (target ${r.target})` : ''}`,
    )
}
