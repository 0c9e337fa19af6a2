/**
 * REST through ccxt, written once for every venue: the ccxt exchange (`binanceusdm`, `bybit`,
 * `okx`, `hyperliquid`) serves the HTTP calls through its implicit endpoint methods (raw venue
 * JSON, so no field the unified methods drop — taker volume, one-sided OI — is lost), with its
 * own per-endpoint weight throttle. On top: calls are serialised per venue (so the response
 * headers read after a call are that call's), 429/418 and venue rate-limit codes wait for
 * `Retry-After` (or a capped backoff) and retry, network errors retry with backoff, a venue's
 * used-weight header can slow us down before a 429, and every response is checked with a zod
 * schema whose failure names the field. `restUrl` repoints every ccxt base URL (tests: a fake).
 * `VenueRest` is the base of the venues' REST classes: each gives only its `VenueRestRules`.
 * @module
 */
import ccxt, { DDoSProtection, NetworkError as CcxtNetworkError, type Exchange } from 'ccxt'
import type { z } from 'zod'
import { DataError, ExchangeError, NetworkError, RateLimitError } from '../core/errors.ts'
import type { Venue } from '../core/types.ts'
import { backoffDelay, type BackoffOptions, type Clock } from './clock.ts'

const CCXT_ID: Record<Venue, 'binanceusdm' | 'bybit' | 'okx' | 'hyperliquid'> = {
  binance: 'binanceusdm',
  bybit: 'bybit',
  okx: 'okx',
  hyperliquid: 'hyperliquid',
}

/** Creates the venue's ccxt exchange, every `urls.api` entry repointed at `restUrl` if given. */
export function createCcxt(venue: Venue, restUrl?: string, enableRateLimit = true): Exchange {
  const ex: Exchange = new ccxt[CCXT_ID[venue]]({ enableRateLimit })
  if (restUrl !== undefined) {
    const base = restUrl.replace(/\/+$/, '')
    const api = ex.urls.api as Record<string, unknown>
    for (const [k, v] of Object.entries(api)) {
      if (typeof v === 'string') api[k] = v.replace(/^https?:\/\/[^/]+/, base)
    }
  }
  return ex
}

/** Header value, case-insensitive. */
export function header(
  headers: Record<string, string> | undefined,
  name: string,
): string | undefined {
  if (!headers) return undefined
  const want = name.toLowerCase()
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === want) return v
  return undefined
}

/** `Retry-After` in ms (delta-seconds or HTTP date), undefined when absent or unreadable. */
export function retryAfterMs(
  headers: Record<string, string> | undefined,
  now: number,
): number | undefined {
  const v = header(headers, 'retry-after')
  if (v === undefined) return undefined
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.round(Number(v) * 1000)
  const t = Date.parse(v)
  return Number.isFinite(t) ? Math.max(0, t - now) : undefined
}

export interface RestClientOptions {
  readonly venue: Venue
  readonly restUrl?: string
  readonly clock: Clock
  /** Retries of one call on rate limits and network errors (default 8). */
  readonly maxRetries?: number
  readonly backoff?: BackoffOptions
  /** ccxt's own throttle (default on). */
  readonly enableRateLimit?: boolean
  /** Extra wait (ms) after a successful response, e.g. when a used-weight header nears the budget. */
  readonly afterResponse?: (headers: Record<string, string> | undefined, now: number) => number
  /** Wait for a rate-limit answer without Retry-After, given the error text (default: backoff). */
  readonly rateLimitWait?: (message: string) => number | undefined
  /**
   * The venue's answer envelope: given a schema-checked answer, the error it reports (e.g. OKX
   * `code` ≠ "0"), or undefined when it succeeded. Every call is checked, so endpoints need not be.
   */
  readonly envelopeError?: (answer: unknown) => string | undefined
}

const RATE_LIMIT_TEXT = /\b(429|418)\b|too many|too frequent|rate limit/i

export class RestClient {
  readonly ex: Exchange
  private _chain: Promise<unknown> = Promise.resolve()
  /** Rate-limit waits taken, ms each (for tests and status). */
  readonly waits: number[] = []

  constructor(private readonly _o: RestClientOptions) {
    this.ex = createCcxt(_o.venue, _o.restUrl, _o.enableRateLimit ?? true)
  }

  /** The venue every call's errors are named after. */
  get venue(): Venue {
    return this._o.venue
  }

  /**
   * Runs `fn` against the ccxt exchange (serialised), retrying rate limits and network errors,
   * and checks the raw answer with `schema`. `what` names the call in errors.
   */
  call<S extends z.ZodType>(
    what: string,
    fn: (ex: Exchange) => Promise<unknown>,
    schema: S,
    signal?: AbortSignal,
  ): Promise<z.infer<S>> {
    const run = this._chain.then(() => this._attempts(what, fn, signal))
    this._chain = run.catch(() => undefined)
    return run.then((raw) => {
      const r = schema.safeParse(raw)
      if (r.success) {
        const failed = this._o.envelopeError?.(r.data)
        if (failed !== undefined) throw new ExchangeError(`${this._o.venue} ${what}: ${failed}`)
        return r.data
      }
      const issue = r.error.issues[0]
      const field = issue ? issue.path.join('.') : '?'
      throw new DataError(
        `${this._o.venue} ${what}: field '${field}' ${issue?.message ?? 'invalid'}`,
        undefined,
        undefined,
        field,
      )
    })
  }

  private async _attempts(
    what: string,
    fn: (ex: Exchange) => Promise<unknown>,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const { clock, venue } = this._o
    const max = this._o.maxRetries ?? 8
    const backoff = this._o.backoff ?? { baseMs: 1000, maxMs: 60_000 }
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new NetworkError(`${venue} ${what}: aborted`)
      try {
        const raw = await fn(this.ex)
        const extra = this._o.afterResponse?.(this.ex.last_response_headers, clock.now()) ?? 0
        if (extra > 0) {
          this.waits.push(extra)
          await clock.sleep(extra, signal)
        }
        return raw
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err)
        const limited = err instanceof DDoSProtection || RATE_LIMIT_TEXT.test(msg)
        if (!limited && !(err instanceof CcxtNetworkError)) {
          throw new ExchangeError(`${venue} ${what}: ${msg.slice(0, 300)}`, { cause: err })
        }
        if (attempt >= max) {
          if (limited)
            throw new RateLimitError(
              `${venue} ${what}: still rate-limited after ${max} retries: ${msg.slice(0, 200)}`,
            )
          throw new NetworkError(`${venue} ${what}: ${msg.slice(0, 300)}`, { cause: err })
        }
        const told = limited ? retryAfterMs(this.ex.last_response_headers, clock.now()) : undefined
        const wait =
          told ??
          (limited ? this._o.rateLimitWait?.(msg) : undefined) ??
          backoffDelay(attempt, backoff)
        if (limited) this.waits.push(wait)
        await clock.sleep(wait, signal)
      }
    }
  }
}

/** What sets one venue's REST client apart: its name, envelope, weight and ban rules. */
export type VenueRestRules = Omit<RestClientOptions, 'restUrl' | 'clock' | 'enableRateLimit'>

/**
 * Base of the venues' REST classes (`backfill`, `tiers`, `markets`): the venue's `RestClient`,
 * built from its rules, and the clock that stamps receive times (`localTs`, UTC ms).
 */
export abstract class VenueRest {
  readonly rest: RestClient

  protected constructor(
    protected readonly _clock: Clock,
    rules: VenueRestRules,
    restUrl?: string,
    enableRateLimit = true,
  ) {
    this.rest = new RestClient({ ...rules, restUrl, clock: _clock, enableRateLimit })
  }
}
