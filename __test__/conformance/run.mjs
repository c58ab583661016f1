// The differential suite: every scenario in ./scenarios runs under real
// Bun and under Node with `--import bun-sockets/polyfill`, and the two
// traces must be identical.
//
// Each scenario also has a `.expected` file: Bun's trace, recorded. When
// the `bun` binary runs here, the live trace must still equal the record
// (so a record cannot silently go stale); when it cannot run, Node is
// compared with the record and the run says so.
//
//   node __test__/conformance/run.mjs [--record] [name-filter...]
//
// --record rewrites the `.expected` files from live Bun.

import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '..', '..')
const scenarioDir = path.join(here, 'scenarios')
const TIMEOUT_MS = 15_000

const args = process.argv.slice(2)
const record = args.includes('--record')
const filters = args.filter((a) => !a.startsWith('--'))

function findBun() {
  const candidates = [process.env.BUN_BINARY, path.join(root, 'node_modules', '.bin', 'bun')].filter(Boolean)
  for (const bin of candidates) {
    const probe = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 10_000 })
    if (probe.status === 0) return { bin, version: probe.stdout.trim() }
  }
  return null
}

function run(cmd, argv, cwd, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...extraEnv } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
  })
}

// A scenario that starts with `// with: full-queue N` runs, under both
// runtimes, with __test__/fixtures/full-queue-shim.rs preloaded: UDP send
// queues that fill after N datagrams (loopback never fills one). The
// library is built with rustc on first use.
const shimSource = path.join(root, '__test__', 'fixtures', 'full-queue-shim.rs')
const shimLibrary = path.join(root, 'target', 'test-fixtures', 'libfull_queue_shim.so')
let shimBuilt

function fullQueueEnv(source) {
  const wanted = /^\/\/ with: full-queue (\d+)$/m.exec(source.split('\n', 1)[0])
  if (!wanted) return {}
  if (shimBuilt === undefined) {
    fs.mkdirSync(path.dirname(shimLibrary), { recursive: true })
    const built = spawnSync('rustc', ['--edition', '2021', '-O', '--crate-type', 'cdylib', '-o', shimLibrary, shimSource], {
      encoding: 'utf8',
    })
    shimBuilt = built.status === 0 ? true : `rustc failed: ${built.error?.message ?? built.stderr}`
  }
  if (shimBuilt !== true) throw new Error(shimBuilt)
  return { LD_PRELOAD: shimLibrary, FULL_QUEUE_ROOM: wanted[1] }
}

/** The comparable result of one run: its trace and how it ended. */
function summary(result) {
  const ending = result.signal ? `killed by ${result.signal}` : `exit ${result.code}`
  return `${result.stdout}-- ${ending}\n`
}

function firstDifference(a, b) {
  const al = a.split('\n')
  const bl = b.split('\n')
  for (let i = 0; i < Math.max(al.length, bl.length); i++) {
    if (al[i] !== bl[i]) return `line ${i + 1}:\n    bun:  ${al[i] ?? '<none>'}\n    node: ${bl[i] ?? '<none>'}`
  }
  return 'identical'
}

async function pool(items, limit, fn) {
  const results = new Array(items.length)
  let next = 0
  async function worker() {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i])
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

// Scenarios are `NN-name.mjs` files in scenarios/ and in its subfolders
// (one level; each folder has its own `_trace.mjs`).
function listScenarios() {
  const found = []
  for (const entry of fs.readdirSync(scenarioDir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      for (const f of fs.readdirSync(path.join(scenarioDir, entry.name))) {
        if (/^\d+-.*\.mjs$/.test(f)) found.push(path.join(entry.name, f))
      }
    } else if (/^\d+-.*\.mjs$/.test(entry.name)) {
      found.push(entry.name)
    }
  }
  return found
}

const scenarios = listScenarios()
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort()

const bun = findBun()
if (!bun) {
  console.log('conformance: the bun binary cannot run on this machine; comparing Node with the recorded Bun traces.')
} else {
  console.log(`conformance: Bun ${bun.version} vs Node ${process.version}, ${scenarios.length} scenarios`)
}
if (record && !bun) {
  console.error('conformance: --record needs a working bun binary')
  process.exit(2)
}

const concurrency = Math.max(1, Math.min(4, os.availableParallelism ? os.availableParallelism() : 2))
const outcomes = await pool(scenarios, concurrency, async (file) => {
  const expectedFile = path.join(scenarioDir, file.replace(/\.mjs$/, '.expected'))
  const recorded = fs.existsSync(expectedFile) ? fs.readFileSync(expectedFile, 'utf8') : null
  const cwd = path.join(scenarioDir, path.dirname(file))
  const script = path.basename(file)
  let extraEnv
  try {
    extraEnv = fullQueueEnv(fs.readFileSync(path.join(scenarioDir, file), 'utf8'))
  } catch (e) {
    return { file, problems: [e.message] }
  }
  const nodeRun = run(process.execPath, ['--import', 'bun-sockets/polyfill', script], cwd, extraEnv)
  const bunRun = bun ? run(bun.bin, [script], cwd, extraEnv) : null
  const node = await nodeRun
  const bunResult = bunRun ? await bunRun : null
  const bunTrace = bunResult ? summary(bunResult) : recorded
  if (record && bunTrace) fs.writeFileSync(expectedFile, bunTrace)
  const problems = []
  if (bunTrace === null) problems.push('no recorded Bun trace (run with --record)')
  else {
    const nodeTrace = summary(node)
    if (nodeTrace !== bunTrace) problems.push(`differs from Bun at ${firstDifference(bunTrace, nodeTrace)}`)
    if (!record && bunResult && recorded !== null && recorded !== bunTrace) {
      problems.push(`recorded trace is stale: ${firstDifference(recorded, bunTrace)}`)
    }
  }
  if (problems.length && node.stderr.trim()) problems.push(`node stderr:\n${node.stderr.trim().split('\n').slice(0, 12).join('\n')}`)
  return { file, problems }
})

let passed = 0
let failed = 0
for (const { file, problems } of outcomes) {
  if (problems.length === 0) {
    passed++
    console.log(`ok   ${file}`)
  } else {
    failed++
    console.log(`FAIL ${file}\n  ${problems.join('\n  ')}`)
  }
}
console.log(`conformance: ${passed} passed, ${failed} failed`)
process.exitCode = failed === 0 && passed > 0 ? 0 : 1
