/**
 * The side panel's Model card: every parameter of the model the server runs (`GET /api/model`),
 * loaded the first time the card is opened — the leverage ladder with each rung's share of new
 * positions and half-life, then what opens positions, where they enter and the rest, each in
 * words with its value. Meanings and units are those of docs/model.md.
 * @module
 */
import { getJson } from '../client/api.ts'
import { h } from './dom.ts'

/** The answer of `GET /api/model` (the fields the card shows). */
export interface ModelInfo {
  readonly estimated: true
  readonly params: {
    readonly leverages: readonly number[]
    readonly leverageWeights: readonly number[]
    readonly halfLifeHours: readonly number[]
    readonly venues: readonly string[]
    readonly venueShares: Readonly<Record<string, number>>
    readonly seedFrom: 'oi' | 'volume' | 'both'
    readonly volumeSeedFraction: number
    readonly entrySpread: number
    readonly levelSpread: number
    readonly sameBarShare: number
    readonly aggressorTilt: number
    readonly takeProfitShare: number
    readonly takeProfitDistance: number
    readonly stopLossShare: number
    readonly stopLossDistance: number
    readonly positionNotionalUsd: number
    readonly binPct: number
  }
  readonly calibration: string
  readonly docs: string
}

const pct = (x: number, digits = 0): string => `${(100 * x).toFixed(digits)} %`

const SEED: Record<ModelInfo['params']['seedFrom'], (p: ModelInfo['params']) => string> = {
  oi: () => 'open-interest rises (falls close positions in proportion)',
  volume: (p) => `${pct(p.volumeSeedFraction)} of each bar's volume, per side`,
  both: (p) =>
    `${pct(p.volumeSeedFraction)} of each bar's volume, plus open-interest rises (falls close positions in proportion)`,
}

/** The card's content for `m`. */
export function modelView(m: ModelInfo): HTMLElement {
  const p = m.params
  const ladder = h(
    'table',
    { class: 'model-ladder' },
    h('tr', {}, h('th', {}, 'leverage'), h('th', {}, 'share of new'), h('th', {}, 'half-life')),
    ...p.leverages.map((l, i) =>
      h(
        'tr',
        {},
        h('td', {}, `${l}×`),
        h('td', {}, pct(p.leverageWeights[i], 1)),
        h('td', {}, `${p.halfLifeHours[i]} h`),
      ),
    ),
  )
  const exits =
    p.takeProfitShare > 0 || p.stopLossShare > 0
      ? `${pct(p.takeProfitShare)} take-profit at ${p.takeProfitDistance} ÷ leverage; ${pct(p.stopLossShare)} stop at ${pct(p.stopLossDistance)} of the way to liquidation`
      : 'off (positions without a trace leave by half-life)'
  const rows: [string, string][] = [
    ['Positions open from', SEED[p.seedFrom](p)],
    [
      'Entries',
      `${pct(1 - p.entrySpread)} at the mean close, ${pct(p.entrySpread)} over the range`,
    ],
    ['Same-bar liquidations', pct(p.sameBarShare)],
    ['Level spread', p.levelSpread > 0 ? `± ${pct(p.levelSpread)} of the distance` : 'none'],
    ['Taker tilt', p.aggressorTilt > 0 ? String(p.aggressorTilt) : 'off'],
    ['Take-profits and stops', exits],
    [
      'Venues',
      p.venues.map((v) => `${v} ${pct(p.venueShares[v] ?? 0)}`).join(', ') +
        ' (split of one open-interest series)',
    ],
    ['Margin tier of', `a $${p.positionNotionalUsd.toLocaleString('en-US')} position`],
    ['Resolution', `${p.binPct} % of price`],
  ]
  return h(
    'div',
    { class: 'model-info' },
    ladder,
    h('dl', {}, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    h('p', { class: 'muted' }, `Defaults: ${m.calibration}. Formulas: ${m.docs}.`),
  )
}

/** Loads and renders the card into `host` the first time `card` is opened. */
export function startModelCard(card: HTMLDetailsElement, host: HTMLElement): void {
  let loaded = false
  const load = (): void => {
    if (loaded || !card.open) return
    loaded = true
    host.replaceChildren(h('p', { class: 'muted' }, 'loading…'))
    getJson<ModelInfo>('/api/model').then(
      (m) => host.replaceChildren(modelView(m)),
      (err: unknown) => {
        loaded = false
        host.replaceChildren(
          h('p', { class: 'muted' }, `model: ${err instanceof Error ? err.message : String(err)}`),
        )
      },
    )
  }
  card.addEventListener('toggle', load)
  load()
}
