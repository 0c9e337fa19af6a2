/**
 * Validation of alert rules (zod 4): the API body, the CLI flags and the stored JSON all go through
 * `ruleSpecSchema`, so a bad rule is refused with the path of the field at fault
 * (e.g. `channels.webhook.url`). Secrets are stripped by `publicRule` before a rule leaves the server.
 * @module
 */
import { z } from 'zod'
import { UsageError } from '../core/errors.ts'
import { VENUES } from '../core/types.ts'
import type { AlertRule, RuleSpec } from './types.ts'

const usd = z.number().finite().min(0, 'must be 0 or more (USD)').max(1e13)
const sideChoice = z.enum(['long', 'short', 'any'])

function httpUrl(s: string): boolean {
  try {
    const u = new URL(s)
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== ''
  } catch {
    return false
  }
}

export const channelsSchema = z.strictObject({
  page: z.boolean().default(true),
  webhook: z
    .strictObject({
      url: z.string().max(2000).refine(httpUrl, 'must be an http:// or https:// URL'),
      secret: z.string().min(16, 'use at least 16 characters').max(256).optional(),
      timeoutMs: z.number().int().min(100).max(60_000).optional(),
    })
    .optional(),
  telegram: z
    .strictObject({
      chatId: z
        .union([z.string(), z.number().int()])
        .transform(String)
        .pipe(z.string().regex(/^(-?\d{1,20}|@[A-Za-z0-9_]{5,64})$/, 'a numeric id or @channel')),
      botToken: z
        .string()
        .regex(/^\d{3,15}:[A-Za-z0-9_-]{20,100}$/, 'a bot token like 123456:ABC…')
        .optional(),
    })
    .optional(),
})

const base = {
  symbol: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{2,24}$/, 'must be 2–24 letters or digits, e.g. BTCUSDT')
    .transform((s) => s.toUpperCase()),
  name: z.string().trim().min(1).max(80).optional(),
  enabled: z.boolean().default(true),
  once: z.boolean().default(false),
  cooldownSec: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(300),
  channels: channelsSchema.default({ page: true }),
  exchanges: z.array(z.enum(VENUES)).min(1).max(VENUES.length).optional(),
  leverage: z.array(z.number().min(1).max(200)).min(1).max(20).optional(),
}

export const clusterRefSchema = z
  .strictObject({
    side: z.enum(['long', 'short']),
    priceLow: z.number().positive().finite(),
    priceHigh: z.number().positive().finite(),
    peakPrice: z.number().positive().finite(),
    notionalUsd: usd.optional(),
  })
  .refine((c) => c.priceLow <= c.peakPrice && c.peakPrice <= c.priceHigh, {
    message: 'needs priceLow ≤ peakPrice ≤ priceHigh',
    path: ['peakPrice'],
  })

const near = z
  .strictObject({
    ...base,
    kind: z.literal('near'),
    side: sideChoice.default('any'),
    minUsd: usd,
    withinPct: z.number().positive().max(20, 'at most 20 %').optional(),
    withinUsd: z.number().positive().finite().optional(),
  })
  .refine((r) => (r.withinPct === undefined) !== (r.withinUsd === undefined), {
    message: 'give exactly one of withinPct or withinUsd',
    path: ['withinPct'],
  })

const swept = z.strictObject({
  ...base,
  kind: z.literal('swept'),
  side: sideChoice.default('any'),
  minUsd: usd.default(0),
  target: clusterRefSchema.optional(),
})

const fresh = z.strictObject({
  ...base,
  kind: z.literal('fresh'),
  side: sideChoice.default('any'),
  minUsd: usd,
  growthPct: z.number().positive().max(1e6).default(100),
  hours: z.number().positive().max(168, 'at most 168 hours').default(24),
})

const asymmetry = z.strictObject({
  ...base,
  kind: z.literal('asymmetry'),
  ratio: z.number().positive().max(1000),
  direction: z.enum(['up', 'down', 'both']).default('both'),
  windowPct: z.number().positive().max(10).default(2),
})

const stale = z.strictObject({
  ...base,
  kind: z.literal('stale'),
  afterSec: z
    .number()
    .int()
    .min(5)
    .max(7 * 86_400),
})

/** A rule as the API and the CLI accept it. */
export const ruleSpecSchema = z.discriminatedUnion('kind', [near, swept, fresh, asymmetry, stale])

export type RuleSpecInput = z.input<typeof ruleSpecSchema>

/** Validates a rule; throws UsageError naming the field (`flagFor` maps a field to a CLI flag). */
export function parseRuleSpec(input: unknown, flagFor?: (field: string) => string): RuleSpec {
  const r = ruleSpecSchema.safeParse(input)
  if (r.success) return r.data as RuleSpec
  const issue = r.error.issues[0]
  const at = issue?.path.map(String) ?? []
  let message = issue?.message ?? 'invalid rule'
  if (issue?.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? ''
    at.push(key)
    const kind =
      typeof input === 'object' && input !== null && 'kind' in input ? String(input.kind) : '?'
    message = at.length === 1 ? `not an option of a '${kind}' rule` : `unknown field '${key}'`
  }
  const field = at.join('.') || 'kind'
  const flag = flagFor ? flagFor(field) : field
  throw new UsageError(`${flag}: ${message}`, flag)
}

/** A rule as the API shows it: secrets replaced by whether they are set. */
export function publicRule(rule: AlertRule): Record<string, unknown> {
  const { channels, ...rest } = rule
  const webhook = channels.webhook
  const telegram = channels.telegram
  return {
    ...rest,
    channels: {
      page: channels.page,
      ...(webhook
        ? {
            webhook: {
              url: webhook.url,
              secretSet: webhook.secret !== undefined,
              ...(webhook.timeoutMs !== undefined ? { timeoutMs: webhook.timeoutMs } : {}),
            },
          }
        : {}),
      ...(telegram
        ? { telegram: { chatId: telegram.chatId, botTokenSet: telegram.botToken !== undefined } }
        : {}),
    },
  }
}
