/**
 * Alerts on the estimated liquidation clusters: rules, evaluation, the SQLite store with its
 * outbox, the dispatcher (webhook, Telegram), the replay runner and the fastify plugin.
 * See docs/workflow.md.
 * @module
 */
export * from './types.ts'
export { ruleSpecSchema, parseRuleSpec, publicRule, type RuleSpecInput } from './schema.ts'
export {
  evaluateMarketRule,
  evaluateStaleRule,
  carryOverGap,
  spanDistance,
  type RuleState,
} from './evaluate.ts'
export {
  LaggedModels,
  marketSnapshot,
  type MarketSnapshot,
  type FreshnessSnapshot,
} from './snapshot.ts'
export { AlertStore, alertsDbPath, type EventWithDeliveries } from './store.ts'
export { Outbox, type OutboxItem } from './outbox.ts'
export { AlertEngine } from './engine.ts'
export { Dispatcher, DEFAULT_TELEGRAM_API, type DispatcherOptions } from './dispatcher.ts'
export {
  signature,
  verifySignature,
  sendWebhook,
  sendTelegram,
  type SendResult,
} from './senders.ts'
export { idempotencyKey, webhookBody, telegramText } from './payload.ts'
export { replayAlerts, type ReplayOptions, type ReplayResult } from './replay.ts'
export { alertsPlugin, type AlertsPluginOptions } from './plugin.ts'
