/**
 * What a delivery sends, fixed when the event is queued so every retry sends the same bytes:
 * the webhook's JSON body, the Telegram message, and the idempotency key (a hash of the rule, the
 * event's key, the channel and the destination — the same event always gets the same key).
 * @module
 */
import { createHash } from 'node:crypto'
import { isoUtc } from '../core/time.ts'
import { publicRule } from './schema.ts'
import type { AlertRule, ChannelName, Firing } from './types.ts'
import type { NewDelivery } from './store.ts'

export function idempotencyKey(
  ruleId: string,
  eventKey: string,
  channel: ChannelName,
  destination: string,
): string {
  const h = createHash('sha256')
    .update([ruleId, eventKey, channel, destination].join('\n'))
    .digest('hex')
  return `lqh_${h.slice(0, 32)}`
}

/** The webhook body (JSON). */
export function webhookBody(
  rule: AlertRule,
  eventId: number,
  e: Firing,
  key: string,
): Record<string, unknown> {
  return {
    type: 'liqheat.alert',
    idempotencyKey: key,
    estimated: true,
    event: {
      id: eventId,
      key: e.key,
      kind: e.kind,
      symbol: rule.symbol,
      time: isoUtc(e.at),
      timeMs: e.at,
      price: e.price,
      message: e.message,
      cluster: e.cluster ?? null,
      detail: e.detail,
    },
    rule: publicRule(rule),
  }
}

/** The Telegram message (plain text, ≤ 4096 characters). */
export function telegramText(rule: AlertRule, e: Firing, key: string): string {
  const name = rule.name ? ` · ${rule.name}` : ''
  return `liqheat ${rule.kind}${name}\n${e.message}\n${isoUtc(e.at)} · key ${key}`.slice(0, 4000)
}

/** One delivery per configured channel (the page is not queued: it reads the history). */
export function deliveriesFor(rule: AlertRule, eventId: number, e: Firing): NewDelivery[] {
  const out: NewDelivery[] = []
  const wh = rule.channels.webhook
  if (wh) {
    const key = idempotencyKey(rule.id, e.key, 'webhook', wh.url)
    out.push({
      channel: 'webhook',
      destination: wh.url,
      target: {
        url: wh.url,
        ...(wh.secret !== undefined ? { secret: wh.secret } : {}),
        ...(wh.timeoutMs !== undefined ? { timeoutMs: wh.timeoutMs } : {}),
      },
      payload: JSON.stringify(webhookBody(rule, eventId, e, key)),
      idempotencyKey: key,
    })
  }
  const tg = rule.channels.telegram
  if (tg) {
    const destination = `telegram:${tg.chatId}`
    const key = idempotencyKey(rule.id, e.key, 'telegram', destination)
    out.push({
      channel: 'telegram',
      destination,
      target: {
        chatId: tg.chatId,
        ...(tg.botToken !== undefined ? { botToken: tg.botToken } : {}),
      },
      payload: telegramText(rule, e, key),
      idempotencyKey: key,
    })
  }
  return out
}
