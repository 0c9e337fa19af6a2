/**
 * Token check for a server bound beyond loopback: every request must carry the token as
 * `Authorization: Bearer <token>`, `X-Liqheat-Token`, `?token=` (links, the WebSocket) or the
 * `liqheat_token` cookie the server sets after a valid `?token=` page load.
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { errorBody } from './http-error.ts'

export const TOKEN_COOKIE = 'liqheat_token'

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest()
}

export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false
  return timingSafeEqual(digest(expected), digest(given))
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return decodeURIComponent(v.join('='))
  }
  return undefined
}

function presented(req: FastifyRequest): { token?: string; viaQuery: boolean } {
  const auth = req.headers.authorization
  if (typeof auth === 'string' && /^Bearer\s+/i.test(auth))
    return { token: auth.replace(/^Bearer\s+/i, ''), viaQuery: false }
  const header = req.headers['x-liqheat-token']
  if (typeof header === 'string') return { token: header, viaQuery: false }
  const q = req.query
  if (q && typeof q === 'object' && 'token' in q && typeof q.token === 'string')
    return { token: q.token, viaQuery: true }
  const c = cookieValue(req.headers.cookie, TOKEN_COOKIE)
  return c === undefined ? { viaQuery: false } : { token: c, viaQuery: false }
}

/** Adds the check as an onRequest hook. */
export function requireToken(app: FastifyInstance, token: string): void {
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const p = presented(req)
    if (!tokenMatches(token, p.token)) {
      const reason =
        p.token === undefined
          ? 'this server needs a token: send Authorization: Bearer <token> or open the page with ?token=<token>'
          : 'wrong token'
      return reply.code(401).send(errorBody(401, reason, 'token'))
    }
    if (p.viaQuery && req.method === 'GET' && !req.url.startsWith('/api/')) {
      reply.header(
        'set-cookie',
        `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`,
      )
    }
  })
}
