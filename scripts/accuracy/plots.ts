/**
 * The plots of docs/accuracy.md, from the fits in scripts/accuracy/results.json:
 * - docs/img/real-test-<window>.png: realized vs predicted liquidations per bar on the test span
 *   (round 1's J, round 2's J, adverse-move baseline), each prediction scaled to the realized total;
 * - docs/img/sim-map-<seed>[-100k].png: true vs estimated liquidation-level distribution at one
 *   sample of an unseen simulated market (10 000 and 100 000 traders), at 0.15 % and 0.5 % bins.
 *
 *   npx tsx scripts/accuracy/plots.ts
 * @module
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { adverseMoveBaseline } from '../../src/eval/baselines.ts'
import { realizedPerBar } from '../../src/eval/evaluate.ts'
import { StandingTruth } from '../../src/eval/truth/index.ts'
import {
  LiquidationModel,
  runSweeps,
  toModelBars,
  type ModelParams,
} from '../../src/model/index.ts'
import { COLORS, savePanels, type Panel } from './chart.ts'
import {
  GOAL_WINDOWS,
  loadRealWindow,
  simMarket,
  SIM_LARGE_TRADERS,
  SIM_TEST_SEEDS,
} from './method.ts'

const HERE = import.meta.dirname
const IMG = resolve(HERE, '../../docs/img')
mkdirSync(IMG, { recursive: true })
const results = JSON.parse(readFileSync(resolve(HERE, 'results.json'), 'utf8')) as {
  fits: Record<string, { params: Partial<ModelParams> }>
}
/** Round 1's point J (the previous defaults) and round 2's proposed J (the shipped defaults). */
const points = { defaults: results.fits.round1.params, J: results.fits.J.params }
const day = (t: number): string => new Date(t).toISOString().slice(5, 10)

for (const name of GOAL_WINDOWS) {
  const w = await loadRealWindow(name)
  const bars = toModelBars(w.data)
  const realized = realizedPerBar(w.data)
  const idx = bars.flatMap((b, i) => (b.ts >= w.test.from && realized.has(b.ts) ? [i] : []))
  const x = idx.map((i) => bars[i].ts)
  const preds = {
    defaults: runSweeps(bars, points.defaults),
    J: runSweeps(bars, points.J),
    adverse: adverseMoveBaseline(bars),
  }
  const panels: Panel[] = (['long', 'short'] as const).map((side) => {
    const key = side === 'long' ? 'longUsd' : 'shortUsd'
    const y = idx.map((i) => {
      const r = realized.get(bars[i].ts)
      return ((side === 'long' ? r?.long : r?.short) ?? 0) / 1e6
    })
    const total = y.reduce((a, b) => a + b, 0)
    const scaled = (rows: readonly { longUsd: number; shortUsd: number }[]): number[] => {
      const v = idx.map((i) => rows[i][key])
      const s = v.reduce((a, b) => a + b, 0)
      return v.map((u) => (s > 0 ? (u * total) / s : 0))
    }
    const ticks: number[] = []
    for (let t = Math.ceil(x[0] / 86_400_000) * 86_400_000; t <= x[x.length - 1]; t += 86_400_000)
      ticks.push(t)
    const thin = Math.ceil(ticks.length / 14)
    return {
      title: `${side === 'long' ? 'Longs' : 'Shorts'} liquidated per bar`,
      xLabel: 'UTC date',
      yLabel: 'USD millions (predictions scaled)',
      xTick: day,
      xTicks: ticks.filter((_, i) => i % thin === 0),
      series: [
        { label: 'realized', color: COLORS.truth, x, y, kind: 'bars' },
        {
          label: 'adverse move × OI',
          color: COLORS.baseline,
          x,
          y: scaled(preds.adverse),
          kind: 'dash',
          width: 1,
        },
        {
          label: 'model, round 1 (previous defaults)',
          color: COLORS.defaults,
          x,
          y: scaled(preds.defaults),
          kind: 'line',
          width: 1.2,
        },
        {
          label: 'model, round 2 (J, shipped)',
          color: COLORS.fitted,
          x,
          y: scaled(preds.J),
          kind: 'line',
          width: 1.4,
        },
      ],
    }
  })
  savePanels(
    resolve(IMG, `real-test-${name.slice(0, 2)}.png`),
    `${name}: test span (last 40 %), realized vs predicted liquidations per bar`,
    'Each prediction is scaled so its total over the span equals the realized total: only the shape is compared (correlations in the tables).',
    panels,
  )
  console.log(`wrote docs/img/real-test-${name.slice(0, 2)}.png`)
}

