/**
 * The Export card: the heatmap as PNG, a TradingView Pine Script of the clusters, CSVs (grid,
 * map, clusters) and a link to the session review. Each link is built when clicked, from the
 * view at that moment.
 * @module
 */
import {
  csvUrl,
  pineUrl,
  pngUrl,
  REVIEW_SPANS,
  reviewUrl,
  type CsvWhat,
} from '../app/export-links.ts'
import type { ViewStore } from '../app/state.ts'
import { h } from './dom.ts'

/** `end()` is the newest data time (UTC ms), or undefined before the first load. */
export function renderExports(
  el: HTMLElement,
  store: ViewStore,
  end: () => number | undefined,
): void {
  const link = (id: string, label: string, title: string, href: () => string, download = true) =>
    h(
      'a',
      {
        id,
        class: 'btn',
        href: '#',
        title,
        ...(download ? { download: '' } : { target: '_blank', rel: 'noopener' }),
        onclick: (e: Event) => {
          ;(e.currentTarget as HTMLAnchorElement).href = href()
        },
      },
      label,
    )
  const what = h(
    'select',
    { id: 'export-csv-what', 'aria-label': 'CSV contents' },
    h('option', { value: 'grid' }, 'heatmap grid'),
    h('option', { value: 'map' }, 'liquidation map'),
    h('option', { value: 'clusters' }, 'clusters'),
  )
  const span = h(
    'select',
    { id: 'review-span', 'aria-label': 'session length' },
    ...REVIEW_SPANS.map((hrs) =>
      h(
        'option',
        { value: String(hrs), selected: hrs === 24 },
        hrs < 48 ? `last ${hrs} h` : `last ${hrs / 24} d`,
      ),
    ),
  )
  const review = link(
    'export-review',
    'Session review ↗',
    'Which clusters were swept in the session, what followed, and how that compares with random levels',
    () => {
      const t = end()
      return t === undefined ? '#' : reviewUrl(store.state, t, Number(span.value))
    },
    false,
  )
  el.replaceChildren(
    h(
      'div',
      { class: 'row split' },
      link('export-png', 'PNG', 'the heatmap as drawn here (palette, intensity, clip)', () =>
        pngUrl(store.state),
      ),
      link(
        'export-pine',
        'Pine Script',
        'a TradingView Pine v6 indicator drawing the current estimated clusters',
        () => pineUrl(store.state),
      ),
    ),
    h(
      'div',
      { class: 'row' },
      what,
      link('export-csv', 'CSV', 'download as CSV', () =>
        csvUrl(store.state, what.value as CsvWhat),
      ),
    ),
    h('div', { class: 'row' }, span, review),
    h('p', { class: 'muted small' }, 'Every level in these files is a model estimate.'),
  )
}
