// Process plumbing for the benchmark: runs peers under Node or Bun, reads
// their JSON lines, measures CPU and memory, and never leaves one behind.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
export const benchDir = path.dirname(here)
export const root = path.dirname(benchDir)
export const bunBin = process.env.BUN_BINARY || path.join(root, 'node_modules', '.bin', 'bun')

/** The runtime executing an implementation's code. */
export function runtimeFor(impl) {
  return impl === 'bun' ? bunBin : process.execPath
}

const live = new Set()
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL')
})

/** Starts a peer; resolves once it printed its first JSON line. */
export function startPeer(impl, script, args, { timeoutMs = 60_000 } = {}) {
  const child = spawn(runtimeFor(impl), [path.join(benchDir, 'peers', script), impl, ...args.map(String)], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  live.add(child)
  const lines = []
  const waiters = []
  createInterface({ input: child.stdout }).on('line', (line) => {
    let value
    try {
      value = JSON.parse(line)
    } catch {
      return
    }
    const waiter = waiters.shift()
    if (waiter) waiter.resolve(value)
    else lines.push(value)
  })
  const exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      live.delete(child)
      for (const w of waiters.splice(0)) w.reject(new Error(`${script} (${impl}) exited ${signal ?? code}`))
      resolve(code)
    }),
  )
  const next = () =>
    new Promise((resolve, reject) => {
      if (lines.length) return resolve(lines.shift())
      const timer = setTimeout(() => reject(new Error(`${script} (${impl}) gave no answer in ${timeoutMs} ms`)), timeoutMs)
      waiters.push({
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      })
    })
  return {
    pid: child.pid,
    next,
    async ask(command) {
      child.stdin.write(`${command}\n`)
      return next()
    },
    async stop() {
      child.stdin.end()
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** Runs a peer to completion and returns its last JSON line. */
export async function runPeer(impl, script, args, options) {
  const peer = startPeer(impl, script, args, options)
  try {
    return await peer.next()
  } finally {
    await peer.stop()
  }
}

/** CPU time (µs) a process has used, per thread name. */
export function cpuByThread(pid) {
  const out = {}
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      out[name] = (out[name] ?? 0) + ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100
    }
  } catch {
    // The process is gone, or /proc is not there: no CPU figures.
  }
  return out
}

export function cpuDelta(before, after) {
  const out = {}
  for (const [name, us] of Object.entries(after)) out[name] = us - (before[name] ?? 0)
  return out
}
