/**
 * The side panel's Accuracy card: how the running model did over the last 24 h
 * (`GET /api/accuracy`) — its predicted liquidations per bar against those the venues reported,
 * beside the better of the two naive baselines, by side, Spearman and Pearson. Loaded each time
 * the card is opened, for the symbol on screen.
 * @module
 */
import { getJson } from '../client/api.ts'
import { h } from './dom.ts'

type Values = Readonly<Record<string, number | null>>

/** The answer of `GET /api/accuracy` (the fields the card shows). */
export type AccuracyInfo = {
  readonly estimated: true
  readonly symbol: string
  readonly hours: number
  readonly realizedVenues: readonly string[]
} & (
  | {
      readonly available: true
      readonly result: {
        readonly bars: number
        readonly from: number
        readonly to: number
        readonly rows: readonly { side: string; measure: string; values: Values }[]
        readonly beatsBaselines: boolean
      }
    }
  | { readonly available: false; readonly reason: string }
)

const f2 = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(2)

/** The better of the baselines (a constant baseline, null, counts as 0 as in the evaluation). */
function bestBaseline(v: Values): number {
  return Math.max(
    ...Object.entries(v)
      .filter(([k]) => k !== 'model')
      .map(([, x]) => (x === null || !Number.isFinite(x) ? 0 : x)),
  )
}

/** The card's content for `a`. */
export function accuracyView(a: AccuracyInfo): HTMLElement {
  if (!a.available)
    return h(
      'div',
      { class: 'model-info' },
      h('p', {}, `Nothing to measure yet for ${a.symbol}: ${a.reason}`),
    )
  const r = a.result
  const table = h(
    'table',
    { class: 'model-ladder accuracy-table' },
    h('tr', {}, h('th', {}, ''), h('th', {}, 'model'), h('th', {}, 'best baseline')),
    ...r.rows.map((row) => {
      const base = bestBaseline(row.values)
      const model = row.values.model
      const wins = model !== null && Number.isFinite(model) && model > base
      return h(
        'tr',
        {},
        h('td', {}, `${row.side} ${row.measure}`),
        h('td', { class: wins ? 'acc-win' : 'acc-lose' }, f2(model)),
        h('td', {}, f2(base)),
      )
    }),
  )
  return h(
    'div',
    { class: 'model-info' },
    h(
      'p',
      {},
      `Last ${a.hours} h, ${r.bars} bars: predicted vs reported liquidations per bar ` +
        `(${a.realizedVenues.join(', ')}).`,
    ),
    table,
    h(
      'p',
      { class: r.beatsBaselines ? 'acc-win' : 'acc-lose' },
      r.beatsBaselines
        ? 'Beats both naive baselines on every side and measure.'
        : 'Does not beat both naive baselines everywhere.',
    ),
    h(
      'p',
      { class: 'muted' },
      'Correlations of bars, not a forecast of any one bar. On live data venues report only part of their ' +
        'liquidations (Binance at most one per second). Method: docs/accuracy.md.',
    ),
  )
}

/** Loads and renders the card into `host` each time `card` is opened. */
export function startAccuracyCard(
  card: HTMLDetailsElement,
  host: HTMLElement,
  symbol: () => string,
): void {
  const load = (): void => {
    if (!card.open) return
    host.replaceChildren(h('p', { class: 'muted' }, 'measuring…'))
    getJson<AccuracyInfo>(`/api/accuracy?symbol=${encodeURIComponent(symbol())}`).then(
      (a) => host.replaceChildren(accuracyView(a)),
      (err: unknown) =>
        host.replaceChildren(
          h(
            'p',
            { class: 'muted' },
            `accuracy: ${err instanceof Error ? err.message : String(err)}`,
          ),
        ),
    )
  }
  card.addEventListener('toggle', load)
  load()
}
