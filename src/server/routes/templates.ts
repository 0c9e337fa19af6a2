/** `GET /api/templates`, `GET|PUT|DELETE /api/templates/:name`: saved layouts. @module */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { ApiDocs } from '../api-doc.ts'
import type { ServerContext } from '../context.ts'
import { badRequest, HttpError, notFound } from '../http-error.ts'
import { NO_PARAMS, parseQuery } from '../query.ts'
import { MAX_TEMPLATES, TEMPLATE_NAME, viewSchema } from '../templates-store.ts'

const bodySchema = z.strictObject({ view: viewSchema })

function checkName(raw: unknown): string {
  const name = typeof raw === 'string' ? raw : ''
  if (!TEMPLATE_NAME.test(name))
    throw badRequest(
      'name',
      'must be 1–64 characters: letters, digits, space, _ . - (starting with a letter or digit)',
    )
  return name
}

export function templateRoutes(app: FastifyInstance, ctx: ServerContext, docs: ApiDocs): void {
  docs.add({
    method: 'get',
    path: '/api/templates',
    summary: 'List saved layouts',
    responses: { '200': 'templates' },
  })
  app.get('/api/templates', async (req) => {
    parseQuery(NO_PARAMS, req.query)
    return { templates: ctx.templates.list() }
  })

  docs.add({
    method: 'get',
    path: '/api/templates/{name}',
    summary: 'One saved layout',
    pathParams: ['name'],
    responses: { '200': 'template', '400': 'bad name', '404': 'no such template' },
  })
  app.get<{ Params: { name: string } }>('/api/templates/:name', async (req) => {
    parseQuery(NO_PARAMS, req.query)
    const name = checkName(req.params.name)
    const t = ctx.templates.get(name)
    if (!t) throw notFound('name', `no template named '${name}'`)
    return t
  })

  docs.add({
    method: 'put',
    path: '/api/templates/{name}',
    summary: 'Save a layout (creates or replaces)',
    pathParams: ['name'],
    requestBody: '{"view": {setting: value, …}}: up to 64 settings, each a scalar or a short list',
    responses: { '200': 'saved template', '400': 'bad name or body' },
  })
  app.put<{ Params: { name: string } }>(
    '/api/templates/:name',
    { bodyLimit: 16_384 },
    async (req) => {
      parseQuery(NO_PARAMS, req.query)
      const name = checkName(req.params.name)
      const parsed = bodySchema.safeParse(req.body)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        const parameter = issue?.path.length ? `body.${issue.path.map(String).join('.')}` : 'body'
        throw badRequest(parameter, issue?.message ?? 'expected {"view": {…}}')
      }
      if (!ctx.templates.get(name) && ctx.templates.list().length >= MAX_TEMPLATES)
        throw new HttpError(400, `at most ${MAX_TEMPLATES} templates; delete one first`, 'name')
      return ctx.templates.put(name, parsed.data.view)
    },
  )

  docs.add({
    method: 'delete',
    path: '/api/templates/{name}',
    summary: 'Delete a saved layout',
    pathParams: ['name'],
    responses: { '200': 'deleted', '400': 'bad name', '404': 'no such template' },
  })
  app.delete<{ Params: { name: string } }>('/api/templates/:name', async (req) => {
    parseQuery(NO_PARAMS, req.query)
    const name = checkName(req.params.name)
    if (!ctx.templates.delete(name)) throw notFound('name', `no template named '${name}'`)
    return { deleted: name }
  })
}
