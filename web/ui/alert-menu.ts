/**
 * The menu a cluster's bell opens: alert when price sweeps this cluster, or when it comes within
 * 0.5 % of a cluster like it. It floats above the page (the cluster list re-renders on every bar
 * and would take an inline menu with it) and shows the server's `parameter: reason` on a 400.
 * @module
 */
import { nearRule, sweptRule, type ClusterLike, NEAR_WITHIN_PCT } from '../app/alert-rules.ts'
import { price as fmtPrice, usd } from '../app/format.ts'
import type { NewRule } from '../client/alerts.ts'
import { h } from './dom.ts'

let open: { el: HTMLElement; close: () => void } | undefined

export function closeAlertMenu(): void {
  open?.close()
}

/** Opens the menu by `anchor`; `create` posts the rule and throws the API's error on failure. */
export function openAlertMenu(
  anchor: HTMLElement,
  symbol: string,
  c: ClusterLike,
  create: (rule: NewRule) => Promise<void>,
): HTMLElement {
  closeAlertMenu()
  const error = h('p', { class: 'alert-menu-error error small', hidden: true })
  const choose = (rule: NewRule) => async (e: Event) => {
    const btn = e.currentTarget as HTMLButtonElement
    btn.disabled = true
    error.hidden = true
    try {
      await create(rule)
      close()
    } catch (err) {
      error.textContent = err instanceof Error ? err.message : String(err)
      error.hidden = false
      btn.disabled = false
    }
  }
  const swept = sweptRule(symbol, c)
  const near = nearRule(symbol, c)
  const el = h(
    'div',
    { class: 'alert-menu', role: 'dialog', 'aria-label': 'new alert' },
    h(
      'div',
      { class: 'alert-menu-head' },
      h('b', {}, `${c.side === 'long' ? 'Long' : 'Short'} cluster ${fmtPrice(c.peakPrice)}`),
      h('span', { class: 'muted' }, ` ${usd(c.notionalUsd)} est.`),
    ),
    h(
      'button',
      { id: 'alert-swept', class: 'alert-choice', onclick: choose(swept) },
      h('b', {}, 'When price sweeps it'),
      h(
        'span',
        { class: 'muted small' },
        `once, when price trades through ${fmtPrice(c.peakPrice)}`,
      ),
    ),
    h(
      'button',
      { id: 'alert-near', class: 'alert-choice', onclick: choose(near) },
      h('b', {}, `When price comes within ${NEAR_WITHIN_PCT}\u00a0%`),
      h(
        'span',
        { class: 'muted small' },
        `of any ${c.side} cluster ≥ ${usd(near.kind === 'near' ? near.minUsd : 0)} est.`,
      ),
    ),
    error,
    h('button', { class: 'link', onclick: () => close() }, 'cancel'),
  )
  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') close()
  }
  const onDown = (e: PointerEvent): void => {
    if (!el.contains(e.target as Node) && e.target !== anchor) close()
  }
  const close = (): void => {
    el.remove()
    document.removeEventListener('keydown', onKey)
    document.removeEventListener('pointerdown', onDown, true)
    if (open?.el === el) open = undefined
  }
  document.body.append(el)
  const r = anchor.getBoundingClientRect()
  const w = el.offsetWidth
  const left = Math.max(6, Math.min(window.innerWidth - w - 6, r.right - w))
  const below = r.bottom + 4 + el.offsetHeight < window.innerHeight
  el.style.left = `${left + window.scrollX}px`
  el.style.top = `${(below ? r.bottom + 4 : Math.max(6, r.top - 4 - el.offsetHeight)) + window.scrollY}px`
  document.addEventListener('keydown', onKey)
  document.addEventListener('pointerdown', onDown, true)
  open = { el, close }
  return el
}
