/**
 * HTTP errors: thrown by routes and rendered by the one error handler in `app.ts` as
 * `{ error, parameter?, reason }` JSON. Nothing else ever reaches the client.
 * @module
 */
import { ZodError } from 'zod'
import { UsageError } from '../core/errors.ts'

const STATUS_TEXT: Record<number, string> = {
  400: 'bad request',
  401: 'unauthorized',
  404: 'not found',
  405: 'method not allowed',
  413: 'payload too large',
  415: 'unsupported media type',
  500: 'internal error',
  503: 'unavailable',
}

/** An error with an HTTP status; `parameter` names the query/path/body field at fault. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly reason: string,
    readonly parameter?: string,
  ) {
    super(reason)
    this.name = 'HttpError'
  }
}

export function badRequest(parameter: string, reason: string): HttpError {
  return new HttpError(400, reason, parameter)
}

export function notFound(parameter: string | undefined, reason: string): HttpError {
  return new HttpError(404, reason, parameter)
}

/** The JSON body every error response carries. */
export interface ErrorBody {
  readonly error: string
  readonly parameter?: string
  readonly reason: string
}

export function errorBody(status: number, reason: string, parameter?: string): ErrorBody {
  const error = STATUS_TEXT[status] ?? (status >= 500 ? 'internal error' : 'bad request')
  return parameter === undefined ? { error, reason } : { error, parameter, reason }
}

/** Turns the first zod issue into a 400 naming the parameter. */
export function fromZod(err: ZodError): HttpError {
  const issue = err.issues[0]
  if (!issue) return badRequest('query', 'invalid parameters')
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? 'query'
    return badRequest(key, `unknown parameter '${key}'`)
  }
  const parameter = issue.path.length > 0 ? issue.path.map(String).join('.') : 'query'
  return badRequest(parameter, issue.message)
}

/** Maps any thrown value to a status and body. Unknown errors become a bare 500 (logged by the caller). */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof HttpError) {
    return { status: err.statusCode, body: errorBody(err.statusCode, err.reason, err.parameter) }
  }
  if (err instanceof ZodError) {
    const e = fromZod(err)
    return { status: 400, body: errorBody(400, e.reason, e.parameter) }
  }
  if (err instanceof UsageError) {
    return { status: 400, body: errorBody(400, err.message, err.flag) }
  }
  if (typeof err === 'object' && err !== null && 'statusCode' in err) {
    const status = Number((err as { statusCode: unknown }).statusCode)
    const message = err instanceof Error ? err.message : 'request error'
    if (Number.isInteger(status) && status >= 400 && status < 500) {
      return { status, body: errorBody(status, message) }
    }
  }
  return { status: 500, body: errorBody(500, 'internal error; see the server log') }
}
