/**
 * Makes sure the browser bundle in `dist/web` is built and newer than its sources (`web/`,
 * `vite.config.ts`), building it with vite when it is missing or stale.
 * @module
 */
import fs from 'node:fs'
import path from 'node:path'

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0
  const st = fs.statSync(p)
  if (!st.isDirectory()) return st.mtimeMs
  let newest = st.mtimeMs
  for (const name of fs.readdirSync(p)) {
    if (name === 'node_modules' || name.startsWith('.')) continue
    newest = Math.max(newest, newestMtime(path.join(p, name)))
  }
  return newest
}

export function webBundleStale(root: string): boolean {
  const index = path.join(root, 'dist', 'web', 'index.html')
  if (!fs.existsSync(index)) return true
  const built = fs.statSync(index).mtimeMs
  const sources = Math.max(
    newestMtime(path.join(root, 'web')),
    newestMtime(path.join(root, 'vite.config.ts')),
  )
  return sources > built
}

/** Builds when stale; returns the bundle folder, and a warning when it could not build. */
export async function ensureWebBundle(root: string, log: (line: string) => void): Promise<string> {
  const out = path.join(root, 'dist', 'web')
  if (!webBundleStale(root)) return out
  log('building the web app (dist/web is missing or older than web/)…')
  // Under a test runner NODE_ENV is `test`, which makes vite resolve the libraries' development
  // builds (lightweight-charts: 400 kB instead of 240 kB); the bundle must be the production one.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    const vite = await import('vite')
    await vite.build({
      configFile: path.join(root, 'vite.config.ts'),
      root: path.join(root, 'web'),
      mode: 'production',
      logLevel: 'warn',
    })
    // vite keeps file times of copied assets; touch index.html so the staleness check settles.
    const index = path.join(out, 'index.html')
    const now = new Date()
    if (fs.existsSync(index)) fs.utimesSync(index, now, now)
  } catch (err) {
    log(`could not build the web app: ${err instanceof Error ? err.message : String(err)}`)
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = nodeEnv
  }
  return out
}
