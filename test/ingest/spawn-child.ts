/**
 * Spawns a TypeScript child (node with tsx), collects its stdout lines, and kills it with SIGKILL
 * after a delay (or lets it finish).
 * @module
 */
import { spawn } from 'node:child_process'

export interface ChildRun {
  readonly lines: string[]
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stderr: string
}

export function runChild(script: string, env: Record<string, string>, killAfterMs?: number, timeoutMs = 60_000): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const lines: string[] = []
    let partial = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => {
      const parts = (partial + d.toString()).split('\n')
      partial = parts.pop() ?? ''
      lines.push(...parts)
    })
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const kill = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    const guard = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (kill) clearTimeout(kill)
      clearTimeout(guard)
      if (partial) lines.push(partial)
      resolve({ lines, code, signal, stderr })
    })
  })
}
