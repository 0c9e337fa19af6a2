/**
 * `liqheat inspect`: reads and checks a data folder (or database) and prints what it holds —
 * files, spans, inputs present and missing, gaps, duplicates, skipped rows. No model runs.
 * @module
 */
import { Command } from 'commander'
import { addSourceOptions, loadSource, type SourceFlags } from '../source.ts'

export function register(program: Command): void {
  const cmd = new Command('inspect').description(
    'read and check a data folder or database and report what it holds (no model)',
  )
  addSourceOptions(cmd, { model: false }).action(async (f: SourceFlags) => {
    await loadSource({ ...f, quiet: false })
  })
  program.addCommand(cmd)
}
