/**
 * Alert rules, events and deliveries. A rule watches one symbol for one condition on the
 * estimated liquidation clusters (or the data's freshness); when it holds, the engine records an
 * event and queues one delivery per channel in the outbox. Prices are quote currency (USD) per base
 * unit; every USD figure about clusters is a model estimate. Times are UTC epoch ms.
 * @module
 */
import type { Side, UtcMs, Venue } from '../core/types.ts'

export const RULE_KINDS = ['near', 'swept', 'fresh', 'asymmetry', 'stale'] as const
export type RuleKind = (typeof RULE_KINDS)[number]

/** Which clusters a rule looks at: longs (below price), shorts (above) or both. */
export type SideChoice = Side | 'any'

/** A cluster as a rule target or an event's subject (a subset of `Cluster`). */
export interface ClusterRef {
  readonly side: Side
  readonly priceLow: number
  readonly priceHigh: number
  readonly peakPrice: number
  /** Estimated USD in the span when the rule or event saw it. */
  readonly notionalUsd?: number
}

export interface WebhookChannel {
  /** http(s) URL the JSON body is POSTed to. */
  readonly url: string
  /** HMAC-SHA256 key for the `X-Liqheat-Signature` header. Never returned by the API. */
  readonly secret?: string
  /** Per-attempt timeout, ms (default 10 000). */
  readonly timeoutMs?: number
}

export interface TelegramChannel {
  readonly chatId: string
  /** Bot token; default: the server's `LIQHEAT_TELEGRAM_BOT_TOKEN`. Never returned by the API. */
  readonly botToken?: string
}

export interface Channels {
  /** The page (WebSocket + browser notification) and the history list. Default true. */
  readonly page: boolean
  readonly webhook?: WebhookChannel
  readonly telegram?: TelegramChannel
}

interface RuleBase {
  readonly symbol: string
  readonly name?: string
  readonly enabled: boolean
  /** Disable the rule after its first delivered event. */
  readonly once: boolean
  /** Minimum time between two delivered events of the rule, seconds (events inside are kept as `suppressed`). */
  readonly cooldownSec: number
  readonly channels: Channels
  /** Venues whose modelled positions count (default all). */
  readonly exchanges?: readonly Venue[]
  /** Leverage rungs that count (default the whole ladder). */
  readonly leverage?: readonly number[]
}

/** Price within `withinPct` % (or `withinUsd`) of a cluster of at least `minUsd`. */
export interface NearRule extends RuleBase {
  readonly kind: 'near'
  readonly side: SideChoice
  readonly minUsd: number
  readonly withinPct?: number
  readonly withinUsd?: number
}

/** A cluster of at least `minUsd` swept (price traded through its peak), or one given cluster. */
export interface SweptRule extends RuleBase {
  readonly kind: 'swept'
  readonly side: SideChoice
  readonly minUsd: number
  /** One cluster (e.g. clicked on the page): fires when price trades through its peak. */
  readonly target?: ClusterRef
}

/** A cluster of at least `minUsd` whose span grew by `growthPct` % or more in `hours` (new = ∞ %). */
export interface FreshRule extends RuleBase {
  readonly kind: 'fresh'
  readonly side: SideChoice
  readonly minUsd: number
  readonly growthPct: number
  readonly hours: number
}

/** The asymmetry ratio (longs below / shorts above within `windowPct`) crossing `ratio`. */
export interface AsymmetryRule extends RuleBase {
  readonly kind: 'asymmetry'
  readonly ratio: number
  readonly direction: 'up' | 'down' | 'both'
  readonly windowPct: number
}

/** No data for longer than `afterSec` seconds (wall clock). */
export interface StaleRule extends RuleBase {
  readonly kind: 'stale'
  readonly afterSec: number
}

export type RuleSpec = NearRule | SweptRule | FreshRule | AsymmetryRule | StaleRule

export type AlertRule = RuleSpec & {
  readonly id: string
  readonly createdAt: UtcMs
  readonly updatedAt: UtcMs
}

/** What a rule's evaluation found in one observation. */
export interface Firing {
  /** Unique per rule: the same condition observed again yields the same key (de-duplication). */
  readonly key: string
  readonly kind: RuleKind
  /** Data time of the observation (bar close; wall clock for `stale`). */
  readonly at: UtcMs
  readonly price: number
  readonly message: string
  readonly cluster?: ClusterRef
  readonly detail: Readonly<Record<string, number | string | boolean | null>>
}

export type EventStatus = 'fired' | 'suppressed'

export interface AlertEvent extends Firing {
  readonly id: number
  readonly ruleId: string
  readonly symbol: string
  readonly status: EventStatus
  /** Wall-clock time the event was recorded. */
  readonly createdAt: UtcMs
}

export type ChannelName = 'webhook' | 'telegram'
export type DeliveryStatus = 'pending' | 'delivered' | 'failed'

/** One queued delivery of one event to one channel (a row of the outbox). */
export interface Delivery {
  readonly id: number
  readonly eventId: number
  readonly channel: ChannelName
  /** Where to (URL, or `telegram:<chatId>`); deliveries to one destination go out in order. */
  readonly destination: string
  /** Sent with every attempt; the receiver drops repeats of a key it has seen. */
  readonly idempotencyKey: string
  readonly status: DeliveryStatus
  readonly attempts: number
  readonly nextAttemptAt: UtcMs
  readonly lastError?: string
  readonly deliveredAt?: UtcMs
  readonly createdAt: UtcMs
}
