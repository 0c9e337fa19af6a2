/**
 * The controls: timeframe and lookback segments, venue and leverage-tier toggles, display settings
 * (palette, scaling, clip, decay, lite) and overlays. They only write to the ViewStore.
 * @module
 */
import {
  HALF_LIVES,
  LOOKBACKS,
  OVERLAY_LABELS,
  OVERLAYS,
  PALETTES,
  SCALINGS,
  VENUES,
  type ViewState,
  type ViewStore,
} from '../app/state.ts'
import { cssColour } from '../chart/colour.ts'
import { h } from './dom.ts'

const VENUE_LABEL: Record<string, string> = {
  binance: 'Binance',
  bybit: 'Bybit',
  okx: 'OKX',
  hyperliquid: 'Hyperliquid',
}

function seg<T extends string | number>(
  values: readonly T[],
  current: T,
  label: (v: T) => string,
  pick: (v: T) => void,
  name: string,
): HTMLElement {
  return h(
    'div',
    { class: 'seg', role: 'group', 'aria-label': name },
    ...values.map((v) =>
      h(
        'button',
        {
          class: v === current ? 'on' : '',
          'aria-pressed': String(v === current),
          'data-value': String(v),
          onclick: () => pick(v),
        },
        label(v),
      ),
    ),
  )
}

function toggles<T extends string | number>(
  values: readonly T[],
  on: readonly T[],
  label: (v: T) => string,
  set: (next: T[]) => void,
  id: string,
): HTMLElement {
  return h(
    'div',
    { class: 'toggles', id },
    ...values.map((v) =>
      h(
        'button',
        {
          class: `toggle ${on.includes(v) ? 'on' : ''}`,
          'aria-pressed': String(on.includes(v)),
          'data-value': String(v),
          onclick: () => {
            const next = on.includes(v) ? on.filter((x) => x !== v) : [...on, v]
            if (next.length > 0) set(values.filter((x) => next.includes(x)))
          },
        },
        label(v),
      ),
    ),
  )
}

export function renderTopControls(
  tfEl: HTMLElement,
  lbEl: HTMLElement,
  store: ViewStore,
  timeframes: readonly string[],
): void {
  const s = store.state
  const tfs = [
    '',
    ...timeframes.filter((tf) => ['1m', '5m', '15m', '1h', '4h', '1d', '1w'].includes(tf)),
  ]
  tfEl.replaceChildren(
    seg(
      tfs,
      s.tf,
      (v) => (v === '' ? 'Auto' : v.replace('w', 'W').replace('d', 'D')),
      (tf) => store.set({ tf }),
      'timeframe',
    ),
    h(
      'select',
      {
        class: 'tf-select',
        'aria-label': 'timeframe',
        onchange: (e: Event) => store.set({ tf: (e.target as HTMLSelectElement).value }),
      },
      ...tfs.map((v) => h('option', { value: v, selected: v === s.tf }, v === '' ? 'Auto' : v)),
    ),
  )
  lbEl.replaceChildren(
    seg(
      LOOKBACKS,
      s.lookback,
      (v) => v,
      (lookback) => store.set({ lookback }),
      'lookback',
    ),
    h(
      'select',
      {
        class: 'lb-select',
        'aria-label': 'lookback',
        onchange: (e: Event) =>
          store.set({ lookback: LOOKBACKS[(e.target as HTMLSelectElement).selectedIndex] }),
      },
      ...LOOKBACKS.map((v) => h('option', { value: v, selected: v === s.lookback }, v)),
    ),
  )
}

export function renderSideControls(
  el: { venues: HTMLElement; tiers: HTMLElement; display: HTMLElement; overlays: HTMLElement },
  store: ViewStore,
  ladder: readonly number[],
  unavailable: ReadonlyMap<string, string>,
): void {
  const s: ViewState = store.state
  const allVenues = s.venues.length === VENUES.length
  el.venues.replaceChildren(
    toggles(
      VENUES,
      s.venues,
      (v) => VENUE_LABEL[v],
      (venues) => store.set({ venues }),
      'venue-toggles',
    ),
    h(
      'button',
      { class: `link ${allVenues ? 'on' : ''}`, onclick: () => store.set({ venues: [...VENUES] }) },
      allVenues ? 'aggregated (all venues)' : 'aggregate all',
    ),
  )
  el.tiers.replaceChildren(
    toggles(
      ladder,
      s.tiers,
      (l) => `${l}×`,
      (tiers) => store.set({ tiers }),
      'tier-toggles',
    ),
  )
  const select = <T extends string | number>(
    label: string,
    values: readonly T[],
    cur: T,
    text: (v: T) => string,
    set: (v: T) => void,
    id: string,
  ) =>
    h(
      'label',
      { class: 'field' },
      h('span', {}, label),
      h(
        'select',
        { id, onchange: (e: Event) => set(values[(e.target as HTMLSelectElement).selectedIndex]) },
        ...values.map((v) => h('option', { value: String(v), selected: v === cur }, text(v))),
      ),
    )
  const ramp = h('div', {
    class: 'ramp',
    style: `background: linear-gradient(90deg, ${[0, 0.25, 0.5, 0.75, 1].map((t) => cssColour(s.palette, t)).join(', ')})`,
  })
  el.display.replaceChildren(
    select(
      'Palette',
      PALETTES,
      s.palette,
      (v) => v,
      (palette) => store.set({ palette }),
      'palette',
    ),
    ramp,
    select(
      'Intensity',
      SCALINGS,
      s.scaling,
      (v) => v,
      (scaling) => store.set({ scaling }),
      'scaling',
    ),
    h(
      'label',
      { class: 'field' },
      h('span', {}, `Clip at p${s.clip}`),
      h('input', {
        type: 'range',
        min: 90,
        max: 100,
        step: 0.5,
        value: s.clip,
        id: 'clip',
        onchange: (e: Event) => store.set({ clip: Number((e.target as HTMLInputElement).value) }),
      }),
    ),
    select(
      'Decay half-life',
      HALF_LIVES,
      s.halfLife,
      (v) => (v === 0 ? 'model (per tier)' : v < 48 ? `${v} h` : `${v / 24} d`),
      (halfLife) => store.set({ halfLife }),
      'half-life',
    ),
    h(
      'label',
      { class: 'field check' },
      h('input', {
        type: 'checkbox',
        checked: s.lite,
        id: 'lite',
        onchange: (e: Event) => store.set({ lite: (e.target as HTMLInputElement).checked }),
      }),
      h('span', {}, 'Lite mode (fewer tiers, coarser grid)'),
    ),
    h(
      'label',
      { class: 'field check' },
      h('input', {
        type: 'checkbox',
        checked: s.map,
        id: 'show-map',
        onchange: (e: Event) => store.set({ map: (e.target as HTMLInputElement).checked }),
      }),
      h('span', {}, 'Liquidation map beside the heatmap'),
    ),
  )
  el.overlays.replaceChildren(
    ...OVERLAYS.map((o) =>
      h(
        'label',
        { class: 'field check', title: unavailable.get(o) ?? '' },
        h('input', {
          type: 'checkbox',
          checked: s.overlays.includes(o),
          'data-overlay': o,
          onchange: (e: Event) => {
            const on = (e.target as HTMLInputElement).checked
            store.set({ overlays: on ? [...s.overlays, o] : s.overlays.filter((x) => x !== o) })
          },
        }),
        h('span', {}, OVERLAY_LABELS[o]),
        unavailable.has(o)
          ? h('em', { class: 'muted small' }, ` — ${unavailable.get(o) ?? ''}`)
          : '',
      ),
    ),
  )
}
