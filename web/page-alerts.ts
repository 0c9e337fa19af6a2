/**
 * The page's alert wiring: creating a rule (asking for notification permission on the first),
 * showing fired alerts (toast and system notification), and the alerts panel kept fresh.
 * @module
 */
import { AlertStream, createRule, type AlertMessage, type NewRule } from './client/alerts.ts'
import type { AlertsPanel } from './ui/alerts-panel.ts'
import { byId } from './ui/dom.ts'
import { toast } from './ui/toast.ts'
import { notice } from './page-panels.ts'

export async function createAlert(alertsPanel: AlertsPanel, rule: NewRule): Promise<void> {
  // asked inside the click (browsers want a user gesture), once: when the first rule is made
  if ('Notification' in window && Notification.permission === 'default')
    void Notification.requestPermission().then(() => alertsPanel.render())
  try {
    await createRule(rule)
  } catch (err) {
    toast('Alert not created', err instanceof Error ? err.message : String(err), 'error')
    throw err
  }
  toast('Alert set', rule.name, 'info', 5000)
  await alertsPanel.refresh()
}

export function onAlertEvent(alertsPanel: AlertsPanel, m: AlertMessage): void {
  void alertsPanel.refresh()
  if (m.event.status !== 'fired') return
  const title = `${m.event.symbol} alert${m.replay ? ' (while you were away)' : ''}`
  toast(title, m.event.message, 'alert', 0)
  if ('Notification' in window && Notification.permission === 'granted') {
    try {
      new Notification(title, { body: m.event.message, tag: `liqheat-${m.event.id}` })
    } catch {
      // some mobile browsers only notify through a service worker; the toast is there
    }
  }
}

/** Loads the alerts panel, refreshes it while open, and listens for alert events. */
export function startAlerts(alertsPanel: AlertsPanel): void {
  void alertsPanel.refresh()
  // deliveries move on (pending → delivered / failed): reload the list while it is open
  const alertsCard = byId<HTMLDetailsElement>('alerts-card')
  alertsCard.addEventListener('toggle', () => {
    if (alertsCard.open) void alertsPanel.refresh()
  })
  setInterval(() => {
    if (alertsCard.open && document.visibilityState === 'visible') void alertsPanel.refresh()
  }, 20_000)
  new AlertStream(
    (m) => onAlertEvent(alertsPanel, m),
    (reason) => notice(`alerts: ${reason}`),
  )
}
