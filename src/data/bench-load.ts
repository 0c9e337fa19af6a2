/**
 * Load-speed benchmark for the file importer: writes a synthetic folder the size of a real
 * download (N days of 1m klines plus 5m metrics, Binance Vision columns) and times `loadDataDir`
 * on it (read + parse + validate, the whole import). `bench/` can import `benchLoad`; run alone:
 * `npx tsx src/data/bench-load.ts [days] [runs]`.
 * @module
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { loadDataDir } from './load-dir.ts'

const MINUTE = 60_000
const START = Date.UTC(2024, 0, 1)

/** Writes `BTCUSDT-1m.csv` (days × 1440 rows) and `BTCUSDT-metrics.csv` (days × 288) into `dir`. */
export async function writeSyntheticDataDir(dir: string, days: number): Promise<void> {
  const bars = days * 1440
  const kl = [
    'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore',
  ]
  let price = 42000
  for (let i = 0; i < bars; i++) {
    const t = START + i * MINUTE
    const open = price
    price = Math.max(1000, price * (1 + Math.sin(i * 0.37) * 0.001))
    const high = Math.max(open, price) * 1.0004
    const low = Math.min(open, price) * 0.9996
    const vol = 20 + (i % 97) * 0.731
    const tb = vol * 0.48
    kl.push(
      `${t},${open.toFixed(2)},${high.toFixed(2)},${low.toFixed(2)},${price.toFixed(2)},${vol.toFixed(5)},${t + MINUTE - 1},${(vol * price).toFixed(8)},${1000 + (i % 500)},${tb.toFixed(5)},${(tb * price).toFixed(8)},0`,
    )
  }
  const me = [
    'create_time,symbol,sum_open_interest,sum_open_interest_value,count_toptrader_long_short_ratio,sum_toptrader_long_short_ratio,count_long_short_ratio,sum_taker_long_short_vol_ratio',
  ]
  for (let i = 0; i < days * 288; i++) {
    const t = new Date(START + i * 5 * MINUTE).toISOString().slice(0, 19).replace('T', ' ')
    const oi = 80000 + (i % 1000) * 3.217
    me.push(`${t},BTCUSDT,${oi.toFixed(4)},${(oi * 42000).toFixed(8)},1.1,1.2,1.3,1.4`)
  }
  await writeFile(join(dir, 'BTCUSDT-1m.csv'), kl.join('\n') + '\n')
  await writeFile(join(dir, 'BTCUSDT-metrics.csv'), me.join('\n') + '\n')
}

export interface LoadTiming {
  readonly rows: number
  /** Wall time of each run, ms (the first run includes JIT warm-up, as a CLI call would). */
  readonly runsMs: readonly number[]
  readonly medianMs: number
  /** Median process CPU time (user + system, all threads) of a run, ms. */
  readonly medianCpuMs: number
  /** Median wall time of a naive read + split + Number() of the kline file, for scale. */
  readonly naiveMs: number
}

const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** What a simple importer would do: split lines and cells, Number() each, build objects. */
async function naiveKlines(file: string): Promise<number> {
  const text = await readFile(file, 'utf8')
  const bars = text
    .split('\n')
    .slice(1)
    .filter((l) => l !== '')
    .map((l) => {
      const f = l.split(',').map(Number)
      return { ts: f[0], open: f[1], high: f[2], low: f[3], close: f[4], volume: f[5] }
    })
  return bars.length
}

/** Writes a synthetic folder of `days` days, loads it `runs` times, returns the timings. */
export async function benchLoad(days = 90, runs = 5): Promise<LoadTiming> {
  const dir = await mkdtemp(join(tmpdir(), 'liqheat-bench-'))
  try {
    await writeSyntheticDataDir(dir, days)
    const runsMs: number[] = []
    const cpuMs: number[] = []
    const naive: number[] = []
    let rows = 0
    for (let i = 0; i < runs; i++) {
      const c0 = process.cpuUsage()
      const t0 = performance.now()
      const md = await loadDataDir(dir)
      runsMs.push(performance.now() - t0)
      const c = process.cpuUsage(c0)
      cpuMs.push((c.user + c.system) / 1000)
      rows = md.bars.length + md.openInterest.length
      const t1 = performance.now()
      await naiveKlines(join(dir, 'BTCUSDT-1m.csv'))
      naive.push(performance.now() - t1)
    }
    return {
      rows,
      runsMs,
      medianMs: median(runsMs),
      medianCpuMs: median(cpuMs),
      naiveMs: median(naive),
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const days = Number(process.argv[2] ?? 90)
  const runs = Number(process.argv[3] ?? 5)
  const t = await benchLoad(days, runs)
  const each = t.runsMs.map((m) => m.toFixed(1)).join(', ')
  console.log(
    `loadDataDir: ${t.rows} rows, median ${t.medianMs.toFixed(1)} ms wall, ${t.medianCpuMs.toFixed(1)} ms CPU (runs: ${each}); naive split+Number of the klines alone: ${t.naiveMs.toFixed(1)} ms`,
  )
}
