/**
 * Turns `liqheat alerts add` flags into a rule (validated by the same schema as the API), and maps
 * a field at fault back to the flag that set it, so errors name the flag.
 * @module
 */
import { readFileSync } from 'node:fs'
import { DataError, UsageError } from '../core/errors.ts'
import { parseRuleSpec } from './schema.ts'
import type { RuleSpec } from './types.ts'

export interface AddFlags {
  symbol?: string
  kind?: string
  name?: string
  side?: string
  minUsd?: string
  withinPct?: string
  withinUsd?: string
  growthPct?: string
  hours?: string
  ratio?: string
  direction?: string
  window?: string
  afterSec?: string
  targetSide?: string
  targetLow?: string
  targetHigh?: string
  targetPeak?: string
  webhook?: string
  webhookSecret?: string
  webhookTimeoutMs?: string
  telegramChat?: string
  telegramToken?: string
  page?: boolean
  cooldown?: string
  once?: boolean
  exchanges?: string
  leverage?: string
  file?: string
}

const FLAGS: Record<string, string> = {
  symbol: '--symbol',
  kind: '--kind',
  name: '--name',
  side: '--side',
  minUsd: '--min-usd',
  withinPct: '--within-pct',
  withinUsd: '--within-usd',
  growthPct: '--growth-pct',
  hours: '--hours',
  ratio: '--ratio',
  direction: '--direction',
  windowPct: '--window',
  afterSec: '--after-sec',
  'target.side': '--target-side',
  'target.priceLow': '--target-low',
  'target.priceHigh': '--target-high',
  'target.peakPrice': '--target-peak',
  target: '--target-peak',
  'channels.webhook.url': '--webhook',
  'channels.webhook.secret': '--webhook-secret',
  'channels.webhook.timeoutMs': '--webhook-timeout-ms',
  'channels.telegram.chatId': '--telegram-chat',
  'channels.telegram.botToken': '--telegram-token',
  cooldownSec: '--cooldown',
  exchanges: '--exchanges',
  leverage: '--leverage',
}

/** The flag that sets `field` (a dotted path; list indexes dropped). */
export function flagFor(field: string): string {
  const clean = field.replace(/\.\d+(?=\.|$)/g, '')
  return FLAGS[clean] ?? `--${clean}`
}

function num(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined
  const n = Number(v.trim())
  if (v.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`${flag}: '${v}' is not a number`, flag)
  return n
}

function list(v: string | undefined): string[] | undefined {
  return v === undefined ? undefined : v.split(',').map((s) => s.trim())
}

/** The rule the flags describe (or the JSON file given with --file). */
export function ruleFromFlags(f: AddFlags): RuleSpec {
  if (f.file !== undefined) {
    let text: string
    try {
      text = readFileSync(f.file, 'utf8')
    } catch {
      throw new UsageError(`--file: cannot read '${f.file}'`, '--file')
    }
    let raw: unknown
    try {
      raw = JSON.parse(text)
    } catch (e) {
      throw new DataError(`${f.file}: not valid JSON (${(e as Error).message})`, f.file)
    }
    try {
      return parseRuleSpec(raw)
    } catch (e) {
      throw new DataError(`${f.file}: ${(e as Error).message}`, f.file, undefined, 'rule')
    }
  }
  const target =
    f.targetPeak !== undefined || f.targetLow !== undefined || f.targetHigh !== undefined
      ? {
          side: f.targetSide,
          priceLow: num(f.targetLow ?? f.targetPeak, '--target-low'),
          priceHigh: num(f.targetHigh ?? f.targetPeak, '--target-high'),
          peakPrice: num(f.targetPeak, '--target-peak'),
        }
      : undefined
  const webhook =
    f.webhook !== undefined
      ? {
          url: f.webhook,
          secret: f.webhookSecret,
          timeoutMs: num(f.webhookTimeoutMs, '--webhook-timeout-ms'),
        }
      : undefined
  const telegram =
    f.telegramChat !== undefined ? { chatId: f.telegramChat, botToken: f.telegramToken } : undefined
  const raw: Record<string, unknown> = {
    symbol: f.symbol ?? 'BTCUSDT',
    kind: f.kind,
    name: f.name,
    side: f.side,
    minUsd: num(f.minUsd, '--min-usd'),
    withinPct: num(f.withinPct, '--within-pct'),
    withinUsd: num(f.withinUsd, '--within-usd'),
    growthPct: num(f.growthPct, '--growth-pct'),
    hours: num(f.hours, '--hours'),
    ratio: num(f.ratio, '--ratio'),
    direction: f.direction,
    windowPct: num(f.window, '--window'),
    afterSec: num(f.afterSec, '--after-sec'),
    target,
    channels: { page: f.page !== false, webhook, telegram },
    cooldownSec: num(f.cooldown, '--cooldown'),
    once: f.once,
    exchanges: list(f.exchanges),
    leverage: list(f.leverage)?.map((s) => num(s, '--leverage')),
  }
  // Flags that do not belong to the kind are refused by the strict schema, naming the flag.
  const pruned = JSON.parse(JSON.stringify(raw)) as Record<string, unknown>
  return parseRuleSpec(pruned, flagFor)
}
