/**
 * Toasts: short messages stacked in a corner (alerts, export and alert-rule errors). Each stays
 * `ms` milliseconds (0 = until closed) and can be closed by hand.
 * @module
 */
import { h } from './dom.ts'

function stack(): HTMLElement {
  let el = document.getElementById('toasts')
  if (!el) {
    el = h('div', { id: 'toasts', class: 'toasts', role: 'status', 'aria-live': 'polite' })
    document.body.append(el)
  }
  return el
}

export type ToastKind = 'alert' | 'error' | 'info'

export function toast(title: string, body = '', kind: ToastKind = 'info', ms = 8000): HTMLElement {
  const close = (): void => t.remove()
  const t = h(
    'div',
    { class: `toast ${kind}` },
    h(
      'button',
      { class: 'toast-close', title: 'close', 'aria-label': 'close', onclick: close },
      '✕',
    ),
    h('b', { class: 'toast-title' }, title),
    body ? h('div', { class: 'toast-body' }, body) : undefined,
  )
  const s = stack()
  s.append(t)
  while (s.children.length > 4) s.firstElementChild?.remove()
  if (ms > 0) setTimeout(close, ms)
  return t
}
