/**
 * Browser-test helpers: Debian's Chromium through playwright-core (never a downloaded browser),
 * headless with a fresh profile, and a real liqheat server replaying a data folder.
 * @module
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext } from 'playwright-core'
import { serve, type RunningServer, type ServeOptions } from '../../src/server/serve.ts'

export const CHROMIUM = '/usr/bin/chromium'
export const REPLAY_DIR = path.resolve(
  import.meta.dirname,
  '../../../shared/data/real/w4-2025-10-5m',
)
export const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts')

/** Why the browser tests cannot run here, or undefined when they can. */
export function skipReason(): string | undefined {
  if (!fs.existsSync(CHROMIUM))
    return `browser tests skipped: ${CHROMIUM} is absent (apt install chromium)`
  if (!fs.existsSync(REPLAY_DIR))
    return `browser tests skipped: the replay data ${REPLAY_DIR} is absent`
  return undefined
}

export interface Session {
  readonly browser: Browser
  readonly profile: string
  close(): Promise<void>
}

export async function launch(): Promise<Session> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'liqheat-chromium-'))
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  const browser = context.browser()
  if (!browser) throw new Error('chromium: no browser handle')
  return {
    browser,
    profile,
    async close() {
      await context.close()
      fs.rmSync(profile, { recursive: true, force: true })
    },
  }
}

/**
 * A real server on a free port replaying REPLAY_DIR (bars every `1000/speedBarsPerSec` ms). Its
 * alerts live in a fresh temporary database unless `extra.alertsDb` says where (never ./data).
 */
export async function startReplayServer(
  speed = 300,
  replayFrom?: number,
  extra: Partial<ServeOptions> = {},
): Promise<RunningServer> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'liqheat-alerts-'))
  const srv = await serve({
    source: 'replay',
    data: REPLAY_DIR,
    speed,
    host: '127.0.0.1',
    port: 0,
    logger: false,
    log: () => undefined,
    ...(replayFrom !== undefined ? { replayFrom } : {}),
    alertsDb: path.join(tmp, 'alerts.db'),
    ...extra,
  })
  return {
    url: srv.url,
    source: srv.source,
    async close() {
      await srv.close()
      fs.rmSync(tmp, { recursive: true, force: true })
    },
  }
}

export function artifact(name: string): string {
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  return path.join(ARTIFACTS, name)
}
