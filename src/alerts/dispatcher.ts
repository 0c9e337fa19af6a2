/**
 * The outbox dispatcher: sends due deliveries (the oldest pending one per destination, so each
 * destination gets its alerts in order), marks them delivered, or schedules a retry with
 * exponential backoff (base × 2^(attempt−1), capped, ±20 % jitter, or the wait the receiver asked
 * for), or gives up after `maxAttempts` or a permanent refusal. The attempt is counted before the
 * send and the result committed after it: a crash in between means the delivery is sent again on
 * restart with the same idempotency key, which the receiver uses to drop the repeat.
 * @module
 */
import type { UtcMs } from '../core/types.ts'
import { sendTelegram, sendWebhook, type FetchLike, type SendResult } from './senders.ts'
import type { OutboxItem } from './outbox.ts'
import type { AlertStore } from './store.ts'

export const DEFAULT_TELEGRAM_API = 'https://api.telegram.org'

export interface DispatcherOptions {
  /** Telegram Bot API base URL (default `LIQHEAT_TELEGRAM_API` or https://api.telegram.org). */
  readonly telegramApi?: string
  /** Bot token for rules without their own (default, when the key is absent: `LIQHEAT_TELEGRAM_BOT_TOKEN`). */
  readonly telegramBotToken?: string
  /** First retry delay, ms (default 2000). */
  readonly retryBaseMs?: number
  /** Longest retry delay, ms (default 10 min). */
  readonly retryMaxMs?: number
  /** Attempts before a delivery is marked failed (default 12, about 40 minutes with the defaults). */
  readonly maxAttempts?: number
  /** How often the outbox is polled when idle, ms (default 1000). */
  readonly pollMs?: number
  readonly now?: () => UtcMs
  readonly fetch?: FetchLike
  readonly log?: (line: string) => void
  readonly onDelivered?: (item: OutboxItem) => void
  /**
   * Fault injection for the crash tests: SIGKILL this process right after the n-th successful send,
   * before it is committed (default `LIQHEAT_FAULT_CRASH_AFTER_SEND`; unset = never).
   */
  readonly crashAfterSend?: number
}

export class Dispatcher {
  private readonly _o: Required<
    Omit<DispatcherOptions, 'telegramBotToken' | 'fetch' | 'onDelivered' | 'crashAfterSend'>
  > &
    DispatcherOptions
  private _timer: NodeJS.Timeout | undefined
  private _busy: Promise<number> | undefined
  private _stopped = true
  private _sent = 0

  constructor(
    private readonly _store: AlertStore,
    opts: DispatcherOptions = {},
  ) {
    const env = process.env
    const crash = opts.crashAfterSend ?? Number(env.LIQHEAT_FAULT_CRASH_AFTER_SEND ?? NaN)
    const token =
      'telegramBotToken' in opts ? opts.telegramBotToken : env.LIQHEAT_TELEGRAM_BOT_TOKEN
    this._o = {
      telegramApi: opts.telegramApi ?? env.LIQHEAT_TELEGRAM_API ?? DEFAULT_TELEGRAM_API,
      retryBaseMs: opts.retryBaseMs ?? 2000,
      retryMaxMs: opts.retryMaxMs ?? 600_000,
      maxAttempts: opts.maxAttempts ?? 12,
      pollMs: opts.pollMs ?? 1000,
      now: opts.now ?? Date.now,
      log: opts.log ?? (() => {}),
      ...(token !== undefined ? { telegramBotToken: token } : {}),
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(opts.onDelivered ? { onDelivered: opts.onDelivered } : {}),
      ...(Number.isInteger(crash) && crash > 0 ? { crashAfterSend: crash } : {}),
    }
  }

  /** Starts polling the outbox. */
  start(): void {
    this._stopped = false
    this._schedule(0)
  }

  /** Run soon (a new event was queued). */
  kick(): void {
    if (!this._stopped) this._schedule(0)
  }

  /** Stops polling and waits for the sends in flight. */
  async stop(): Promise<void> {
    this._stopped = true
    if (this._timer) clearTimeout(this._timer)
    this._timer = undefined
    await this._busy
  }

