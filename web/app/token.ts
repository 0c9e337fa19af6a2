/**
 * The access token of a server started with `--token`, when the page was opened with
 * `?token=…`. The server also sets a cookie then (sent with every same-origin request and
 * WebSocket); the token is kept here (for this tab) so WebSocket URLs can carry it explicitly
 * after the page rewrites its own URL.
 * @module
 */
const KEY = 'liqheat.token'

function capture(): string | undefined {
  try {
    const fromUrl = new URLSearchParams(location.search).get('token')
    if (fromUrl) {
      sessionStorage.setItem(KEY, fromUrl)
      return fromUrl
    }
    return sessionStorage.getItem(KEY) ?? undefined
  } catch {
    return undefined
  }
}

const token = capture()

/** The token in use, or undefined (a loopback server without one, or the cookie alone). */
export function authToken(): string | undefined {
  return token
}

/** A same-origin WebSocket URL for `path`, with `?token=` when a token is in use. */
export function wsUrl(path: string): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:'
  const t = authToken()
  return `${proto}//${location.host}${path}${t ? `?token=${encodeURIComponent(t)}` : ''}`
}
