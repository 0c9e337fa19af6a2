/**
 * The alerts panel: the rules (enable/disable, delete), the history of events with each
 * delivery's status, and whether this browser may show notifications. Rules are made from the
 * cluster list's bell (see alert-menu.ts) or the API/CLI.
 * @module
 */
import { usd, utc } from '../app/format.ts'
import {
  alertHistory,
  deleteRule,
  listRules,
  setRuleEnabled,
  type AlertEvent,
  type AlertRule,
  type Delivery,
} from '../client/alerts.ts'
import { h } from './dom.ts'
import { bellIcon } from './icons.ts'

function describe(r: AlertRule): string {
  const bits: string[] = [r.kind, r.symbol]
  if (r.kind === 'swept' && r.target)
    bits.push(`${r.target.side} @ ${r.target.peakPrice.toFixed(1)}`)
  if (r.kind === 'near' && r.withinPct !== undefined) bits.push(`±${r.withinPct} %`)
  if (r.minUsd) bits.push(`≥ ${usd(r.minUsd)}`)
  if (r.once) bits.push('once')
  const ch = [r.channels.page ? 'page' : '', r.channels.webhook ? 'webhook' : '']
  if (r.channels.telegram) ch.push('telegram')
  bits.push(ch.filter(Boolean).join('+'))
  return bits.join(' · ')
}

function delivery(d: Delivery): HTMLElement {
  const tries = `${d.attempts} ${d.attempts === 1 ? 'try' : 'tries'}`
  return h(
    'span',
    { class: `delivery ${d.status}`, title: d.lastError ?? d.destination },
    `${d.channel} ${d.status}${d.attempts > 0 ? ` (${tries})` : ''}`,
  )
}

function eventRow(e: AlertEvent, rules: ReadonlyMap<string, AlertRule>): HTMLElement {
  const rule = rules.get(e.ruleId)
  const deliveries = e.deliveries ?? []
  return h(
    'li',
    { class: `alert-event ${e.status}`, 'data-id': String(e.id) },
    h(
      'div',
      { class: 'ae-head' },
      h('span', { class: 'muted small' }, utc(e.at)),
      h('span', { class: `badge ${e.status}` }, e.status),
    ),
    h('div', { class: 'ae-msg' }, e.message),
    h(
      'div',
      { class: 'ae-meta small' },
      rule ? h('span', { class: 'muted' }, rule.name ?? rule.kind) : undefined,
      h('span', { class: 'delivery delivered' }, 'page'),
      ...deliveries.map(delivery),
    ),
  )
}

export class AlertsPanel {
  rules: AlertRule[] = []
  events: AlertEvent[] = []
  private _seq = 0

  constructor(
    private readonly _el: HTMLElement,
    private readonly _count: HTMLElement,
    private readonly _notice: (msg: string) => void,
  ) {}

  /** Reloads the rules and the last 50 events. */
  async refresh(): Promise<void> {
    const seq = ++this._seq
    try {
      const [rules, events] = await Promise.all([listRules(), alertHistory(50)])
      if (seq !== this._seq) return
      this.rules = rules
      this.events = events
      this.render()
    } catch (err) {
      if (seq !== this._seq) return
      this._el.replaceChildren(
        h(
          'p',
          { class: 'muted error' },
          `alerts: ${err instanceof Error ? err.message : String(err)}`,
        ),
      )
    }
  }

  private async _act(what: string, f: () => Promise<unknown>): Promise<void> {
    try {
      await f()
    } catch (err) {
      this._notice(`${what}: ${err instanceof Error ? err.message : String(err)}`)
    }
    await this.refresh()
  }

  render(): void {
    const active = this.rules.filter((r) => r.enabled).length
    this._count.textContent = this.rules.length ? `${active}/${this.rules.length}` : ''
    const byId = new Map(this.rules.map((r) => [r.id, r]))
    const rules = this.rules.length
      ? h(
          'ul',
          { class: 'alert-rules', id: 'alert-rules' },
          ...this.rules.map((r) =>
            h(
              'li',
              { class: `alert-rule ${r.enabled ? 'on' : 'off'}`, 'data-id': r.id },
              h('input', {
                type: 'checkbox',
                checked: r.enabled,
                title: r.enabled ? 'enabled: click to disable' : 'disabled: click to enable',
                'aria-label': `enable ${r.name ?? r.kind}`,
                onchange: (e: Event) => {
                  const on = (e.target as HTMLInputElement).checked
                  void this._act('enable', () => setRuleEnabled(r.id, on))
                },
              }),
              h(
                'div',
                { class: 'ar-text' },
                h('div', { class: 'ar-name' }, r.name ?? r.kind),
                h('div', { class: 'muted small' }, describe(r)),
              ),
              h(
                'button',
                {
                  class: 'danger ar-delete',
                  title: 'delete this rule (its history stays)',
                  'aria-label': `delete ${r.name ?? r.kind}`,
                  onclick: () => void this._act('delete', () => deleteRule(r.id)),
                },
                '✕',
              ),
            ),
          ),
        )
      : h(
          'p',
          { class: 'muted small', id: 'alert-rules' },
          'No alerts yet. Click ',
          bellIcon(),
          ' on a cluster to be told when price sweeps it or comes near.',
        )
    const history = this.events.length
      ? h(
          'ol',
          { class: 'alert-events', id: 'alert-events' },
          ...this.events.map((e) => eventRow(e, byId)),
        )
      : h('p', { class: 'muted small', id: 'alert-events' }, 'Nothing has fired yet.')
    this._el.replaceChildren(
      rules,
      notificationRow(),
      h('h3', { class: 'sub' }, 'History ', h('span', { class: 'est' }, 'estimated levels')),
      history,
    )
  }
}

function notificationRow(): HTMLElement | string {
  if (!('Notification' in window)) return ''
  const p = Notification.permission
  if (p === 'granted') return ''
  if (p === 'denied')
    return h(
      'p',
      { class: 'muted small' },
      'Browser notifications are blocked for this site; alerts show here and as toasts.',
    )
  return h(
    'button',
    {
      class: 'link',
      id: 'alert-notify',
      onclick: (e: Event) => {
        const btn = e.currentTarget as HTMLElement
        void Notification.requestPermission().then(() => btn.remove())
      },
    },
    'Enable browser notifications',
  )
}