  /** Runs until nothing is pending or `timeoutMs` passes; true when the outbox is empty. */
  async drain(timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs
    while (this._store.outbox.pendingCount() > 0) {
      if (Date.now() >= until) return false
      const n = await this.runOnce()
      if (n === 0) {
        const next = this._store.outbox.nextDueAt() ?? this._o.now()
        const wait = Math.min(Math.max(10, next - this._o.now()), 250, until - Date.now())
        await new Promise((r) => setTimeout(r, Math.max(0, wait)))
      }
    }
    return true
  }

  /** Attempts every delivery due now (one per destination); returns how many were attempted. */
  runOnce(): Promise<number> {
    if (this._busy) return this._busy
    const run = (async () => {
      const due = this._store.outbox.dueDeliveries(this._o.now())
      await Promise.all(due.map((d) => this._attempt(d)))
      return due.length
    })()
    this._busy = run.finally(() => {
      this._busy = undefined
    })
    return this._busy
  }

  private _schedule(ms: number): void {
    if (this._timer) clearTimeout(this._timer)
    this._timer = setTimeout(() => {
      this._timer = undefined
      void this.runOnce()
        .catch((err: unknown) => this._o.log(`alerts: outbox run failed: ${String(err)}`))
        .then((n) => {
          if (this._stopped) return
          const next = this._store.outbox.nextDueAt()
          const wait = n && n > 0 ? 0 : next === undefined ? this._o.pollMs : next - this._o.now()
          this._schedule(Math.max(0, Math.min(wait, this._o.pollMs)))
        })
    }, ms)
    this._timer.unref()
  }

  private async _send(d: OutboxItem, attempt: number): Promise<SendResult> {
    const t = d.target
    if (d.channel === 'webhook') {
      const url = typeof t.url === 'string' ? t.url : ''
      return sendWebhook(
        {
          url,
          ...(typeof t.secret === 'string' ? { secret: t.secret } : {}),
          ...(typeof t.timeoutMs === 'number' ? { timeoutMs: t.timeoutMs } : {}),
        },
        d.payload,
        d.idempotencyKey,
        attempt,
        this._o.fetch ? { fetch: this._o.fetch } : {},
      )
    }
    const token = typeof t.botToken === 'string' ? t.botToken : this._o.telegramBotToken
    if (token === undefined)
      return {
        kind: 'fail',
        error: 'no Telegram bot token: set the rule’s botToken or LIQHEAT_TELEGRAM_BOT_TOKEN',
      }
    return sendTelegram(
      this._o.telegramApi,
      token,
      String(t.chatId),
      d.payload,
      this._o.fetch ? { fetch: this._o.fetch } : {},
    )
  }

  private async _attempt(d: OutboxItem): Promise<void> {
    const attempt = d.attempts + 1
    this._store.outbox.markAttempt(d.id)
    const r = await this._send(d, attempt)
    const now = this._o.now()
    if (r.kind === 'ok') {
      this._sent++
      if (this._o.crashAfterSend !== undefined && this._sent >= this._o.crashAfterSend) {
        this._o.log(`fault: crashing after send of ${d.idempotencyKey}, before commit`)
        process.kill(process.pid, 'SIGKILL')
      }
      this._store.outbox.markDelivered(d.id, now)
      this._o.log(`delivered ${d.channel} ${d.idempotencyKey} (attempt ${attempt})`)
      this._o.onDelivered?.(d)
      return
    }
    if (r.kind === 'fail' || attempt >= this._o.maxAttempts) {
      const why = r.kind === 'fail' ? r.error : `${r.error}; gave up after ${attempt} attempts`
      this._store.outbox.markFailed(d.id, why)
      this._o.log(`failed ${d.channel} ${d.idempotencyKey}: ${why}`)
      return
    }
    const backoff = Math.min(this._o.retryMaxMs, this._o.retryBaseMs * 2 ** (attempt - 1))
    const jittered = backoff * (0.8 + 0.4 * Math.random())
    const wait = Math.max(jittered, r.retryAfterMs ?? 0)
    this._store.outbox.markRetry(d.id, now + Math.round(wait), r.error)
    this._o.log(`retry ${d.channel} ${d.idempotencyKey} in ${Math.round(wait)} ms: ${r.error}`)
  }
}
