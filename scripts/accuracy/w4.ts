/**
 * A qualitative check on w4 (Binance perp 5m klines, 2025-09-19 → 10-27, with the 2025-10-10
 * crash; no open interest, no realized liquidations, so nothing to score): where the shipped
 * defaults predict the largest long liquidations, per bar and per day, and the crash day's long
 * share. Reported in docs/accuracy.md ("w4").
 *
 *   npx tsx scripts/accuracy/w4.ts
 * @module
 */
import { join } from 'node:path'
import { loadDataDir } from '../../src/data/index.ts'
import { runSweeps, toModelBars } from '../../src/model/index.ts'
import { REAL_DIR } from './method.ts'

const data = await loadDataDir(join(REAL_DIR, 'w4-2025-10-5m'))
const bars = toModelBars(data)
// The first day only warms the model up, as everywhere else.
const from = bars[0].ts + 24 * 3_600_000
const rows = runSweeps(bars, {}).filter((r) => r.ts >= from)
const m = (usd: number): string => `$${(usd / 1e6).toFixed(0)}M`
const iso = (ts: number): string => new Date(ts).toISOString().slice(0, 16).replace('T', ' ')

console.log('largest predicted long liquidations, per 5m bar:')
for (const r of [...rows].sort((a, b) => b.longUsd - a.longUsd).slice(0, 5))
  console.log(`  ${iso(r.ts)}  longs ${m(r.longUsd)}  shorts ${m(r.shortUsd)}`)

const days = new Map<string, { long: number; short: number }>()
for (const r of rows) {
  const k = iso(r.ts).slice(0, 10)
  const d = days.get(k) ?? { long: 0, short: 0 }
  d.long += r.longUsd
  d.short += r.shortUsd
  days.set(k, d)
}
const byLong = [...days.entries()].sort((a, b) => b[1].long - a[1].long)
const longs = [...days.values()].map((d) => d.long).sort((a, b) => a - b)
const median = longs[Math.floor(longs.length / 2)]
console.log(`per UTC day (${days.size} days; median day: longs ${m(median)}):`)
for (const [k, d] of byLong.slice(0, 3))
  console.log(
    `  ${k}  longs ${m(d.long)} (${(d.long / median).toFixed(0)}× the median day)  shorts ${m(d.short)}  long share ${((100 * d.long) / (d.long + d.short)).toFixed(0)} %`,
  )
