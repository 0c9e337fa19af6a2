/**
 * The channels' senders. Each attempt returns `ok`, `retry` (a network error, a timeout, a 5xx, a
 * 408/425/429 — with the wait the receiver asked for, if any) or `fail` (a refusal that retrying
 * cannot fix: other 4xx, a bad Telegram token or chat).
 *
 * Webhook: `POST url` with the JSON body and the headers `Idempotency-Key`,
 * `X-Liqheat-Timestamp` (unix seconds) and `X-Liqheat-Signature: v1=<hex>` where
 * hex = HMAC-SHA256(secret, `${timestamp}.${body}`). Telegram: `POST
 * <base>/bot<token>/sendMessage` with `{chat_id, text}`; the base URL is configurable.
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export type SendResult =
  | { readonly kind: 'ok' }
  | { readonly kind: 'retry'; readonly error: string; readonly retryAfterMs?: number }
  | { readonly kind: 'fail'; readonly error: string }

export type FetchLike = typeof fetch

export function signature(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

/**
 * Checks a received webhook: the signature must match and the timestamp be within `toleranceSec`
 * of `nowSec` (replay protection). Use the raw body bytes as received.
 */
export function verifySignature(
  secret: string,
  header: string | undefined,
  timestamp: string | undefined,
  body: string,
  nowSec: number = Date.now() / 1000,
  toleranceSec = 300,
): boolean {
  if (!header || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false
  if (Math.abs(nowSec - Number(timestamp)) > toleranceSec) return false
  const expected = Buffer.from(signature(secret, timestamp, body))
  const given = Buffer.from(header)
  return expected.length === given.length && timingSafeEqual(expected, given)
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined
  const s = Number(header)
  if (Number.isFinite(s) && s >= 0) return Math.min(s * 1000, 3_600_000)
  const t = Date.parse(header)
  return Number.isFinite(t) ? Math.max(0, Math.min(t - Date.now(), 3_600_000)) : undefined
}

function networkError(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timed out'
    const cause = (err as { cause?: unknown }).cause
    const code =
      cause && typeof cause === 'object' && 'code' in cause ? String(cause.code) : undefined
    return code ? `${err.message} (${code})` : err.message
  }
  return String(err)
}

const RETRYABLE_4XX = new Set([408, 425, 429])

export async function sendWebhook(
  target: { url: string; secret?: string; timeoutMs?: number },
  body: string,
  key: string,
  attempt: number,
  opts: { fetch?: FetchLike; nowSec?: number } = {},
): Promise<SendResult> {
  const timestamp = String(Math.floor(opts.nowSec ?? Date.now() / 1000))
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'liqheat-alerts/0.1',
    'idempotency-key': key,
    'x-liqheat-delivery-attempt': String(attempt),
    'x-liqheat-timestamp': timestamp,
  }
  if (target.secret !== undefined)
    headers['x-liqheat-signature'] = signature(target.secret, timestamp, body)
  try {
    const res = await (opts.fetch ?? fetch)(target.url, {
      method: 'POST',
      headers,
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(target.timeoutMs ?? 10_000),
    })
    await res.arrayBuffer().catch(() => undefined)
    if (res.ok) return { kind: 'ok' }
    const error = `HTTP ${res.status}`
    if (res.status >= 500 || RETRYABLE_4XX.has(res.status)) {
      const wait = retryAfterMs(res.headers.get('retry-after'))
      return wait !== undefined
        ? { kind: 'retry', error, retryAfterMs: wait }
        : { kind: 'retry', error }
    }
    return { kind: 'fail', error: `${error} (not retried)` }
  } catch (err) {
    return { kind: 'retry', error: networkError(err) }
  }
}

export async function sendTelegram(
  baseUrl: string,
  token: string,
  chatId: string,
  text: string,
  opts: { fetch?: FetchLike; timeoutMs?: number } = {},
): Promise<SendResult> {
  const url = `${baseUrl.replace(/\/+$/, '')}/bot${token}/sendMessage`
  try {
    const res = await (opts.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: chatId, text, disable_web_page_preview: true }),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    })
    let data: unknown
    try {
      data = await res.json()
    } catch {
      data = undefined
    }
    const obj = data && typeof data === 'object' ? (data as Record<string, unknown>) : {}
    if (res.ok && obj.ok === true) return { kind: 'ok' }
    const desc = typeof obj.description === 'string' ? `: ${obj.description}` : ''
    const error = `Telegram HTTP ${res.status}${desc}`
    const params =
      obj.parameters && typeof obj.parameters === 'object'
        ? (obj.parameters as Record<string, unknown>)
        : {}
    if (res.status === 429 || res.status >= 500) {
      const after = typeof params.retry_after === 'number' ? params.retry_after * 1000 : undefined
      return after !== undefined
        ? { kind: 'retry', error, retryAfterMs: after }
        : { kind: 'retry', error }
    }
    return { kind: 'fail', error: `${error} (not retried: check the bot token and chat id)` }
  } catch (err) {
    // Never echo the URL: it holds the bot token.
    return { kind: 'retry', error: networkError(err).replaceAll(token, '<token>') }
  }
}
