/**
 * Child process for the collector crash test: runs the Collector on a fake venue whose clock is
 * simulated time shared with the parent (SIM0 + (now − REAL0) × SPEED), with scheduled outages,
 * until the clock passes END and everything is backfilled; then prints `done`. The parent kills
 * it with SIGKILL at random moments and restarts it.
 * Env: DB, SIM0, REAL0, SPEED, END, LOOKBACK_MS.
 * @module
 */
import { InProcessBus } from '../../src/ingest/bus.ts'
import { Collector, sleep } from '../../src/ingest/collector.ts'
import { StoreWriter } from '../../src/ingest/store-writer.ts'
import { openStore } from '../../src/store/open-store.ts'
import { MIN, createFakeVenue } from './fake-venue.ts'

const env = (k: string): number => Number(process.env[k])
const sim0 = env('SIM0')
const real0 = env('REAL0')
const speed = env('SPEED')
const end = env('END')
const now = (): number => sim0 + (Date.now() - real0) * speed
const down = (ts: number): boolean =>
  Math.floor(ts / MIN) % 83 >= 30 && Math.floor(ts / MIN) % 83 < 34

const store = openStore(process.env.DB ?? '')
const bus = new InProcessBus()
const writer = new StoreWriter(store, { maxDelayMs: 20, maxRows: 400 })
writer.attach(bus)
const venue = createFakeVenue({ venue: 'okx', now, down })
const collector = new Collector({
  sources: [venue],
  store,
  bus,
  writer,
  symbols: ['BTCUSDT'],
  lookbackMs: env('LOOKBACK_MS'),
  now,
  retryMs: 5,
  refreshMs: 50,
  restartGapMs: MIN,
})
const ac = new AbortController()
const run = collector.run(ac.signal)
process.stdout.write(`start ${collector.states.get('okx')?.startedAt}\n`)
while (venue.streamStarts.length === 0) await sleep(1)
process.stdout.write(`stream ${venue.streamStarts[0]}\n`)
while (!(now() >= end && collector.idle())) await sleep(5)
ac.abort()
await run
writer.close()
store.close()
process.stdout.write('done\n')
