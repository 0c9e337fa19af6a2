/**
 * The side panel's cluster list: the three nearest estimated clusters above and below price
 * (price, distance, notional, side, age, fresh/stale, growing/shrinking, round number), the
 * asymmetry gauge and, when asked for, resting book depth at each cluster. Each row has an alert
 * button (a bell) handing the cluster to `onAlert`.
 * @module
 */
import type { Cluster, ClusterReport, Overlay } from '../client/api.ts'
import { hours, pct, price as fmtPrice, usd } from '../app/format.ts'
import { h } from './dom.ts'
import { bellIcon } from './icons.ts'

function growth(c: Cluster): number {
  if (c.growthPerHour !== undefined) return c.growthPerHour
  return c.notionalUsd > 0 ? (c.growthUsdPerHour ?? 0) / c.notionalUsd : 0
}

function depthFor(depth: Overlay | undefined, c: Cluster): string | undefined {
  if (!depth || !depth.available) return undefined
  const lv = (depth.levels as { priceLow: number; bidQty: number; askQty: number }[]).find(
    (l) => l.priceLow === c.priceLow,
  )
  return lv ? `book ${(lv.bidQty + lv.askQty).toFixed(1)}` : undefined
}

/** Called with the cluster and the button clicked (to anchor a menu). */
export type OnAlert = (c: Cluster, anchor: HTMLElement) => void

function row(c: Cluster, depth: Overlay | undefined, onAlert: OnAlert | undefined): HTMLElement {
  const g = growth(c)
  const fresh = c.freshShare >= 0.5
  const d = depthFor(depth, c)
  return h(
    'li',
    {
      class: `cluster ${c.side}`,
      'data-price': c.peakPrice.toFixed(2),
      title: `${fmtPrice(c.priceLow)} – ${fmtPrice(c.priceHigh)}`,
    },
    h(
      'span',
      { class: 'c-price' },
      fmtPrice(c.peakPrice),
      c.roundNumber
        ? h('span', { class: 'round', title: 'round number inside the cluster' }, ' ◆')
        : '',
    ),
    h('span', { class: 'c-dist' }, pct(c.distancePct)),
    h('span', { class: 'c-usd' }, usd(c.notionalUsd)),
    h(
      'span',
      { class: 'c-meta' },
      h('span', { class: 'age' }, hours(c.ageHours)),
      h(
        'span',
        {
          class: `badge ${fresh ? 'fresh' : 'stale'}`,
          title: `${Math.round(c.freshShare * 100)} % seeded in the last 24 h`,
        },
        fresh ? 'fresh' : 'stale',
      ),
      h(
        'span',
        { class: `trend ${g >= 0 ? 'up' : 'down'}`, title: `${(g * 100).toFixed(1)} % per hour` },
        g >= 0 ? '▲ growing' : '▼ shrinking',
      ),
      d ? h('span', { class: 'depth' }, d) : '',
    ),
    onAlert
      ? h(
          'button',
          {
            class: 'alert-btn',
            title: 'alert me on this cluster',
            'aria-label': `alert on the ${c.side} cluster at ${fmtPrice(c.peakPrice)}`,
            onclick: (e: Event) => {
              e.stopPropagation()
              onAlert(c, e.currentTarget as HTMLElement)
            },
          },
          bellIcon(),
        )
      : undefined,
  )
}

/** Rows kept per side, so the panel's height (and everything below it) does not jump. */
const ROWS_PER_SIDE = 3

/** An invisible row holding a missing cluster's place. */
function placeholder(): HTMLElement {
  return h(
    'li',
    { class: 'cluster-slot', 'aria-hidden': 'true' },
    h('span', { class: 'c-price' }, '—'),
    h('span', { class: 'c-meta' }, h('span', {}, '—')),
  )
}

const pad = (n: number): HTMLElement[] =>
  Array.from({ length: Math.max(0, ROWS_PER_SIDE - n) }, placeholder)

export function renderClusters(
  el: HTMLElement,
  r: ClusterReport | undefined,
  depth: Overlay | undefined,
  error?: string,
  onAlert?: OnAlert,
): void {
  el.replaceChildren()
  if (error) {
    el.append(h('p', { class: 'muted error' }, error))
    return
  }
  if (!r) {
    el.append(h('p', { class: 'muted' }, 'loading…'))
    return
  }
  const a = r.asymmetry
  const total = a.longBelowUsd + a.shortAboveUsd
  const longShare = total > 0 ? a.longBelowUsd / total : 0.5
  el.append(
    h('div', { class: 'side-label short' }, 'Above · short liquidations'),
    h(
      'ol',
      { class: 'clusters above', id: 'clusters-above' },
      ...pad(r.above.length),
      ...[...r.above].reverse().map((c) => row(c, depth, onAlert)),
    ),
    h('div', { class: 'price-row' }, h('span', {}, 'Price'), h('b', {}, fmtPrice(r.price))),
    h(
      'ol',
      { class: 'clusters below', id: 'clusters-below' },
      ...r.below.map((c) => row(c, depth, onAlert)),
      ...pad(r.below.length),
    ),
    h('div', { class: 'side-label long' }, 'Below · long liquidations'),
    h(
      'div',
      { class: 'gauge', title: `within ±${a.windowPct}% of price` },
      h(
        'div',
        { class: 'gauge-head' },
        h('span', {}, `Asymmetry ±${a.windowPct}%`),
        h('b', {}, a.ratio === null ? '∞' : `${a.ratio.toFixed(2)}×`),
      ),
      h(
        'div',
        { class: 'gauge-bar' },
        h('div', { class: 'gauge-long', style: `width:${(longShare * 100).toFixed(1)}%` }),
        h('div', { class: 'gauge-short' }),
      ),
      h(
        'div',
        { class: 'gauge-foot' },
        h('span', { class: 'long' }, `Longs below ${usd(a.longBelowUsd)}`),
        h('span', { class: 'short' }, `Shorts above ${usd(a.shortAboveUsd)}`),
      ),
    ),
  )
  if (depth && !depth.available)
    el.append(h('p', { class: 'muted small' }, `Book depth: ${depth.reason}`))
}
