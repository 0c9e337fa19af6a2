/**
 * Runs the liqheat CLI in a child process (node + tsx), collecting its stdout lines; optionally
 * SIGKILLs it a set time after it printed a line starting with a given prefix.
 * @module
 */
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'

export const REPO = resolve(import.meta.dirname, '../..')

export interface CliRun {
  readonly lines: string[]
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stderr: string
}

export function runCli(
  args: readonly string[],
  opts: {
    env?: Record<string, string>
    killAfter?: { line: string; ms: number }
    timeoutMs?: number
  } = {},
): Promise<CliRun> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: REPO,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const lines: string[] = []
    let partial = ''
    let stderr = ''
    let killTimer: NodeJS.Timeout | undefined
    child.stdout.on('data', (d: Buffer) => {
      const parts = (partial + d.toString()).split('\n')
      partial = parts.pop() ?? ''
      lines.push(...parts)
      const k = opts.killAfter
      if (k && killTimer === undefined && parts.some((l) => l.startsWith(k.line)))
        killTimer = setTimeout(() => child.kill('SIGKILL'), k.ms)
    })
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const guard = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 90_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (killTimer) clearTimeout(killTimer)
      clearTimeout(guard)
      if (partial) lines.push(partial)
      done({ lines, code, signal, stderr })
    })
  })
}
