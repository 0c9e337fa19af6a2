/**
 * The session review as one self-contained HTML page: inline CSS and SVG, no scripts, no external
 * assets, every number from the `ReviewReport` (the same numbers `--format json` prints).
 * @module
 */
import { isoUtc, msToTimeframe } from '../core/time.ts'
import { formatUsd } from '../render/format.ts'
import type { BaselineRate, Rate } from './outcome.ts'
import type { ReviewReport } from './review.ts'
import { esc, priceChart, ratesChart } from './svg.ts'

const pct = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(1)} %`)
const px = (v: number): string =>
  v.toLocaleString('en-US', { maximumFractionDigits: v >= 1000 ? 0 : 2 })

function rateRow(label: string, map: Rate, base: BaselineRate, help: string): string {
  const verdict =
    map.rate === null || base.atLeastMap === null || base.atMostMap === null
      ? 'not enough cases'
      : base.atLeastMap <= 0.05
        ? 'higher than random levels (p ≤ 0.05)'
        : base.atMostMap <= 0.05
          ? 'lower than random levels (p ≤ 0.05)'
          : 'within the range of random levels'
  return `<tr><td>${esc(label)}<div class="dim">${esc(help)}</div></td><td>${pct(map.rate)}<div class="dim">${map.hits} of ${map.of}</div></td>
<td>${pct(base.mean)}<div class="dim">5–95 %: ${pct(base.p5)} – ${pct(base.p95)}</div></td><td>${base.atLeastMap === null ? '—' : base.atLeastMap.toFixed(3)} / ${base.atMostMap === null ? '—' : base.atMostMap.toFixed(3)}</td><td>${verdict}</td></tr>`
}

export function renderReviewHtml(r: ReviewReport): string {
  const m = r.method
  const title = `${r.symbol} session review ${isoUtc(r.from)} → ${isoUtc(r.to)} (estimated)`
  const rows = [
    { label: 'clusters swept', map: r.sweeps.swept, base: r.sweepsBaseline.swept },
    { label: 'reversal after sweep', map: r.sweeps.reversal, base: r.sweepsBaseline.reversal },
    {
      label: 'continuation after sweep',
      map: r.sweeps.continuation,
      base: r.sweepsBaseline.continuation,
    },
    { label: 'nearer side first', map: r.sideFirst.nearer, base: r.sideFirstBaseline.nearer },
    { label: 'heavier side first', map: r.sideFirst.heavier, base: r.sideFirstBaseline.heavier },
  ]
  const clusterRows = r.start.clusters
    .map(
      (c) =>
        `<tr class="${c.cluster.side}"><td>${c.cluster.side}</td><td>${px(c.cluster.peakPrice)}</td><td>${px(c.cluster.priceLow)}–${px(c.cluster.priceHigh)}</td><td>${c.cluster.distancePct.toFixed(2)} %</td><td>${formatUsd(c.cluster.notionalUsd)}</td><td>${c.sweptAt === null ? '—' : esc(isoUtc(c.sweptAt))}</td><td>${c.outcome}</td></tr>`,
    )
    .join('\n')
  const t = r.sideFirst.trials
  const firsts = (k: string): number => t.filter((x) => x.first === k).length
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body{margin:0;padding:24px 32px;background:#0f1115;color:#d7dae0;font:14px/1.45 system-ui,sans-serif;max-width:980px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
table{border-collapse:collapse;width:100%;margin:8px 0}td,th{padding:5px 8px;border-bottom:1px solid #262a33;text-align:left;vertical-align:top}
th{color:#9aa1ad;font-weight:600}.dim{color:#7d8490;font-size:12px}tr.long td:first-child{color:#3fa9f5}tr.short td:first-child{color:#ff8a3d}
.note{background:#2a2212;border-left:3px solid #d9a23a;padding:6px 10px;margin:8px 0}svg{max-width:100%;height:auto;display:block;margin:8px 0}
</style></head><body>
<h1>${esc(title)}</h1>
<div class="dim">Every cluster and dollar figure is a model estimate (liqheat). ${r.session.bars} bars of ${msToTimeframe(r.timeframeMs)}; the model was warmed up on ${m.warmupBars} earlier bars.</div>
${r.notes.map((n) => `<div class="note">${esc(n)}</div>`).join('\n')}
<p>Session: open ${px(r.session.open)}, high ${px(r.session.high)}, low ${px(r.session.low)}, close ${px(r.session.close)}. At the start price was ${px(r.start.price)}; asymmetry (longs below / shorts above within ±2 %) ${r.start.asymmetryRatio === null ? '∞' : r.start.asymmetryRatio.toFixed(2)}.</p>
<h2>Price and the clusters mapped at the start</h2>
${priceChart(r)}
<div class="dim">Lines: clusters at the start (blue long liquidations below price, orange shorts above; thicker = more USD). A line ends with a circle where price swept it; dashed = never reached.</div>
<h2>Did the map help?</h2>
${ratesChart(rows)}
<table><tr><th>question</th><th>map</th><th>random levels (${m.draws} draws, seed ${m.seed})</th><th>share of draws ≥ / ≤ map</th><th>reading</th></tr>
${rateRow('clusters swept', r.sweeps.swept, r.sweepsBaseline.swept, 'share of the start clusters price reached during the session')}
${rateRow('reversal after sweep', r.sweeps.reversal, r.sweepsBaseline.reversal, `price came back ${m.reversalPct} % from the level within ${m.reversalBars} bars before going ${m.reversalPct} % further`)}
${rateRow('continuation after sweep', r.sweeps.continuation, r.sweepsBaseline.continuation, `price went ${m.reversalPct} % further through the level first`)}
${rateRow('nearer side first', r.sideFirst.nearer, r.sideFirstBaseline.nearer, `every ${m.stepHours} h: was the nearer of the nearest clusters above and below reached first?`)}
${rateRow('heavier side first', r.sideFirst.heavier, r.sideFirstBaseline.heavier, 'was the side with the larger of those two clusters reached first?')}
</table>
<div class="dim">Swept clusters whose outcome was ambiguous (both in one bar): ${r.sweeps.ambiguous}; unresolved at the session's end: ${r.sweeps.unresolved}. Trials: ${t.length} (above first ${firsts('above')}, below first ${firsts('below')}, both in one bar ${firsts('both')}, neither ${firsts('neither')}). Random levels sit at the same distances from price as the map's, on a random side; "share of draws ≥ map" is a one-sided p-value (small: the map's rate is higher than chance), "≤ map" the other side. Whether higher is better depends on the question (a trader fading sweeps wants reversals; one riding them, continuations).</div>
<h2>Clusters at the start</h2>
<table><tr><th>side</th><th>peak</th><th>span</th><th>distance</th><th>notional (est.)</th><th>swept at</th><th>then</th></tr>
${clusterRows || '<tr><td colspan="7">no clusters (the model had no positions mapped)</td></tr>'}
</table>
<p class="dim">Method: docs/workflow.md § Session review. Generated by liqheat; self-contained (no scripts, no external assets).</p>
</body></html>
`
}
