/**
 * The demo source: the simulated market from `src/sim/` (another module). It is loaded lazily so
 * the server runs without it; `loadDemoSource` returns undefined when the simulator does not
 * export a demo source (yet).
 * @module
 */
import type { MarketSource } from '../source.ts'

export interface DemoOptions {
  readonly speed?: number
  readonly symbol?: string
}

type DemoFactory = (opts: DemoOptions) => MarketSource

function isFactory(v: unknown): v is DemoFactory {
  return typeof v === 'function'
}

/** The simulator's demo source, or undefined (with the reason) when it is not available. */
export async function loadDemoSource(
  opts: DemoOptions,
): Promise<{ source?: MarketSource; reason?: string }> {
  let mod: Record<string, unknown>
  try {
    const spec = '../../sim/index.ts' // resolved at run time: the simulator is optional
    mod = (await import(spec)) as Record<string, unknown>
  } catch (err) {
    return {
      reason: `the simulator is not available (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`,
    }
  }
  const factory = mod.createDemoSource
  if (!isFactory(factory)) return { reason: 'src/sim does not export createDemoSource yet' }
  return { source: factory(opts) }
}
