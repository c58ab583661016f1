// `npm run bench [-- <workload...>] [--quick] [--reps N] [--seconds S]`
//
// Runs each workload against three servers in one run: this package on
// Node, node:net on Node, and Bun.listen on real Bun (the `bun` dev
// dependency), all driven by the same fixed client running on Bun.
// Repetitions alternate between implementations; the table shows medians
// and the ratios ours/node and ours/Bun. Results go to
// bench/results/latest.json.
//
// Workloads: echo (64-byte ping-pong, 1 and 50 connections).

import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.dirname(here)
const bunBin = process.env.BUN_BINARY || path.join(root, 'node_modules', '.bin', 'bun')

const argv = process.argv.slice(2)
const quick = argv.includes('--quick')
const option = (name, fallback) => {
  const i = argv.indexOf(name)
  return i >= 0 ? Number(argv[i + 1]) : fallback
}
const reps = option('--reps', quick ? 1 : 3)
const seconds = option('--seconds', quick ? 2 : 5)
const selected = argv.filter((a, i) => !a.startsWith('--') && !['--reps', '--seconds'].includes(argv[i - 1]))

const IMPLS = [
  { name: 'bun-sockets', runtime: process.execPath, arg: 'bun-sockets' },
  { name: 'node:net', runtime: process.execPath, arg: 'node-net' },
  { name: 'Bun', runtime: bunBin, arg: 'bun' },
]

function cpuMicros(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    const ticks = Number(fields[11]) + Number(fields[12])
    return (ticks * 1e6) / 100
  } catch {
    return NaN
  }
}

function startServer(impl, script) {
  return new Promise((resolve, reject) => {
    const child = spawn(impl.runtime, [path.join(here, 'servers', script), impl.arg], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      const line = out.split('\n')[0]
      if (out.includes('\n')) resolve({ child, port: Number(line) })
    })
    child.on('error', reject)
    child.on('exit', (code) => reject(new Error(`${impl.name} server exited ${code}`)))
  })
}

function runClient(script, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(bunBin, [path.join(here, 'clients', script), ...args.map(String)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(`client exit ${code}`))))
  })
}

async function measure(impl, workload) {
  const { child, port } = await startServer(impl, workload.server)
  child.removeAllListeners('exit')
  try {
    const cpuBefore = cpuMicros(child.pid)
    const result = await runClient(workload.client, [port, ...workload.args])
    const cpu = cpuMicros(child.pid) - cpuBefore
    return { ...result, serverCpuUsPerMsg: result.msgsPerSec ? cpu / (result.msgsPerSec * seconds) : null }
  } finally {
    child.stdin.end()
    await new Promise((r) => child.once('exit', r))
  }
}

const WORKLOADS = [
  { id: 'echo-1', group: 'echo', title: 'echo 64 B, 1 connection', server: 'echo.mjs', client: 'echo.mjs', args: [1, seconds] },
  { id: 'echo-50', group: 'echo', title: 'echo 64 B, 50 connections', server: 'echo.mjs', client: 'echo.mjs', args: [50, seconds] },
]

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  return s.length ? s[s.length >> 1] : null
}

const fmt = (x, digits = 0) =>
  x === null || x === undefined ? '-' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

const chosen = WORKLOADS.filter((w) => selected.length === 0 || selected.some((s) => w.id.startsWith(s) || w.group === s))
if (chosen.length === 0) {
  console.error(`no workload matches ${selected.join(' ')}; known: ${WORKLOADS.map((w) => w.id).join(', ')}`)
  process.exit(2)
}

console.log(`bench: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${reps} rep(s) x ${seconds}s`)
const results = []
for (const workload of chosen) {
  const samples = Object.fromEntries(IMPLS.map((i) => [i.name, []]))
  for (let rep = 0; rep < reps; rep++) {
    // Alternate the order so no implementation always runs first.
    const order = rep % 2 === 0 ? IMPLS : [...IMPLS].reverse()
    for (const impl of order) samples[impl.name].push(await measure(impl, workload))
  }
  const summary = {}
  for (const impl of IMPLS) {
    summary[impl.name] = {
      msgsPerSec: median(samples[impl.name].map((s) => s.msgsPerSec)),
      medianRttUs: median(samples[impl.name].map((s) => s.medianRttUs)),
      serverCpuUsPerMsg: median(samples[impl.name].map((s) => s.serverCpuUsPerMsg)),
    }
  }
  const ours = summary['bun-sockets'].msgsPerSec
  const row = {
    workload: workload.id,
    title: workload.title,
    results: summary,
    oursOverNode: ours / summary['node:net'].msgsPerSec,
    oursOverBun: ours / summary.Bun.msgsPerSec,
  }
  results.push(row)
  console.log(`\n${workload.title}`)
  console.log(`  ${'server'.padEnd(12)} ${'msgs/s'.padStart(10)} ${'RTT µs'.padStart(8)} ${'CPU µs/msg'.padStart(11)}`)
  for (const impl of IMPLS) {
    const r = summary[impl.name]
    console.log(
      `  ${impl.name.padEnd(12)} ${fmt(r.msgsPerSec).padStart(10)} ${fmt(r.medianRttUs, 1).padStart(8)} ${fmt(r.serverCpuUsPerMsg, 2).padStart(11)}`,
    )
  }
  console.log(`  ours/node ${fmt(row.oursOverNode, 2)}x   ours/Bun ${fmt(row.oursOverBun, 2)}x`)
}

const outDir = path.join(here, 'results')
fs.mkdirSync(outDir, { recursive: true })
fs.writeFileSync(
  path.join(outDir, 'latest.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cores: os.cpus().length, reps, seconds, results }, null, 2)}\n`,
)
