// The package as users get it: packed (`npm run pack`), installed into a
// fresh project (__test__/integration/consumer, copied to .tmp/), and used
// there by the real tools: the seed's examples, node:test, jest, vitest
// (forks, threads, vmThreads) and tsc with and without @types/bun. The
// runners and tsc come from this checkout's devDependencies (the project
// sits below it, so Node finds them); bun-sockets comes only from the
// installed tarballs.

import assert from 'node:assert/strict'
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import { root } from './helpers.mjs'

const work = path.join(root, '.tmp', 'integration')
const project = path.join(work, 'consumer')
const bin = (...parts) => path.join(root, 'node_modules', ...parts)
const TIMEOUT_MS = 120_000
const bunBin = path.join(root, 'node_modules', '.bin', 'bun')
const bunWorks = spawnSync(bunBin, ['--version']).status === 0

/** Runs a command; resolves with {code, signal, output} (stdout + stderr). */
function run(command, args, { cwd = project, env = {} } = {}) {
  return new Promise((resolve) => {
    // Without the outer node:test's context variable: an inner `node --test`
    // would otherwise report to this runner instead of printing.
    const { NODE_TEST_CONTEXT, ...inherited } = process.env
    const child = spawn(command, args, { cwd, env: { ...inherited, CI: '1', NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      // eslint-disable-next-line no-control-regex
      resolve({ code, signal, output: output.replace(/\x1b\[[0-9;]*m/g, '') })
    })
  })
}

const node = (args, options) => run(process.execPath, args, options)

let tarballs
before(() => {
  fs.rmSync(work, { recursive: true, force: true })
  fs.mkdirSync(work, { recursive: true })
  tarballs = JSON.parse(execFileSync(process.execPath, [path.join(root, 'scripts', 'pack.mjs'), path.join(work, 'dist')], { encoding: 'utf8' }))
  fs.cpSync(path.join(root, '__test__', 'integration', 'consumer'), project, { recursive: true })
  fs.mkdirSync(path.join(project, 'certs'))
  for (const name of ['server.key', 'server.pem', 'ca.pem']) {
    fs.copyFileSync(path.join(root, '__test__', 'fixtures', 'tls', name), path.join(project, 'certs', name))
  }
  // The seed's snippets for tsc: each a module of its own, with what it
  // assumes in scope declared first.
  const scope = JSON.parse(fs.readFileSync(path.join(project, 'types', 'seed-scope.json'), 'utf8'))
  fs.mkdirSync(path.join(project, 'types', 'seed'))
  for (const file of fs.readdirSync(path.join(root, 'demo', 'seed'))) {
    const name = file.replace(/\.ts$/, '')
    const prelude = scope[name] ? `${scope[name]}\n` : ''
    const text = fs.readFileSync(path.join(root, 'demo', 'seed', file), 'utf8')
    fs.writeFileSync(path.join(project, 'types', 'seed', `${name}.mts`), prelude + text)
  }
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', tarballs.main, tarballs.platform], {
    cwd: project,
    stdio: 'pipe',
  })
})

describe('the packed package', () => {
  it('holds the runtime, the types, the license and the sources for a fallback build, nothing else', () => {
    const files = execFileSync('tar', ['tzf', tarballs.main], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ''))
    for (const needed of ['package.json', 'README.md', 'LICENSE', 'index.d.ts', 'polyfill.d.ts', 'untyped.d.ts', 'js/index.js', 'js/index.mjs', 'js/polyfill.mjs', 'scripts/install.js', 'Cargo.toml', 'Cargo.lock', 'src/lib.rs']) {
      assert.ok(files.includes(needed), `${needed} is missing from the tarball`)
    }
    const stray = files.filter((f) => /^(__test__|bench|demo|docs|native|target|npm|\.)/.test(f) || f.endsWith('.node'))
    assert.deepEqual(stray, [])
    assert.ok(fs.statSync(tarballs.main).size < 256 * 1024, 'the main tarball stays small')
  })

  it('installs from the prebuilt platform package, without building', async () => {
    const installed = path.join(project, 'node_modules', 'bun-sockets')
    assert.equal(fs.existsSync(path.join(installed, 'native')), false, 'no local build')
    const result = await node([
      '-e',
      "const b = require('bun-sockets'); console.log(typeof b.listen, require.resolve('bun-sockets-linux-x64-gnu').endsWith('.node'))",
    ])
    assert.equal(result.output, 'function true\n')
  })

  it("runs the seed's examples (npm start's demo) from the installed package", async () => {
    const result = await node([path.join(root, 'demo', 'run.mjs'), '--from', project])
    assert.equal(result.code, 0, result.output)
    assert.match(result.output, /All seed examples ran under Node\./)
  })

  it('a missing binary is a clear error that says how to build one', async () => {
    const result = await node(['-e', "require('bun-sockets')"], { env: { BUN_SOCKETS_NATIVE: '/nonexistent/bun-sockets.node' } })
    // An explicit path that does not exist is skipped, and the prebuilt loads.
    assert.equal(result.code, 0, result.output)
    const hidden = path.join(project, 'node_modules', 'bun-sockets-linux-x64-gnu')
    fs.renameSync(hidden, `${hidden}.away`)
    try {
      const missing = await node(['-e', "try { require('bun-sockets') } catch (e) { console.log(e.code); console.log(e.message) }"])
      assert.match(missing.output, /^ERR_BUN_SOCKETS_NO_BINARY\n/)
      assert.match(missing.output, /npm rebuild bun-sockets/)
    } finally {
      fs.renameSync(`${hidden}.away`, hidden)
    }
  })
})

