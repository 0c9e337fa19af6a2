/**
 * The alert routes' entries in `/api/openapi.json` (the routes themselves are the alerts plugin's,
 * `src/alerts/plugin.ts`; the request body is described by the same zod schema that validates it).
 * @module
 */
import { z } from 'zod'
import { ruleSpecSchema } from '../alerts/schema.ts'
import type { ApiDocs } from './api-doc.ts'

const listQuery = {
  symbol: z
    .string()
    .regex(/^[A-Za-z0-9]{2,24}$/)
    .optional(),
}

const eventsQuery = {
  since: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  rule: z.string().max(40).optional(),
}

const RULE_BODY =
  'An alert rule: {symbol, kind: near|swept|fresh|asymmetry|stale, …kind fields, name?, enabled?, once?, ' +
  'cooldownSec?, exchanges?, leverage?, channels?: {page, webhook?: {url, secret?, timeoutMs?}, ' +
  'telegram?: {chatId, botToken?}}}. A bad field is a 400 naming it (e.g. channels.webhook.url).'

/** Adds the `/api/alerts*` routes to the document. */
export function describeAlertRoutes(docs: ApiDocs): void {
  docs.add({
    method: 'get',
    path: '/api/alerts',
    summary: 'List the alert rules (secrets replaced by secretSet / botTokenSet)',
    query: listQuery,
    responses: { '200': '{rules: [...]}', '400': 'bad parameter' },
  })
  docs.add({
    method: 'post',
    path: '/api/alerts',
    summary: 'Create an alert rule on the estimated clusters (or the data freshness)',
    description: 'See docs/workflow.md § Alerts for the kinds and their fields.',
    requestBody: RULE_BODY,
    bodySchema: ruleSpecSchema,
    responses: { '201': '{rule}', '400': 'bad field: {error, parameter, reason}' },
  })
  docs.add({
    method: 'get',
    path: '/api/alerts/events',
    summary:
      'The alert history, newest first (with since: the events after that id, oldest first), each with its deliveries',
    query: eventsQuery,
    responses: {
      '200':
        '{events: [{…event, deliveries: [{channel, status, attempts, lastError?}]}], lastEventId, pendingDeliveries}',
      '400': 'bad parameter',
    },
  })
  docs.add({
    method: 'get',
    path: '/api/alerts/stream',
    summary:
      'WebSocket: {type:"hello", lastEventId} on connect, {type:"alert", event, rule} per new event; ' +
      'send {type:"resume", since} to replay what was missed',
    responses: { '101': 'switching protocols' },
  })
  docs.add({
    method: 'get',
    path: '/api/alerts/{id}',
    summary: 'One alert rule and its state (last bar evaluated, last fired, times fired)',
    pathParams: ['id'],
    responses: { '200': '{rule, state}', '400': 'bad id', '404': 'no such rule' },
  })
  docs.add({
    method: 'put',
    path: '/api/alerts/{id}',
    summary: 'Replace an alert rule (omitted secrets for the same destination are kept)',
    pathParams: ['id'],
    requestBody: RULE_BODY,
    bodySchema: ruleSpecSchema,
    responses: { '200': '{rule}', '400': 'bad field', '404': 'no such rule' },
  })
  docs.add({
    method: 'patch',
    path: '/api/alerts/{id}',
    summary: 'Enable or disable an alert rule',
    pathParams: ['id'],
    requestBody: '{"enabled": true|false}',
    bodySchema: z.strictObject({ enabled: z.boolean() }),
    responses: { '200': '{rule}', '400': 'bad body', '404': 'no such rule' },
  })
  docs.add({
    method: 'delete',
    path: '/api/alerts/{id}',
    summary: 'Delete an alert rule (its history stays)',
    pathParams: ['id'],
    responses: { '204': 'deleted', '400': 'bad id', '404': 'no such rule' },
  })
}
