// The package's entry points: CommonJS and ESM give the same API, the
// polyfill installs `globalThis.Bun` only where there is none, and the
// same code runs under Bun's own Node-API.

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, it } from 'node:test'
import * as esm from 'bun-sockets'
import { root, runNode } from './helpers.mjs'

const require = createRequire(import.meta.url)
const bunBin = path.join(root, 'node_modules', '.bin', 'bun')
const bunWorks = spawnSync(bunBin, ['--version']).status === 0

describe('demo', () => {
  it('npm start runs every seed example (TCP, TLS and UDP) to completion under the polyfill', () => {
    const result = spawnSync(process.execPath, [path.join(root, 'demo', 'run.mjs')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 90_000,
    })
    assert.equal(result.status, 0, result.stdout + result.stderr)
    assert.match(result.stdout, /All seed examples ran under Node\./)
    assert.match(result.stdout, /client handshake\(true, null\)/)
    assert.match(result.stdout, /client data\(<14 bytes "hello over TLS">\)/)
    assert.match(result.stdout, /udp data\(<5 bytes "Hello">, 41234, "127\.0\.0\.1"/)
    assert.match(result.stdout, /From 127\.0\.0\.1:\d+: Hi from the stage/)
    assert.match(result.stdout, /stage receiver: "Hello" from 127\.0\.0\.1:\d+/)
    assert.match(result.stdout, /udp\.sendMany\(\["foo","bar","baz"\]\) -> 3/)
    assert.match(result.stdout, /udp\.addMembership\("224\.0\.0\.1"\) -> true/)
  })
})

describe('entry points', () => {
  it('require() and import give the same functions', () => {
    const cjs = require('bun-sockets')
    assert.equal(typeof cjs.listen, 'function')
    assert.equal(typeof cjs.connect, 'function')
    assert.equal(esm.listen, cjs.listen)
    assert.equal(esm.connect, cjs.connect)
    assert.equal(esm.default.listen, cjs.listen)
  })

  it('the fast C library check (the executable header) agrees with Node\'s report', { skip: process.platform !== 'linux' && 'Linux only' }, () => {
    const platform = require(path.join(root, 'js', 'platform.js'))
    const fast = platform.libcFromInterpreter()
    const report = platform.libcFromReport()
    // Null only for a loader name it does not know, and then the report decides.
    if (fast !== null || process.arch === 'x64' || process.arch === 'arm64') assert.equal(fast, report)
    assert.equal(platform.platformTriple(), `linux-${process.arch}-${report}`)
  })

  it('plain TCP does not load the TLS half (node:crypto); the first TLS option does', async () => {
    const source = (tls) => `
      const fs = await import('node:fs')
      const tls = ${tls}
      const l = Bun.listen({ hostname: '127.0.0.1', port: 0, tls, socket: { data(s, d) { s.write(d) } } })
      await Bun.connect({ hostname: '127.0.0.1', port: l.port, tls: tls && { ca: fs.readFileSync('__test__/fixtures/tls/ca.pem'), serverName: 'localhost' }, socket: { open(s) { s.end() }, data() {} } })
      l.stop(true)
      console.log(process.moduleLoadList.some((m) => m === 'NativeModule crypto'))`
    const plain = await runNode(source('undefined'))
    assert.equal(plain.stdout.trim(), 'false', plain.stderr)
    const key = "{ key: fs.readFileSync('__test__/fixtures/tls/server.key'), cert: fs.readFileSync('__test__/fixtures/tls/server.pem') }"
    const withTls = await runNode(source(key))
    assert.equal(withTls.stdout.trim(), 'true', withTls.stderr)
  })

  it('the polyfill defines globalThis.Bun with the socket API (import and require)', async () => {
    for (const [label, source, args] of [
      ['import', "import 'bun-sockets/polyfill'; console.log(typeof Bun.listen, typeof Bun.connect, Object.keys(Bun).join(), `${Bun}`)", []],
      ['require', "require('bun-sockets/polyfill'); console.log(typeof Bun.listen, typeof Bun.connect, Object.keys(Bun).join(), `${Bun}`)", ['--input-type=commonjs']],
    ]) {
      const result = await runNode(source, { polyfill: false, args })
      assert.equal(result.stdout, 'function function listen,connect,udpSocket,file [object Bun]\n', `${label}: ${result.stderr}`)
    }
  })

  it('the polyfill leaves an existing globalThis.Bun alone', async () => {
    const result = await runNode(
      "globalThis.Bun = { mine: true }; await import('bun-sockets/polyfill'); console.log(JSON.stringify(globalThis.Bun))",
      { polyfill: false },
    )
    assert.equal(result.stdout, '{"mine":true}\n', result.stderr)
  })

  it('under real Bun the polyfill does not replace Bun, and the addon itself works', { skip: !bunWorks && 'the bun binary cannot run here' }, () => {
    const script = `
      import 'bun-sockets/polyfill'
      import { listen, connect } from 'bun-sockets'
      console.log('native Bun kept', Bun.listen !== listen)
      const server = listen({ hostname: '127.0.0.1', port: 0, socket: { data: (s, d) => s.write(d) } })
      await new Promise((resolve) => connect({ hostname: '127.0.0.1', port: server.port, socket: {
        open: (s) => s.write('via Bun Node-API'),
        data(s, d) { console.log(String(d)); s.end(); server.stop(true); resolve() },
      } }))
    `
    const result = spawnSync(bunBin, ['-e', script], { cwd: root, encoding: 'utf8', timeout: 15_000 })
    assert.equal(result.stdout, 'native Bun kept true\nvia Bun Node-API\n', result.stderr)
    assert.equal(result.status, 0)
  })
})
