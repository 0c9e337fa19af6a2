/**
 * `liqheat serve`: the web app and API. Sources: `live` (default: the four venues, backfill then
 * stream; with no venue reachable it says so and runs the simulator unless `--no-fallback`), `replay --data DIR` (played at `--speed N`× real time: N = 60 closes a 5m bar every
 * 5 s; never faster than one bar per 20 ms) and `demo` (the simulated market).
 * @module
 */
import type { Command } from 'commander'
import { parseTime } from '../../core/time.ts'
import { serve } from '../../server/serve.ts'
import { DEFAULT_REPLAY_SPEED } from '../../server/sources/replay.ts'
import { parseChoice, parsePositiveInt, parsePositiveNumber } from '../options.ts'

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the web app and the API (prints the URL)')
    .option('--source <kind>', 'live | replay | demo', 'live')
    .option('--data <dir>', 'folder of data files to replay (with --source replay)')
    .option(
      '--speed <n>',
      `replay/demo speed: N× real time relative to the bar interval (${DEFAULT_REPLAY_SPEED} = a 5m bar every 5 s; at most one bar per 20 ms) [default ${DEFAULT_REPLAY_SPEED}]`,
    )
    .option(
      '--replay-from <time>',
      'replay clock start (ISO); earlier bars load as history (default: 3 days before the end)',
    )
    .option('--symbol <symbol>', 'symbol (default BTCUSDT)')
    .option('--host <host>', 'address to bind (anything but loopback needs --token)', '127.0.0.1')
    .option('--port <port>', 'port', '8080')
    .option('--db <path>', 'SQLite database (templates; live data)')
    .option('--token <token>', 'access token required on every request (or LIQHEAT_TOKEN)')
    .option('--no-build', 'do not rebuild the web bundle when stale')
    .option(
      '--no-fallback',
      'with --source live: fail when no venue answers instead of running the simulator',
    )
    .option(
      '--hl-positions',
      'collect Hyperliquid positions for the exact map (/api/hl-exact); default on with --source live',
    )
    .option('--no-hl-positions', 'do not run the Hyperliquid position collector')
    .action(async (o: Record<string, unknown>) => {
      const str = (k: string): string | undefined =>
        typeof o[k] === 'string' ? (o[k] as string) : undefined
      const running = await serve({
        source: parseChoice(
          str('source') ?? 'live',
          ['live', 'replay', 'demo'] as const,
          '--source',
        ),
        host: str('host') ?? '127.0.0.1',
        port: str('port') === '0' ? 0 : parsePositiveInt(str('port') ?? '8080', '--port', 65_535),
        build: o.build !== false,
        noFallback: o.fallback === false,
        ...(typeof o.hlPositions === 'boolean' ? { hlPositions: o.hlPositions } : {}),
        ...(str('data') !== undefined ? { data: str('data') } : {}),
        ...(str('speed') !== undefined
          ? { speed: parsePositiveNumber(str('speed') ?? '', '--speed') }
          : {}),
        ...(str('replayFrom') !== undefined
          ? { replayFrom: parseTime(str('replayFrom') ?? '', '--replay-from') }
          : {}),
        ...(str('symbol') !== undefined ? { symbol: (str('symbol') ?? '').toUpperCase() } : {}),
        ...(str('db') !== undefined ? { db: str('db') } : {}),
        ...(str('token') !== undefined ? { token: str('token') } : {}),
      })
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop)
          process.off('SIGTERM', stop)
          void running.close().then(resolve, resolve)
        }
        process.on('SIGINT', stop)
        process.on('SIGTERM', stop)
      })
    })
}