describe('test runners', () => {
  it('node:test with --import bun-sockets/polyfill', async () => {
    const result = await node(['--import', 'bun-sockets/polyfill', '--test', 'node-test/sockets.spec.mjs'])
    assert.equal(result.code, 0, result.output)
    assert.match(result.output, /# pass 7\n/)
    assert.match(result.output, /# fail 0\n/)
  })

  it('jest (setupFiles), in workers and in band, exits by itself', async () => {
    for (const mode of ['--maxWorkers=2', '--runInBand']) {
      const result = await node([bin('jest', 'bin', 'jest.js'), mode, '--no-cache'])
      assert.equal(result.code, 0, `${mode}: ${result.output}`)
      assert.match(result.output, /Tests: +8 passed, 8 total/, mode)
      assert.doesNotMatch(result.output, /did not exit/, mode)
    }
  })

  it('jest --detectOpenHandles: nothing reported when tests close their servers, a left-open listener reported', async () => {
    const clean = await node([bin('jest', 'bin', 'jest.js'), '--detectOpenHandles', '--no-cache'])
    assert.equal(clean.code, 0, clean.output)
    assert.doesNotMatch(clean.output, /open handle/)
    const leaky = await node([bin('jest', 'bin', 'jest.js'), '--config', 'jest.leak.config.cjs', '--detectOpenHandles', '--forceExit', '--no-cache'])
    assert.equal(leaky.code, 0, leaky.output)
    assert.match(leaky.output, /detected the following 1 open handle/)
    assert.match(leaky.output, /bun-sockets/)
  })

  for (const pool of ['forks', 'threads', 'vmThreads']) {
    it(`vitest --pool=${pool} (setupFiles)`, async () => {
      const result = await node([bin('vitest', 'vitest.mjs'), 'run', `--pool=${pool}`])
      assert.equal(result.code, 0, result.output)
      assert.match(result.output, /Tests +8 passed \(8\)/)
    })
  }
})

describe('inside Bun (Node-API)', () => {
  it('the runners’ scenarios pass against the package’s exports under real Bun', { skip: !bunWorks && 'the bun binary cannot run here' }, async () => {
    const result = await run(bunBin, ['bun-core.mjs'])
    assert.equal(result.code, 0, result.output)
    const got = JSON.parse(result.output)
    assert.equal(got.tcpEcho, 'ping over TCP')
    assert.deepEqual(got.typedArrayEcho, [0, 1, 2, 253, 254, 255])
    assert.equal(got.unixEcho, 'ping over a Unix socket')
    assert.deepEqual(got.refused, { name: 'Error', code: 'ECONNREFUSED', syscall: 'connect' })
    assert.deepEqual(got.tlsEcho, { text: 'ping over TLS', authorized: true, protocol: 'TLSv1.3' })
    assert.equal(got.udpRoundTrip.text, 'ping over UDP')
    assert.equal(got.udpRoundTrip.fromSender, true)
  })
})

describe('types', () => {
  // The seed's own mistakes, which any faithful typing rejects, Bun's too:
  // `socket.ref() / socket.unref()` divides two voids (TS2362, TS2363), and
  // the TLS server has no `hostname`, which Bun requires (it throws
  // 'Expected either "hostname" or "unix"'; the demo's stage supplies one).
  const seedOwnErrors = [
    'types/seed/06-socket-methods.mts(7,1): error TS2362',
    'types/seed/06-socket-methods.mts(7,16): error TS2363',
    'types/seed/07-tls.mts(2,5): error TS2769: No overload matches this call.',
  ]
  const diagnostics = (output) =>
    output
      .split('\n')
      .filter((line) => line.includes('error TS'))
      .map((line) => line.replace(/: The (left|right)-hand side.*$/, ''))

  it('tsc: typed usage and the seed examples, without @types/bun', async () => {
    const result = await node([bin('typescript', 'bin', 'tsc'), '-p', 'types/tsconfig.json'])
    assert.deepEqual(diagnostics(result.output), seedOwnErrors, result.output)
  })

  it('tsc: a project with @types/bun compiles; the seed checks the same against Bun’s own types', async () => {
    const result = await node([bin('typescript', 'bin', 'tsc'), '-p', 'types/tsconfig.bun-types.json'])
    assert.deepEqual(diagnostics(result.output), seedOwnErrors, result.output)
  })
})
