/** The registry of CLI commands: one line per command module. @module */
import type { Command } from 'commander'
import { register as alerts } from './alerts.ts'
import { register as backfill } from './backfill.ts'
import { register as calibrate } from './calibrate.ts'
import { register as clusters } from './clusters.ts'
import { register as collect } from './collect.ts'
import { register as evalCmd } from './eval.ts'
import { register as exportCmd } from './export.ts'
import { register as heatmap } from './heatmap.ts'
import { register as hlPositions } from './hl-positions.ts'
import { register as importCmd } from './import.ts'
import { register as inspect } from './inspect.ts'
import { register as review } from './review.ts'
import { register as serve } from './serve.ts'
import { register as simulate } from './simulate.ts'
import { register as sweeps } from './sweeps.ts'

export type RegisterCommand = (program: Command) => void

export const COMMANDS: RegisterCommand[] = [
  heatmap,
  sweeps,
  clusters,
  evalCmd,
  calibrate,
  inspect,
  simulate,
  importCmd,
  backfill,
  collect,
  hlPositions,
  serve,
  alerts,
  review,
  exportCmd,
]
