// `npm run bench [-- <filter...>] [--quick] [--reps N] [--seconds S]`
//
// Every workload (bench/workloads/*.mjs, one file each) runs for three
// implementations in one run: this package on Node ("ours"), node:net on
// Node ("node") and Bun's own API on real Bun ("bun", the dev dependency).
// Each is measured on both sides: as the server driven by a fixed client,
// and as the client against a fixed server; the fixed peer is real Bun.
// Repetitions alternate the order of the implementations; the table shows
// medians, and "advantage" ratios where >= 1.00x means this package is
// ahead (ours/other for throughput, other/ours for memory).
//
// Results: bench/results/latest.json and bench/results/chart.svg.
// Filters match workload ids ("echo", "bulk/server", ...).

import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { renderChart } from './lib/chart.mjs'
import { benchDir, bunBin, cpuByThread, cpuDelta, runPeer, startPeer } from './lib/procs.mjs'

const argv = process.argv.slice(2)
const quick = argv.includes('--quick')
const option = (name, fallback) => {
  const i = argv.indexOf(name)
  return i >= 0 ? Number(argv[i + 1]) : fallback
}
const filters = argv.filter((a, i) => !a.startsWith('--') && !['--reps', '--seconds'].includes(argv[i - 1]))

const settings = {
  reps: option('--reps', quick ? 1 : 3),
  seconds: option('--seconds', quick ? 2 : 5),
  bulkBytes: quick ? 512 * 2 ** 20 : 2 * 2 ** 30,
  tlsBulkBytes: quick ? 256 * 2 ** 20 : 1 * 2 ** 30,
  idleCount: quick ? 5000 : 10_000,
}
const IMPLS = ['ours', 'node', 'bun']
const LABELS = { ours: 'bun-sockets', node: 'node:net', bun: 'Bun' }

const helpers = {
  ...settings,
  fixed: 'bun',
  startPeer,
  runPeer,
  cpuByThread,
  cpuDelta,
  /** CPU µs per unit of work, per thread group, from a cpuDelta. */
  perUnit(cpu, units) {
    const out = {}
    for (const [name, us] of Object.entries(cpu)) if (us > 0) out[name] = Math.round((us / units) * 100) / 100
    return out
  },
}

async function loadWorkloads() {
  const dir = path.join(benchDir, 'workloads')
  const cases = []
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort()) {
    const mod = await import(path.join(dir, file))
    cases.push(...mod.default)
  }
  return cases.filter((c) => filters.length === 0 || filters.some((f) => c.id.startsWith(f)))
}

const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b)
  return s.length ? s[s.length >> 1] : null
}
const fmt = (x, digits) =>
  x === null || x === undefined ? '-' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
const digitsFor = (unit) => (unit === 'GB/s' ? 2 : unit === 'KiB/conn' ? 1 : 0)

function advantage(c, ours, other) {
  if (!ours || !other) return null
  return c.better === 'higher' ? ours / other : other / ours
}

/** Loopback ceiling for bulk: iperf3's single stream, when installed. */
function iperfReference() {
  if (spawnSync('iperf3', ['--version']).status !== 0) return null
  const port = 5201 + Math.floor(Math.random() * 1000)
  const server = spawnSync('sh', ['-c', `iperf3 -s -1 -p ${port} >/dev/null 2>&1 & sleep 0.5; iperf3 -c 127.0.0.1 -p ${port} -n ${settings.bulkBytes} -J`], {
    encoding: 'utf8',
    timeout: 120_000,
  })
  try {
    return JSON.parse(server.stdout).end.sum_received.bits_per_second / 8 / 1e9
  } catch {
    return null
  }
}

const cases = await loadWorkloads()
if (cases.length === 0) {
  console.error(`bench: no workload matches ${filters.join(' ')}`)
  process.exit(2)
}
const bunVersion = spawnSync(bunBin, ['--version'], { encoding: 'utf8' }).stdout.trim()
const machine = `${os.cpus().length} cores, ${os.cpus()[0]?.model.trim() ?? 'cpu'}`
console.log(`bench: ${machine}; Node ${process.version}, Bun ${bunVersion}; ${settings.reps} rep(s), ${settings.seconds}s per run${quick ? ' (quick)' : ''}`)

const results = []
for (const c of cases) {
  const samples = Object.fromEntries(IMPLS.map((i) => [i, []]))
  for (let rep = 0; rep < settings.reps; rep++) {
    const order = rep % 2 === 0 ? IMPLS : [...IMPLS].reverse()
    for (const impl of order) {
      try {
        samples[impl].push(await c.measure(impl, helpers))
      } catch (err) {
        console.error(`bench: ${c.id} (${impl}) failed: ${err.message}`)
      }
    }
  }
  const summary = {}
  for (const impl of IMPLS) {
    const runs = samples[impl]
    const value = median(runs.map((r) => r.value))
    const pick = runs.find((r) => r.value === value) ?? {}
    summary[impl] = { ...pick, value, runs: runs.map((r) => r.value) }
  }
  const row = {
    id: c.id,
    title: c.title,
    unit: c.unit,
    better: c.better,
    results: summary,
    vsNode: advantage(c, summary.ours.value, summary.node.value),
    vsBun: advantage(c, summary.ours.value, summary.bun.value),
  }
  results.push(row)
  const d = digitsFor(c.unit)
  const cells = IMPLS.map((i) => `${LABELS[i]} ${fmt(summary[i].value, d)}`).join('   ')
  console.log(`${c.title.padEnd(42)} ${c.unit.padEnd(9)} ${cells}   vs node ${fmt(row.vsNode, 2)}x   vs Bun ${fmt(row.vsBun, 2)}x`)
  if (summary.ours.cpuUsPerMsg) console.log(`${''.padEnd(42)} our server CPU µs/msg by thread: ${JSON.stringify(summary.ours.cpuUsPerMsg)}`)
}

let loopback = null
if (cases.some((c) => c.id.startsWith('bulk'))) {
  loopback = iperfReference()
  const ours = results.filter((r) => r.id.startsWith('bulk')).map((r) => r.results.ours.value)
  if (loopback) console.log(`loopback reference (iperf3, one stream): ${fmt(loopback, 2)} GB/s; ours/reference ${ours.map((v) => fmt(v / loopback, 2)).join(', ')}`)
  else console.log('loopback reference: iperf3 not installed (apt-get install iperf3 to compare)')
}

const report = {
  date: new Date().toISOString(),
  machine,
  node: process.version,
  bun: bunVersion,
  settings: { ...settings, quick },
  command: argv.length > 0 ? `npm run bench -- ${argv.join(' ')}` : 'npm run bench',
  loopbackGBps: loopback,
  results,
}
const outDir = path.join(benchDir, 'results')
fs.mkdirSync(outDir, { recursive: true })
fs.writeFileSync(path.join(outDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`)
fs.writeFileSync(path.join(outDir, 'chart.svg'), renderChart(report))
console.log('bench: wrote bench/results/latest.json and bench/results/chart.svg')
