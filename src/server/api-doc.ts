/**
 * A tiny registry the routes describe themselves into, turned into the OpenAPI 3.1 document at
 * `/api/openapi.json`. Query parameters come from the same zod shapes the routes validate with.
 * @module
 */
import { z } from 'zod'

export interface RouteDoc {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  /** OpenAPI path, e.g. `/api/templates/{name}`. */
  readonly path: string
  readonly summary: string
  readonly description?: string
  readonly query?: z.ZodRawShape
  readonly required?: readonly string[]
  readonly pathParams?: readonly string[]
  /** Response descriptions by status. */
  readonly responses: Readonly<Record<string, string>>
  readonly binary?: boolean
  readonly requestBody?: string
  /** JSON schema source of the request body (converted like the query parameters). */
  readonly bodySchema?: z.ZodType
  /** Content type of the 200 answer when it is not JSON (e.g. `image/png`, `text/csv`). */
  readonly produces?: string
}

function jsonSchemaOf(schema: z.core.$ZodType, fallback: Record<string, unknown>): unknown {
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })
  } catch {
    // a transform the converter cannot express: the description still says it all
    return fallback
  }
}

export class ApiDocs {
  readonly routes: RouteDoc[] = []

  add(doc: RouteDoc): void {
    this.routes.push(doc)
  }

  document(version: string): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {}
    for (const r of this.routes) {
      const parameters: unknown[] = []
      for (const p of r.pathParams ?? [])
        parameters.push({ name: p, in: 'path', required: true, schema: { type: 'string' } })
      for (const [name, schema] of Object.entries(r.query ?? {})) {
        parameters.push({
          name,
          in: 'query',
          required: (r.required ?? []).includes(name),
          schema: jsonSchemaOf(schema, { type: 'string' }),
        })
      }
      const responses: Record<string, unknown> = {}
      for (const [status, description] of Object.entries(r.responses)) {
        const content =
          status === '200' && r.binary
            ? {
                'application/json': { schema: { type: 'object' } },
                [r.produces ?? 'application/octet-stream']: {
                  schema: { type: 'string', format: 'binary' },
                },
              }
            : status === '200' && r.produces
              ? { [r.produces]: { schema: { type: 'string' } } }
              : status === '101' || status === '204'
                ? undefined
                : { 'application/json': { schema: { type: 'object' } } }
        responses[status] = content ? { description, content } : { description }
      }
      paths[r.path] ??= {}
      paths[r.path][r.method] = {
        summary: r.summary,
        ...(r.description ? { description: r.description } : {}),
        parameters,
        ...(r.requestBody
          ? {
              requestBody: {
                required: true,
                description: r.requestBody,
                content: {
                  'application/json': {
                    schema: r.bodySchema
                      ? jsonSchemaOf(r.bodySchema, { type: 'object' })
                      : { type: 'object' },
                  },
                },
              },
            }
          : {}),
        responses,
      }
    }
    return {
      openapi: '3.1.0',
      info: {
        title: 'liqheat API',
        version,
        description:
          'Estimated liquidation heatmaps for crypto perpetual futures. Every USD figure is a model estimate. ' +
          'Errors are JSON {error, parameter, reason}. WebSockets: /api/stream (heatmap columns, clusters) and ' +
          '/api/alerts/stream (alert events; see docs/workflow.md).',
      },
      paths,
    }
  }
}