// One unseen simulated market, at the sample 5 days into the published week: with the default
// 10 000 traders and with SIM_LARGE_TRADERS.
for (const traders of [undefined, SIM_LARGE_TRADERS]) simMap(SIM_TEST_SEEDS[0], traders)

function simMap(seed: number, traders: number | undefined): void {
  const sim = simMarket(seed, 'default', traders)
  const bars = toModelBars(sim.market)
  const at = bars[0].ts + 5 * 86_400_000
  const models = {
    defaults: new LiquidationModel(points.defaults, { track: false }),
    J: new LiquidationModel(points.J, { track: false }),
  }
  for (const b of bars) {
    if (b.ts + sim.market.timeframeMs > at) break
    models.defaults.append(b)
    models.J.append(b)
  }
  const truth = new StandingTruth(sim.truth)
  truth.advanceTo(at)
  const panels: Panel[] = [200, 60].map((bins) => {
    const maps = {
      defaults: models.defaults.map({ bins, rangePct: 15 }),
      J: models.J.map({ bins, rangePct: 15 }),
    }
    const g = { priceMin: maps.J.priceMin, step: maps.J.step, bins }
    const tl = new Float64Array(bins)
    const ts = new Float64Array(bins)
    truth.histogram(1, g, tl)
    truth.histogram(-1, g, ts)
    const price = maps.J.price
    const pIdx = Math.floor((price - g.priceMin) / g.step)
    const x = Array.from(
      { length: bins },
      (_, i) => ((g.priceMin + (i + 0.5) * g.step) / price - 1) * 100,
    )
    // Each side normalised to unit mass over its half of the grid, as the metrics do.
    const norm = (long: ArrayLike<number>, short: ArrayLike<number>): number[] => {
      let sl = 0
      let ss = 0
      for (let i = 0; i < bins; i++) {
        if (i <= pIdx) sl += long[i]
        if (i >= pIdx) ss += short[i]
      }
      return x.map((_, i) => (i <= pIdx ? long[i] / sl : 0) + (i >= pIdx ? short[i] / ss : 0))
    }
    const binPct = ((g.step / price) * 100).toFixed(2)
    return {
      title: `${bins} bins (${binPct} % of price): longs below the price, shorts above`,
      xLabel: 'liquidation price, % from the current price',
      yLabel: 'share of the side’s notional per bin',
      markers: [{ x: 0, label: 'price' }],
      series: [
        { label: 'true standing levels', color: COLORS.truth, x, y: norm(tl, ts), kind: 'bars' },
        {
          label: 'model, round 1 (previous defaults)',
          color: COLORS.defaults,
          x,
          y: norm(maps.defaults.long, maps.defaults.short),
          kind: 'line',
          width: 1.3,
        },
        {
          label: 'model, round 2 (J, shipped)',
          color: COLORS.fitted,
          x,
          y: norm(maps.J.long, maps.J.short),
          kind: 'line',
          width: 1.5,
        },
      ],
    }
  })
  const file = `sim-map-${seed}${traders ? `-${traders / 1000}k` : ''}.png`
  savePanels(
    resolve(IMG, file),
    `Simulated market seed ${seed} (unseen in calibration, ${(traders ?? 10_000).toLocaleString('en')} traders), ${new Date(at).toISOString().slice(0, 16)} UTC: true vs estimated liquidation levels`,
    'SIMULATED data. The true levels are every standing position’s liquidation price from the simulator’s truth log; the model read only the public series.',
    panels,
  )
  console.log(`wrote docs/img/${file}`)
}
