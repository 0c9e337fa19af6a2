/**
 * The error taxonomy. Each boundary translates what it meets into one of these; the CLI maps them
 * to exit codes (UsageError → 2, DataError → 1) and the HTTP API to status codes.
 * @module
 */

export class AppError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
  }
}

/** Bad usage: a flag, parameter or option is wrong. `flag` names it (e.g. `--rows`). */
export class UsageError extends AppError {
  constructor(
    message: string,
    readonly flag?: string,
  ) {
    super(message)
  }
}

/** Bad data: a file, line or field is wrong. The message names `file:line` and the field. */
export class DataError extends AppError {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly field?: string,
  ) {
    super(message)
  }
}

/** A venue or network failed. */
export class NetworkError extends AppError {}
/** A venue said we asked too often; `retryAfterMs` when it told us how long to wait. */
export class RateLimitError extends NetworkError {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message)
  }
}
/** A venue answered with an error of its own. */
export class ExchangeError extends AppError {}

export function ensureDefined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new AppError(`internal: ${what} is undefined`)
  return value
}
