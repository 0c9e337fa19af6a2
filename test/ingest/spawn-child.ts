/**
 * Spawns a TypeScript child (node with tsx), collects its stdout lines, and kills it with SIGKILL
 * a set time after it printed a given line (or lets it finish).
 * @module
 */
import { spawn } from 'node:child_process'

export interface ChildRun {
  readonly lines: string[]
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stderr: string
}

/** When to SIGKILL the child: `afterMs` after the first stdout line starting with `afterLine`. */
export interface KillPlan {
  readonly afterLine: string
  readonly afterMs: number
}

export function runChild(
  script: string,
  env: Record<string, string>,
  kill?: KillPlan,
  timeoutMs = 60_000,
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, ...env },
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
      if (kill && killTimer === undefined && parts.some((l) => l.startsWith(kill.afterLine))) {
        killTimer = setTimeout(() => child.kill('SIGKILL'), kill.afterMs)
      }
    })
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const guard = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (killTimer) clearTimeout(killTimer)
      clearTimeout(guard)
      if (partial) lines.push(partial)
      resolve({ lines, code, signal, stderr })
    })
  })
}
