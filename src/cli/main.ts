/**
 * The `liqheat` command line. Each command lives in `commands/<name>.ts` and exports
 * `register(program)`. Exit codes: 0 success, 2 bad usage (the message names the flag),
 * 1 bad data (the message names the file and line or the field).
 * @module
 */
import { Command, CommanderError } from 'commander'
import { AppError, DataError, UsageError } from '../core/errors.ts'
import { COMMANDS } from './commands/index.ts'

export function buildProgram(): Command {
  const program = new Command('liqheat')
    .description(
      'Estimated liquidation heatmaps for crypto perpetual futures — transparent model, measured accuracy.',
    )
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
  for (const register of COMMANDS) register(program)
  // Every subcommand reports errors by throwing (mapped to exit codes by `run`), never process.exit.
  for (const cmd of program.commands) {
    cmd.exitOverride()
    cmd.showHelpAfterError('(run with --help for usage)')
  }
  return program
}

/** Runs the CLI and returns the exit code (never throws). */
export async function run(argv: readonly string[]): Promise<number> {
  const program = buildProgram()
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) })
  try {
    await program.parseAsync(argv as string[], { from: 'user' })
    return 0
  } catch (err) {
    return exitCodeFor(err)
  }
}

export function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0
    if (err.code === 'commander.help') return 0
    return 2 // commander already printed the message naming the flag or command
  }
  if (err instanceof UsageError) {
    process.stderr.write(`liqheat: ${err.message}\n`)
    return 2
  }
  if (err instanceof DataError) {
    process.stderr.write(`liqheat: bad data: ${err.message}\n`)
    return 1
  }
  if (err instanceof AppError) {
    process.stderr.write(`liqheat: ${err.message}\n`)
    return 1
  }
  process.stderr.write(
    `liqheat: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  )
  return 1
}

const isMain =
  process.argv[1] !== undefined && /(?:main\.ts|liqheat(?:\.js)?)$/.test(process.argv[1])
if (isMain) {
  const code = await run(process.argv.slice(2))
  process.exitCode = code
}
