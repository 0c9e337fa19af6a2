/**
 * Simulation speed: simulated days per wall-clock second for 1m bars with 10 000 traders (the
 * burn-in counts as simulated time), best of three runs; also with 50 000 traders, and the time
 * to write the files. Target: ≥ 1 simulated day per second at 10 000 traders.
 * @module
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { simulate, writeSimFiles } from '../src/sim/index.ts'

const DAYS = 7
const BURN_IN = 2

function daysPerSecond(traders: number, rounds = 3): number {
  let best = Infinity
  for (let r = 0; r < rounds; r++) {
    const t = performance.now()
    const res = simulate({
      seed: 100 + r,
      days: DAYS,
      tfMs: 60_000,
      params: { traders, burnInDays: BURN_IN },
    })
    best = Math.min(best, performance.now() - t)
    if (res.market.bars.length !== DAYS * 1440) throw new Error('wrong number of bars')
  }
  return (DAYS + BURN_IN) / (best / 1000)
}

export async function benchSim(): Promise<{ name: string; value: number; unit: string }[]> {
  const out = [
    { name: 'sim 1m bars, 10k traders', value: daysPerSecond(10_000), unit: 'simulated days/s' },
    { name: 'sim 1m bars, 50k traders', value: daysPerSecond(50_000, 1), unit: 'simulated days/s' },
  ]
  const res = simulate({ seed: 1, days: DAYS, params: { traders: 10_000, burnInDays: BURN_IN } })
  const dir = await mkdtemp(join(tmpdir(), 'liqheat-simbench-'))
  try {
    const t = performance.now()
    await writeSimFiles(res, dir)
    out.push({ name: `write files, ${DAYS} days 1m`, value: performance.now() - t, unit: 'ms' })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  return out
}

const isMain = process.argv[1] !== undefined && /sim\.bench\.ts$/.test(process.argv[1])
if (isMain)
  for (const r of await benchSim()) console.log(`${r.name}: ${r.value.toFixed(2)} ${r.unit}`)
